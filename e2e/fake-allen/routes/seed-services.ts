// The two connectivity services around a seed point (allen-api.md §1.3c), answered from the fake
// world's own grids and metadata:
// - service::mouse_connectivity_target_spatial[seed_point$eqx,y,z]: experiments whose projection
//   density at the seed's 100 µm voxel (⌊µm / 100⌋ per axis) is ≥ 0.1 (no-data voxels never
//   match), densest first; each row is the injection-structure service's row plus `density` (that
//   voxel's value, as the served grid has it) and `path`: a straight line of points every ≤ 100 µm
//   from the seed to the injection coordinate (Allen traces the densest pixels; the fake does not).
// - service::mouse_connectivity_injection_coordinate[seed_point$eqx,y,z]: every experiment that
//   passes the filters, nearest first, with `distance` = Euclidean µm between its
//   injection-coordinates and the seed.
// Shared with the injection-structure service: hyphenated rows, msg {} when nothing matches,
// num_rows ignored, rma::options rejected, unknown parameters → success:false; filters
// injection_structures (+ descendants), primary_structure_only, transgenic_lines, product_ids.
import { densityAtVoxel, voxelIndexOf } from '../grids/voxel-density.ts';
import type { RmaFilter } from '../rma/parser.ts';
import type { Vec3 } from '../world/geometry.ts';
import type { World } from '../world/world.ts';
import { QueryError } from './envelope.ts';
import type { Envelope } from './envelope.ts';
import { matchingExperiments, serviceRow } from './service.ts';

export const SPATIAL_SERVICE_NAME = 'mouse_connectivity_target_spatial';
export const COORDINATE_SERVICE_NAME = 'mouse_connectivity_injection_coordinate';
/** Allen's Spatial Search threshold. */
export const SPATIAL_MIN_DENSITY = 0.1;

const SHARED_PARAMS = ['seed_point', 'transgenic_lines', 'injection_structures', 'primary_structure_only', 'product_ids', 'start_row', 'num_rows'];
const KNOWN: Readonly<Record<string, ReadonlySet<string>>> = {
  [SPATIAL_SERVICE_NAME]: new Set([...SHARED_PARAMS, 'section_data_set', 'section_data_sets']),
  [COORDINATE_SERVICE_NAME]: new Set([...SHARED_PARAMS, 'injection_distance_threshold']),
};

function seedOf(service: string, filters: readonly RmaFilter[]): Vec3 {
  const values = filters.find((f) => f.field === 'seed_point')?.values ?? [];
  const nums = values.map((v) => Number(v));
  if (nums.length !== 3 || nums.some((n) => !Number.isFinite(n) || values.some((v) => v.trim() === ''))) {
    throw new QueryError(`service::${service}, seed_point must be three numbers (CCF µm), got '${values.join(',')}'`);
  }
  return [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
}

function checkParams(service: string, filters: readonly RmaFilter[]): void {
  const known = KNOWN[service];
  for (const f of filters) {
    if (!known?.has(f.field)) throw new QueryError(`service::${service}, unknown parameter '${f.field}'`);
  }
}

function envelopeOf(rows: readonly Record<string, unknown>[]): Envelope {
  if (rows.length === 0) return { success: true, id: 0, start_row: 0, num_rows: 0, total_rows: 0, msg: {} };
  return { success: true, id: 0, start_row: 0, num_rows: rows.length, total_rows: rows.length, msg: rows };
}

function matched(world: World, filters: readonly RmaFilter[]) {
  const param = (name: string): readonly string[] | undefined => filters.find((f) => f.field === name)?.values;
  let list = matchingExperiments(world, filters, param('injection_structures') ?? ['997']);
  const ids = param('section_data_set') ?? param('section_data_sets');
  if (ids) list = list.filter((e) => ids.includes(String(e.id)));
  return list;
}

/** Points every ≤ 100 µm from the seed to the injection coordinate, both ends included (whole µm). */
export function straightPath(from: Vec3, to: Vec3): Array<{ coord: [number, number, number] }> {
  const steps = Math.max(1, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1], to[2] - from[2]) / 100));
  return Array.from({ length: steps + 1 }, (_, s) => ({
    coord: [0, 1, 2].map((a) => Math.round((from[a] ?? 0) + (((to[a] ?? 0) - (from[a] ?? 0)) * s) / steps)) as [number, number, number],
  }));
}

export function answerSpatial(world: World, filters: readonly RmaFilter[]): Envelope {
  checkParams(SPATIAL_SERVICE_NAME, filters);
  const seed = seedOf(SPATIAL_SERVICE_NAME, filters);
  const index = voxelIndexOf(seed);
  if (index === null) return envelopeOf([]);
  const hits = matched(world, filters)
    .map((exp) => ({ exp, density: densityAtVoxel(world, exp, index) }))
    .filter((h) => h.density >= SPATIAL_MIN_DENSITY)
    .sort((a, b) => b.density - a.density || a.exp.id - b.exp.id);
  return envelopeOf(hits.map(({ exp, density }) => ({ ...serviceRow(world, exp), density, path: straightPath(seed, exp.coordUm) })));
}

export function answerCoordinate(world: World, filters: readonly RmaFilter[]): Envelope {
  checkParams(COORDINATE_SERVICE_NAME, filters);
  const seed = seedOf(COORDINATE_SERVICE_NAME, filters);
  const hits = matched(world, filters)
    .map((exp) => ({ exp, distance: Math.hypot(exp.coordUm[0] - seed[0], exp.coordUm[1] - seed[1], exp.coordUm[2] - seed[2]) }))
    .sort((a, b) => a.distance - b.distance || a.exp.id - b.exp.id);
  return envelopeOf(hits.map(({ exp, distance }) => ({ ...serviceRow(world, exp), distance })));
}
