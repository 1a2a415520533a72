// CSV documents of the target, spatial and injection-coordinate searches: the provenance block
// (render/csv-document.ts: app, data release, link, every parameter, the definitions), then one
// row per experiment in the search's ranking.
import type { CoordinateSearchResult, Product, SpatialHit, TargetSearchResult } from '../../allen/index.ts';
import type { Experiment } from '../../allen/types.ts';
import { queryParameters, type QueryDescription } from '../../components/csv-parameters.ts';
import type { CachedDensityResult } from '../../protocol/data-contract.ts';
import { csvDocument } from '../../render/csv-document.ts';
import type { CcfPoint } from '../../state/search-params.ts';
import { COORD_NOTE, EXPERIMENT_COLUMNS, TAIL_COLUMNS, experimentCells, tailCells } from './experiment-cells.ts';

/** Line and products (the filters the seed searches honour); no regions, no primary-only. */
function filterLines(q: QueryDescription): Array<[string, string]> {
  return queryParameters({ ...q, regions: undefined }).filter(([k]) => k !== 'primary injection structure only');
}

export interface TargetCsvInput {
  readonly result: TargetSearchResult;
  /** Targets as searched (top level), with the number of structures each expands to. */
  readonly targets: ReadonlyArray<{ readonly acronym: string; readonly structures: number }>;
  readonly query: QueryDescription & { readonly regions: readonly string[] };
  readonly products: readonly Product[] | undefined;
  readonly url: string;
}

export function targetSearchCsv({ result, targets, query, products, url }: TargetCsvInput): string {
  return csvDocument({
    view: 'Target search: experiments with projection signal in the targets, largest volume first',
    url,
    parameters: [
      ['targets', targets.map((t) => `${t.acronym} (${t.structures} structures with its descendants)`).join('; ')],
      [
        'sources (bsv target_regions + regions)',
        query.regions.length > 0 ? `only experiments injected in ${query.regions.join(' ')} (each with its descendants)` : 'every injection',
      ],
      ...queryParameters({ ...query, regions: undefined }),
      [
        'answered by',
        result.source === 'service'
          ? 'service::mouse_connectivity_injection_structure with target_domain'
          : `model::ProjectionStructureUnionize (is_injection = false, hemisphere 3, projection_volume > 0) summed over the targets, joined with model::ApiConnectivity; the service failed: ${result.fallbackReason ?? ''}`,
      ],
    ],
    notes: [
      "projection_volume_in_target_mm3: Allen's `sum`, the projection signal volume in the targets (each with its descendants; a target inside another is counted once), outside the injection site, both hemispheres (= ProjectionStructureUnionize projection_volume, is_injection = false, hemisphere 3). Experiments with none are not listed.",
      "target_voxels: Allen's `num-voxels` as the service reports it (empty when it does not); the ProjectionStructureUnionize fallback gives its `volume` ÷ 0.001 mm³ (100 µm voxels).",
      COORD_NOTE,
    ],
    table: {
      columns: ['rank', ...EXPERIMENT_COLUMNS, 'projection_volume_in_target_mm3', 'target_voxels', ...TAIL_COLUMNS],
      rows: result.hits.map((h, i) => [i + 1, ...experimentCells(h.experiment, products), h.sumMm3, h.numVoxels ?? '', ...tailCells(h.experiment)]),
    },
  });
}

export interface SpatialRow {
  readonly experiment: Experiment;
  /** The service's row, or null when it did not list the experiment (or failed). */
  readonly service: SpatialHit | null;
  /** Density at the voxel in the cached grid; null when the grid is not cached. */
  readonly cached: number | null;
}

export interface SpatialCsvInput {
  readonly rows: readonly SpatialRow[];
  readonly seedUm: CcfPoint;
  readonly serviceState: 'answered' | string;
  readonly cache: CachedDensityResult | undefined;
  readonly query: QueryDescription;
  readonly products: readonly Product[] | undefined;
  readonly url: string;
}

const voxelRange = (um: number): string => `${Math.floor(um / 100) * 100}–${Math.floor(um / 100) * 100 + 100}`;

export function spatialSearchCsv({ rows, seedUm, serviceState, cache, query, products, url }: SpatialCsvInput): string {
  return csvDocument({
    view: "Spatial search: experiments with projection density ≥ 0.1 at a voxel (Allen's service and the grids cached in this browser)",
    url,
    parameters: [
      ['seed point (CCF µm AP, DV, ML)', seedUm.join(', ')],
      ['voxel (100 µm)', `AP ${voxelRange(seedUm[0])}, DV ${voxelRange(seedUm[1])}, ML ${voxelRange(seedUm[2])} µm`],
      ['threshold', "projection density ≥ 0.1 (Allen's Spatial Search)"],
      ...filterLines(query),
      [
        'Allen service',
        serviceState === 'answered'
          ? 'service::mouse_connectivity_target_spatial answered'
          : `service::mouse_connectivity_target_spatial failed: ${serviceState}`,
      ],
      [
        'cached grids',
        cache ? `${cache.cachedCount} density grids cached in this browser${cache.unreadable > 0 ? `, ${cache.unreadable} unreadable` : ''}` : 'not read',
      ],
    ],
    notes: [
      'listed_by_allen: the service listed the experiment; density_at_seed_allen: the density it reports (empty when it reports none).',
      'density_at_seed_cached_grid: the 100 µm projection_density grid cached in this browser at the voxel ⌊µm / 100⌋ (empty = not cached; −1 = no data there). Cached experiments are listed when it is ≥ 0.1.',
      "path_points: points of the service's path from the seed to the injection site.",
      COORD_NOTE,
    ],
    table: {
      columns: ['rank', ...EXPERIMENT_COLUMNS, 'listed_by_allen', 'density_at_seed_allen', 'density_at_seed_cached_grid', 'path_points', ...TAIL_COLUMNS],
      rows: rows.map((r, i) => [
        i + 1,
        ...experimentCells(r.experiment, products),
        r.service ? 'yes' : 'no',
        r.service?.densityAtSeed ?? '',
        r.cached ?? '',
        r.service ? r.service.pathPoints : '',
        ...tailCells(r.experiment),
      ]),
    },
  });
}

export interface CoordinateCsvInput {
  readonly result: CoordinateSearchResult;
  readonly seedUm: CcfPoint;
  readonly maxDistanceUm: number;
  readonly query: QueryDescription;
  readonly products: readonly Product[] | undefined;
  readonly url: string;
}

export function coordinateSearchCsv({ result, seedUm, maxDistanceUm, query, products, url }: CoordinateCsvInput): string {
  const near = result.hits.filter((h) => h.distanceUm <= maxDistanceUm);
  return csvDocument({
    view: 'Injection coordinate search: experiments injected near a point, nearest first',
    url,
    parameters: [
      ['seed point (CCF µm AP, DV, ML)', seedUm.join(', ')],
      ['within', `${maxDistanceUm} µm (${near.length} of the ${result.hits.length} ranked experiments)`],
      ...filterLines(query),
      [
        'answered by',
        result.source === 'service'
          ? 'service::mouse_connectivity_injection_coordinate'
          : result.source === 'cached-list'
            ? `model::ApiConnectivity injection_x, injection_y, injection_z, from the copy cached in this browser (${result.fallbackReason ?? ''})`
            : `model::ApiConnectivity injection_x, injection_y, injection_z (the service failed: ${result.fallbackReason ?? ''})`,
      ],
    ],
    notes: [
      "distance_um: Euclidean distance in CCF µm between the injection coordinate and the seed point (the service's `distance`, or computed from the experiment list).",
      COORD_NOTE,
    ],
    table: {
      columns: ['rank', ...EXPERIMENT_COLUMNS, 'distance_um', ...TAIL_COLUMNS],
      rows: near.map((h, i) => [i + 1, ...experimentCells(h.experiment, products), h.distanceUm, ...tailCells(h.experiment)]),
    },
  });
}
