// Domain types the Allen client returns. Units are in the names: µm are CCF µm
// (x = AP posterior+, y = DV ventral+, z = ML right+), volumes are mm³.

export interface Structure {
  readonly id: number;
  readonly acronym: string;
  readonly name: string;
  /** '#rrggbb' */
  readonly color: string;
  readonly parentId: number | null;
  readonly graphOrder: number;
  readonly depth: number;
  readonly childIds: readonly number[];
}

/** Mouse line filter: every experiment, wild type only, or one named Cre line. */
export type MouseLineFilter = { kind: 'all' } | { kind: 'wild-type' } | { kind: 'line'; name: string };

export interface ExperimentQuery {
  /** Injection region ids; each includes its descendants. */
  readonly regionIds: readonly number[];
  readonly line: MouseLineFilter;
  /** Only experiments whose primary injection structure is inside the regions. */
  readonly primaryOnly: boolean;
  /** Allen product ids to keep; [] or absent = every product (bsv's default: no product filter). */
  readonly productIds?: readonly number[];
}

export interface Experiment {
  readonly id: number;
  /** Primary injection structure (trust this, not the first of injectionStructureIds). */
  readonly structureId: number;
  readonly structureAcronym: string;
  readonly structureName: string;
  readonly injectionStructureIds: readonly number[];
  /** null for wild type. */
  readonly transgenicLine: string | null;
  readonly injectionVolumeMm3: number;
  /** CCF µm [AP, DV, ML]. */
  readonly injectionCoordUm: readonly [number, number, number];
  readonly productId: number | null;
  readonly gender: string | null;
  readonly strain: string | null;
  readonly specimenName: string | null;
}

export interface ExperimentSearchResult {
  readonly experiments: readonly Experiment[];
  /**
   * Which route answered: the flaky service, the ApiConnectivity fallback, or (offline) the
   * experiment list already held (cached in this browser), filtered without asking Allen.
   */
  readonly source: 'service' | 'api-connectivity' | 'cached-list';
  /** Why the fallback was used, when it was. */
  readonly fallbackReason: string | null;
}

export interface UpstreamSource {
  readonly structureId: number;
  readonly acronym: string;
  readonly name: string;
  /** Experiments injected (primary) in this source with projection_volume > min in the target. */
  readonly experimentIds: readonly number[];
  /** Sum over those experiments of projection_volume in the target (mm³). */
  readonly summedVolumeMm3: number;
}

export interface InjectionSummary {
  readonly experimentId: number;
  /** projection_volume of structure 997, hemisphere 3, is_injection=true (mm³). */
  readonly injectionVolumeMm3: number;
  /** Per structure and hemisphere, is_injection=true rows. */
  readonly rows: readonly InjectionRow[];
}

export interface InjectionRow {
  readonly structureId: number;
  /** 1 = left, 2 = right, 3 = both. */
  readonly hemisphereId: 1 | 2 | 3;
  readonly projectionVolumeMm3: number;
  readonly projectionDensity: number;
  readonly maxVoxelUm: readonly [number, number, number];
}

/** Raw bytes of a density grid as downloaded, before decoding (decode runs in a worker). */
export interface DensityDownload {
  readonly experimentId: number;
  readonly format: 'nrrd' | 'zip';
  readonly bytes: ArrayBuffer;
  readonly url: string;
}

export interface FilterLists {
  /** Distinct transgenic line names, sorted. */
  readonly lines: readonly string[];
  /** Distinct primary injection structure ids with experiment counts. */
  readonly injectedStructures: ReadonlyArray<{ readonly structureId: number; readonly count: number }>;
  /** Distinct product ids with experiment counts, ascending id. */
  readonly products: ReadonlyArray<{ readonly productId: number; readonly count: number }>;
}
