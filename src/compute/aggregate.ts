// bsv `fetch_connectivity_data` volume pass as a streaming session: plan groups from metadata
// (aggregate-plan.ts), then add each experiment's raw density grid as it arrives; finish() gives
// per-group mean volumes (bsv combined_projection, one Float32Array per group instead of a 4-D
// array) plus who was excluded and why. Inputs: Allen grids, AP fastest, −1 = no data.
//
// Fixes vs bsv (DESIGN.md §4):
// * means divide by the per-voxel count of experiments with data there (failed downloads and −1
//   voxels leave the denominator); a voxel with no valid value in a group is NaN in the output;
// * normalisation divides by injection volume (mm³); 0/missing volume → excluded, never ÷ 0;
// * the injected hemisphere comes from the injection coordinate: ML < MIDLINE_UM (5700 µm) = left.
//
// Hemisphere subtraction, bsv's definition (fetch_connectivity_data): for an experiment injected
// on side S, every voxel in the S half holds D[v] − D[mirror(v)] (ipsilateral minus mirrored
// contralateral, negative values kept; no data where either side has none) and every voxel of the
// other half holds 0, a valid value that counts in the group's denominator (bsv zeroes that half);
// mirror(ml) = nz − 1 − ml. So a group mean in one half averages ipsi − contra of the experiments
// injected on that side with 0 for those injected on the other side, as in bsv.
import { type Accumulator, type AccumulatorBackendChoice, createAccumulator } from './aggregate-accumulator';
import {
  type AggregateExperiment,
  type AggregateParams,
  type AggregatePlan,
  type Exclusion,
  type GroupInfo,
  type GroupingAxis,
  type IsInside,
  planAggregate,
} from './aggregate-plan';
import { type GridShape, MIDLINE_UM, NO_DATA, voxelCount } from './grid';
import { processGrid } from './grid-processing';

export * from './aggregate-plan';

/**
 * bsv hemisphere subtraction for one volume (layout described above). Output no data = NaN (only
 * in the injected half). `side` is the injected hemisphere.
 */
export function subtractOtherHemisphere(volume: Float32Array, shape: GridShape, side: 'left' | 'right', noData = NO_DATA): Float32Array {
  return processGrid(volume, shape, { divisor: 1, subtract: side, sentinel: noData });
}

export function injectedSide(e: AggregateExperiment): 'left' | 'right' {
  const ml = e.injectionCoordUm?.[2];
  if (ml === undefined || !Number.isFinite(ml)) throw new RangeError(`experiment ${e.id} has no injection coordinate`);
  return ml < MIDLINE_UM ? 'left' : 'right';
}

export interface AggregateGroupResult extends GroupInfo {
  /** Experiments whose volume was added to this group. */
  readonly usedExperimentIds: readonly number[];
}

export interface AggregateResult {
  readonly shape: GridShape;
  /** Per group mean volume (bsv combined_projection[..., g]); NaN = no data. */
  readonly combinedProjection: Float32Array[];
  /** Per group, number of experiments with data per voxel. */
  readonly validCounts: Int32Array[];
  readonly groups: readonly AggregateGroupResult[];
  readonly groupingAxis: GroupingAxis | null;
  /** Planned experiments left out, with the reason (metadata, failed download, bad volume). */
  readonly excluded: readonly Exclusion[];
  readonly params: AggregateParams;
  readonly backend: 'simd' | 'scalar';
}

export type AddOutcome = { readonly accepted: true } | { readonly accepted: false; readonly reason: string };

export interface AggregateSession {
  readonly plan: AggregatePlan;
  /** Add one experiment's raw density grid. The session may keep a reference until finish(). */
  add(experimentId: number, volume: Float32Array): AddOutcome;
  /**
   * With residentInputs: where to decode the next volume (WebAssembly memory) before add()ing
   * that view, which then costs no copy; null otherwise. Valid until the next add().
   */
  inputSlot(): Float32Array | null;
  /** Record that an experiment's volume could not be obtained. */
  markFailed(experimentId: number, reason: string): void;
  finish(): AggregateResult;
  /** The result if finished now (new arrays); adding can go on. Failures are not listed. */
  peek(): AggregateResult;
}

export interface SessionOptions {
  readonly isInside?: IsInside;
  readonly backend?: AccumulatorBackendChoice;
  readonly batchSize?: number;
  /** See AccumulatorOptions.residentInputs (SIMD only; ignored by the scalar backend). */
  readonly residentInputs?: boolean;
  /** See AccumulatorOptions.keepValidCounts (default true). */
  readonly keepValidCounts?: boolean;
  /** A plan made already for these experiments and params (planning runs once); default: plan here. */
  readonly plan?: AggregatePlan;
}

export function createAggregateSession(
  shape: GridShape,
  experiments: readonly AggregateExperiment[],
  params: AggregateParams,
  options: SessionOptions = {},
): AggregateSession {
  const plan = options.plan ?? planAggregate(experiments, params, options.isInside);
  const byId = new Map(experiments.map((e) => [e.id, e]));
  const nGroups = Math.max(1, plan.groups.length);
  const acc: Accumulator = createAccumulator(shape, nGroups, {
    backend: options.backend ?? 'auto',
    batchSize: options.batchSize ?? 8,
    residentInputs: options.residentInputs ?? false,
    keepValidCounts: options.keepValidCounts ?? true,
  });
  const used = plan.groups.map(() => [] as number[]);
  const done = new Set<number>();
  const failed = new Map<number, string>();
  const n = voxelCount(shape);

  return {
    plan,
    add(id, volume) {
      const groups = plan.groupsOf.get(id);
      const meta = byId.get(id);
      if (groups === undefined || meta === undefined) {
        const why = plan.excluded.find((x) => x.experimentId === id)?.reason ?? 'not part of this aggregate';
        return { accepted: false, reason: why };
      }
      if (done.has(id)) return { accepted: false, reason: 'volume already added' };
      if (volume.length !== n) {
        failed.set(id, `volume has ${volume.length} voxels, expected ${n}`);
        return { accepted: false, reason: failed.get(id) ?? '' };
      }
      done.add(id);
      failed.delete(id);
      const divisor = params.normalizationMethod === 'none' ? 1 : (meta.injectionVolumeMm3 ?? 1);
      const subtract = params.subtractOtherHemisphere ? injectedSide(meta) : null;
      for (const g of groups) {
        acc.add(g, volume, { divisor, sentinel: NO_DATA, subtract });
        used[g]?.push(id);
      }
      return { accepted: true };
    },
    inputSlot: () => acc.inputSlot(),
    markFailed(id, reason) {
      if (!done.has(id)) failed.set(id, reason);
    },
    peek() {
      const r = acc.peek();
      return {
        shape,
        combinedProjection: r.means.slice(0, plan.groups.length),
        validCounts: r.validCounts.slice(0, plan.groups.length),
        groups: plan.groups.map((g, i) => ({ ...g, usedExperimentIds: [...(used[i] ?? [])] })),
        groupingAxis: plan.groupingAxis,
        excluded: plan.excluded,
        params,
        backend: r.backend,
      };
    },
    finish() {
      const r = acc.finish();
      const excluded: Exclusion[] = [...plan.excluded];
      for (const id of plan.groupsOf.keys()) {
        if (done.has(id)) continue;
        excluded.push({ experimentId: id, reason: failed.get(id) ?? 'no volume received (download failed or not requested)' });
      }
      return {
        shape,
        combinedProjection: r.means.slice(0, plan.groups.length),
        validCounts: r.validCounts.slice(0, plan.groups.length),
        groups: plan.groups.map((g, i) => ({ ...g, usedExperimentIds: used[i] ?? [] })),
        groupingAxis: plan.groupingAxis,
        excluded,
        params,
        backend: r.backend,
      };
    },
  };
}
