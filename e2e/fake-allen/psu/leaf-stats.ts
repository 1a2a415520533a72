// Per-experiment statistics at leaf-label level, from the sparse rendered grid and the 100 µm
// labels. Rows for any structure are unions over its leaves (see psu/rows.ts). Memoised per world,
// stored as compact typed arrays (one entry per (leaf label, hemisphere, is_injection) class).
import { renderSparse } from '../grids/render.ts';
import type { FakeExperiment } from '../world/experiments.ts';
import { GRID } from '../world/world.ts';
import type { World } from '../world/world.ts';

export interface ExperimentStats {
  readonly experimentId: number;
  /** projection_volume of root, hemisphere 3, is_injection = true (mm³). */
  readonly injectionVolumeMm3: number;
  readonly count: number;
  readonly labels: Uint32Array;
  /** (hemisphere - 1) * 2 + (is_injection ? 1 : 0) */
  readonly klass: Uint8Array;
  /** Valid voxels of the class that the blobs touched (for injection: the whole injection site). */
  readonly touched: Int32Array;
  /** Σ density (projection_volume = sum × 0.001 mm³). */
  readonly sum: Float64Array;
  /** Σ density², for the synthetic intensity model. */
  readonly sumSq: Float64Array;
  /** Voxels with density > 0. */
  readonly nonzero: Int32Array;
  /** No-data (-1) voxels: excluded from every sum and from the valid volume. */
  readonly noData: Int32Array;
  readonly max: Float64Array;
  /** Voxel index of `max`, -1 when there is no signal. */
  readonly maxIndex: Int32Array;
}

const memo = new WeakMap<World, Map<number, ExperimentStats>>();

export function experimentStats(world: World, exp: FakeExperiment): ExperimentStats {
  let perWorld = memo.get(world);
  if (!perWorld) {
    perWorld = new Map();
    memo.set(world, perWorld);
  }
  const cached = perWorld.get(exp.id);
  if (cached) return cached;
  const stats = computeStats(world, exp);
  perWorld.set(exp.id, stats);
  return stats;
}

export function statsComputedCount(world: World): number {
  return memo.get(world)?.size ?? 0;
}

interface Scratch {
  used: Uint8Array;
  touched: Int32Array;
  sum: Float64Array;
  sumSq: Float64Array;
  nonzero: Int32Array;
  noData: Int32Array;
  max: Float64Array;
  maxIndex: Int32Array;
}

let scratch: Scratch | null = null;
let noDataMaskScratch = new Uint8Array(0);

function noDataScratch(size: number): Uint8Array {
  if (noDataMaskScratch.length < size) noDataMaskScratch = new Uint8Array(size);
  return noDataMaskScratch;
}

function scratchFor(size: number): Scratch {
  if (scratch && scratch.used.length >= size) return scratch;
  scratch = {
    used: new Uint8Array(size),
    touched: new Int32Array(size),
    sum: new Float64Array(size),
    sumSq: new Float64Array(size),
    nonzero: new Int32Array(size),
    noData: new Int32Array(size),
    max: new Float64Array(size),
    maxIndex: new Int32Array(size).fill(-1),
  };
  return scratch;
}

function computeStats(world: World, exp: FakeExperiment): ExperimentStats {
  const sparse = renderSparse(world, exp);
  const s = scratchFor(world.leafLabels.length * 4);
  const keys: number[] = [];
  const plane = GRID.nx * GRID.ny;
  const keyOf = (idx: number, inj: number): number => {
    const slot = world.leafSlots[idx] ?? 0;
    const hemi = Math.floor(idx / plane) < 57 ? 0 : 1;
    const key = slot * 4 + hemi * 2 + inj;
    if (s.used[key] === 0) {
      s.used[key] = 1;
      keys.push(key);
    }
    return key;
  };
  const noDataMask = noDataScratch(world.labels100.length);
  for (const idx of sparse.noData) noDataMask[idx] = 1;
  let injectionSum = 0;
  for (let n = 0; n < sparse.indices.length; n++) {
    const idx = sparse.indices[n] ?? 0;
    if (noDataMask[idx] === 1) continue;
    const v = sparse.values[n] ?? 0;
    const inj = sparse.injection[n] ?? 0;
    const key = keyOf(idx, inj);
    s.touched[key] = (s.touched[key] ?? 0) + 1;
    s.sum[key] = (s.sum[key] ?? 0) + v;
    s.sumSq[key] = (s.sumSq[key] ?? 0) + v * v;
    if (v > 0) s.nonzero[key] = (s.nonzero[key] ?? 0) + 1;
    if (v > (s.max[key] ?? 0)) {
      s.max[key] = v;
      s.maxIndex[key] = idx;
    }
    if (inj === 1) injectionSum += v;
  }
  for (const idx of sparse.noData) {
    noDataMask[idx] = 0;
    const key = keyOf(idx, 0);
    s.noData[key] = (s.noData[key] ?? 0) + 1;
  }
  const count = keys.length;
  const out: ExperimentStats = {
    experimentId: exp.id,
    injectionVolumeMm3: injectionSum * 0.001,
    count,
    labels: new Uint32Array(count),
    klass: new Uint8Array(count),
    touched: new Int32Array(count),
    sum: new Float64Array(count),
    sumSq: new Float64Array(count),
    nonzero: new Int32Array(count),
    noData: new Int32Array(count),
    max: new Float64Array(count),
    maxIndex: new Int32Array(count),
  };
  keys.forEach((key, r) => {
    out.labels[r] = world.leafLabels[key >> 2] ?? 0;
    out.klass[r] = key & 3;
    out.touched[r] = s.touched[key] ?? 0;
    out.sum[r] = s.sum[key] ?? 0;
    out.sumSq[r] = s.sumSq[key] ?? 0;
    out.nonzero[r] = s.nonzero[key] ?? 0;
    out.noData[r] = s.noData[key] ?? 0;
    out.max[r] = s.max[key] ?? 0;
    out.maxIndex[r] = s.maxIndex[key] ?? -1;
    s.used[key] = 0;
    s.touched[key] = 0;
    s.sum[key] = 0;
    s.sumSq[key] = 0;
    s.nonzero[key] = 0;
    s.noData[key] = 0;
    s.max[key] = 0;
    s.maxIndex[key] = -1;
  });
  return out;
}
