// Group means, bsv definitions (DESIGN.md §4), in float64 scalar loops.
//   valid(v): v is not NaN and not -1 (raw grids); group means use NaN alone for no data.
//   Divisor: 'none' → 1; 'psu' → psuInjectionVolume (absent or ≤ 0 → excluded before grouping,
//     reason "no injection record"); 'metadata' → ApiConnectivity injection_volume (absent or ≤ 0
//     → excluded, reason "no metadata injection volume").
//   Hemisphere subtraction: injected side from injection_z: < 5700 µm → left (ML 0..56), else
//     right (ML 57..113); mirror(ml) = 113 - ml. Injected half: D[v] - D[mirror(v)] when both valid,
//     else no data; other half: 0 (a valid zero). Then ÷ divisor.
//   Mean at voxel v = Σ value / n over the used experiments whose value at v is valid; n = 0 → NaN.
//   Experiments whose grid cannot be had are excluded (reason "download failed") and leave the
//     denominator.
import { grid, psuInjectionVolume } from './grids.ts';
import { NX, NY, NZ, VOXELS } from './world.ts';
import type { OracleWorld } from './world.ts';

export type Normalization = 'none' | 'psu' | 'metadata';

export interface Dims {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
}

export const GRID_DIMS: Dims = { nx: NX, ny: NY, nz: NZ };

export function isValid(v: number): boolean {
  return !Number.isNaN(v) && v !== -1;
}

/**
 * bsv hemisphere subtraction of one grid (AP fastest, index = ap + nx·(dv + ny·ml)); nz must be
 * even, the left half is ml < nz/2. Returns float64 values with NaN = no data.
 */
export function subtractHemispheres(d: ArrayLike<number>, injectedLeft: boolean, dims: Dims = GRID_DIMS): Float64Array {
  const { nx, ny, nz } = dims;
  const half = nz / 2;
  const out = new Float64Array(nx * ny * nz);
  for (let ml = 0; ml < nz; ml++) {
    const injectedHalf = injectedLeft ? ml < half : ml >= half;
    const mirror = nz - 1 - ml;
    for (let dv = 0; dv < ny; dv++) {
      for (let ap = 0; ap < nx; ap++) {
        const i = ap + nx * (dv + ny * ml);
        if (!injectedHalf) {
          out[i] = 0;
          continue;
        }
        const a = d[i] ?? NaN;
        const b = d[ap + nx * (dv + ny * mirror)] ?? NaN;
        out[i] = isValid(a) && isValid(b) ? a - b : NaN;
      }
    }
  }
  return out;
}

export interface Excluded {
  readonly id: number;
  readonly reason: string;
}

/** Step 2 (planning, before any download): divisors of the kept experiments, and exclusions. */
export async function planGroup(
  w: OracleWorld,
  ids: readonly number[],
  normalization: Normalization,
): Promise<{ kept: number[]; divisors: Map<number, number>; excluded: Excluded[] }> {
  const kept: number[] = [];
  const divisors = new Map<number, number>();
  const excluded: Excluded[] = [];
  for (const id of ids) {
    const e = w.experimentById.get(id);
    if (!e) {
      excluded.push({ id, reason: 'unknown experiment' });
      continue;
    }
    let divisor = 1;
    if (normalization === 'psu') {
      const v = await psuInjectionVolume(w, id);
      if (v === null || !(v > 0)) {
        excluded.push({ id, reason: 'no injection record' });
        continue;
      }
      divisor = v;
    } else if (normalization === 'metadata') {
      if (!(e.injectionVolume > 0)) {
        excluded.push({ id, reason: 'no metadata injection volume' });
        continue;
      }
      divisor = e.injectionVolume;
    }
    kept.push(id);
    divisors.set(id, divisor);
  }
  return { kept, divisors, excluded };
}

export interface GroupMean {
  readonly label: string;
  /** Float64, NaN = no data. */
  readonly mean: Float64Array;
  /** Experiments whose grid entered the mean. */
  readonly used: number[];
  readonly excluded: Excluded[];
}

export async function groupMeans(
  w: OracleWorld,
  groups: ReadonlyArray<{ readonly label: string; readonly ids: readonly number[] }>,
  opts: { readonly normalization: Normalization; readonly subtract: boolean },
): Promise<GroupMean[]> {
  const out: GroupMean[] = [];
  for (const g of groups) {
    const plan = await planGroup(w, g.ids, opts.normalization);
    const sum = new Float64Array(VOXELS);
    const count = new Float64Array(VOXELS);
    const used: number[] = [];
    const excluded = [...plan.excluded];
    for (const id of plan.kept) {
      const d = await grid(w, id);
      const e = w.experimentById.get(id);
      if (!d || !e) {
        excluded.push({ id, reason: 'download failed' });
        continue;
      }
      used.push(id);
      const divisor = plan.divisors.get(id) ?? 1;
      // Subtracted values use NaN alone for no data (a difference may well be exactly -1).
      const values: ArrayLike<number> = opts.subtract ? subtractHemispheres(d, e.z < 5700) : d;
      const valid = opts.subtract ? (v: number) => !Number.isNaN(v) : isValid;
      for (let i = 0; i < VOXELS; i++) {
        const v = values[i] ?? NaN;
        if (!valid(v)) continue;
        sum[i] = (sum[i] ?? 0) + v / divisor;
        count[i] = (count[i] ?? 0) + 1;
      }
    }
    const mean = new Float64Array(VOXELS);
    for (let i = 0; i < VOXELS; i++) mean[i] = (count[i] ?? 0) > 0 ? (sum[i] ?? 0) / (count[i] ?? 1) : NaN;
    out.push({ label: g.label, mean, used, excluded });
  }
  return out;
}
