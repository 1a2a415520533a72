// ProjectionStructureUnionize rows (allen-api.md §1.4) from the leaf statistics. Values of a
// structure are unions over its descendants; hemisphere 3 is the union of 1 and 2.
// Synthetic definitions: a 100 µm voxel is 1000 "pixels" and 0.001 mm³; volume counts valid voxels;
// projection_volume = Σ density × 0.001 mm³; projection_density = Σ density / valid voxels;
// intensity of a projecting pixel = 400 + 3600 × density, background pixels 100.
// The noInjectionRecord quirk experiment (quirks/quirks.ts) has no is_injection=true rows at all.
import { quirksOf } from '../quirks/quirks.ts';
import type { FakeExperiment } from '../world/experiments.ts';
import { GRID, VOXEL_MM3 } from '../world/world.ts';
import type { World } from '../world/world.ts';
import { experimentStats } from './leaf-stats.ts';

export type Hemisphere = 1 | 2 | 3;

export interface PsuRow {
  id: number;
  section_data_set_id: number;
  structure_id: number;
  hemisphere_id: Hemisphere;
  is_injection: boolean;
  sum_pixels: number;
  sum_projection_pixels: number;
  sum_pixel_intensity: number;
  sum_projection_pixel_intensity: number;
  projection_density: number;
  projection_intensity: number;
  projection_energy: number;
  volume: number;
  projection_volume: number;
  normalized_projection_volume: number;
  max_voxel_density: number;
  max_voxel_x: number;
  max_voxel_y: number;
  max_voxel_z: number;
  structure?: Record<string, unknown>;
}

export interface PsuSelection {
  /** null = every experiment. */
  readonly experimentIds: readonly number[] | null;
  /** null = every structure with voxels. */
  readonly structureIds: readonly number[] | null;
  readonly hemispheres: readonly Hemisphere[];
  readonly injection: readonly boolean[];
}

interface Agg {
  touched: number;
  sum: number;
  sumSq: number;
  nonzero: number;
  noData: number;
  max: number;
  maxIndex: number;
}

const emptyAgg = (): Agg => ({ touched: 0, sum: 0, sumSq: 0, nonzero: 0, noData: 0, max: 0, maxIndex: -1 });

/** Aggregates of one experiment: key = structure * 4 + (hemisphere - 1) * 2 + is_injection. */
function aggregate(world: World, exp: FakeExperiment, ancestorsOf: (label: number) => readonly number[]): Map<number, Agg> {
  const out = new Map<number, Agg>();
  const st = experimentStats(world, exp);
  for (let r = 0; r < st.count; r++) {
    const max = st.max[r] ?? 0;
    for (const a of ancestorsOf(st.labels[r] ?? 0)) {
      const key = a * 4 + (st.klass[r] ?? 0);
      let g = out.get(key);
      if (!g) {
        g = emptyAgg();
        out.set(key, g);
      }
      g.touched += st.touched[r] ?? 0;
      g.sum += st.sum[r] ?? 0;
      g.sumSq += st.sumSq[r] ?? 0;
      g.nonzero += st.nonzero[r] ?? 0;
      g.noData += st.noData[r] ?? 0;
      if (max > g.max) {
        g.max = max;
        g.maxIndex = st.maxIndex[r] ?? -1;
      }
    }
  }
  return out;
}

function combine(parts: ReadonlyArray<Agg | undefined>): Agg {
  const g = emptyAgg();
  for (const p of parts) {
    if (!p) continue;
    g.touched += p.touched;
    g.sum += p.sum;
    g.sumSq += p.sumSq;
    g.nonzero += p.nonzero;
    g.noData += p.noData;
    if (p.max > g.max) {
      g.max = p.max;
      g.maxIndex = p.maxIndex;
    }
  }
  return g;
}

function voxelCentreUm(index: number): [number, number, number] {
  if (index < 0) return [0, 0, 0];
  const i = index % GRID.nx;
  const j = Math.floor(index / GRID.nx) % GRID.ny;
  const k = Math.floor(index / (GRID.nx * GRID.ny));
  return [(i + 0.5) * GRID.resolutionUm, (j + 0.5) * GRID.resolutionUm, (k + 0.5) * GRID.resolutionUm];
}

export function structureJson(world: World, id: number): Record<string, unknown> {
  const s = world.ontology.get(id);
  const path = [...world.ontology.ancestorsInclusive(id)].reverse();
  return {
    id,
    acronym: s?.acronym ?? '',
    name: s?.name ?? '',
    safe_name: s?.name ?? '',
    color_hex_triplet: s?.color_hex_triplet ?? 'AAAAAA',
    graph_id: 1,
    graph_order: s?.graph_order ?? 0,
    st_level: s?.st_level ?? null,
    atlas_id: s?.atlas_id ?? null,
    ontology_id: 1,
    hemisphere_id: 3,
    parent_structure_id: s?.parent_structure_id ?? null,
    structure_id_path: `/${path.join('/')}/`,
  };
}

const indexMemo = new WeakMap<World, { structureIndex: Map<number, number>; expIndex: Map<number, number> }>();

/** Positions used to build unique, stable row ids. */
function indexes(world: World): { structureIndex: Map<number, number>; expIndex: Map<number, number> } {
  let memo = indexMemo.get(world);
  if (!memo) {
    memo = {
      structureIndex: new Map(world.structuresWithVoxels.map((id, n) => [id, n])),
      expIndex: new Map(world.experiments.map((e, n) => [e.id, n])),
    };
    indexMemo.set(world, memo);
  }
  return memo;
}

/** Rows in order: experiment (as selected), structure graph order, hemisphere, is_injection. */
export function psuRows(world: World, selection: PsuSelection, includeStructure: boolean): PsuRow[] {
  const structures = selection.structureIds
    ? [...selection.structureIds].filter((id) => world.voxelCounts.has(id)).sort((a, b) => world.ontology.graphOrder(a) - world.ontology.graphOrder(b))
    : world.structuresWithVoxels;
  const wanted = selection.structureIds ? new Set(structures) : null;
  const ancestorMemo = new Map<number, readonly number[]>();
  const ancestorsOf = (label: number): readonly number[] => {
    const all = world.ontology.ancestorsInclusive(label);
    if (!wanted) return all;
    let list = ancestorMemo.get(label);
    if (!list) {
      list = all.filter((a) => wanted.has(a));
      ancestorMemo.set(label, list);
    }
    return list;
  };
  const { structureIndex, expIndex } = indexes(world);
  const experiments = selection.experimentIds ? selection.experimentIds.flatMap((id) => world.experimentById.get(id) ?? []) : world.experiments;
  const noInjectionRecord = new Set(quirksOf(world).noInjectionRecord);
  const rows: PsuRow[] = [];
  for (const exp of experiments) {
    const injVolume = experimentStats(world, exp).injectionVolumeMm3;
    const injection = noInjectionRecord.has(exp.id) ? selection.injection.filter((inj) => !inj) : selection.injection;
    const agg = aggregate(world, exp, ancestorsOf);
    for (const s of structures) {
      const counts = world.voxelCounts.get(s) ?? [0, 0];
      for (const h of selection.hemispheres) {
        const hemis = h === 3 ? [1, 2] : [h];
        for (const inj of injection) {
          const g = combine(hemis.map((hh) => agg.get(s * 4 + (hh - 1) * 2 + (inj ? 1 : 0))));
          let valid: number;
          if (inj) {
            valid = g.touched;
          } else {
            const base = hemis.reduce((t, hh) => t + (counts[hh - 1] ?? 0), 0);
            if (base === 0) continue;
            const injTouched = combine(hemis.map((hh) => agg.get(s * 4 + (hh - 1) * 2 + 1))).touched;
            valid = base - injTouched - g.noData;
          }
          if (valid <= 0) continue;
          const slot = (h - 1) * 2 + (inj ? 1 : 0);
          const projPixels = g.sum * 1000;
          const projIntensity = 1000 * (400 * g.sum + 3600 * g.sumSq);
          const density = g.sum / valid;
          const intensity = projPixels > 0 ? projIntensity / projPixels : 0;
          const [mx, my, mz] = voxelCentreUm(g.maxIndex);
          const row: PsuRow = {
            id: 1_000_000_000 + ((expIndex.get(exp.id) ?? 0) * world.structuresWithVoxels.length + (structureIndex.get(s) ?? 0)) * 6 + slot,
            section_data_set_id: exp.id,
            structure_id: s,
            hemisphere_id: h,
            is_injection: inj,
            sum_pixels: valid * 1000,
            sum_projection_pixels: projPixels,
            sum_pixel_intensity: projIntensity + 100 * (valid * 1000 - projPixels),
            sum_projection_pixel_intensity: projIntensity,
            projection_density: density,
            projection_intensity: intensity,
            projection_energy: density * intensity,
            volume: valid * VOXEL_MM3,
            projection_volume: g.sum * VOXEL_MM3,
            normalized_projection_volume: injVolume > 0 ? (g.sum * VOXEL_MM3) / injVolume : 0,
            max_voxel_density: g.max,
            max_voxel_x: mx,
            max_voxel_y: my,
            max_voxel_z: mz,
          };
          if (includeStructure) row.structure = structureJson(world, s);
          rows.push(row);
        }
      }
    }
  }
  return rows;
}
