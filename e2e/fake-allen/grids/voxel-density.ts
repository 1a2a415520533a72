// The projection density of one experiment at one 100 µm voxel, without rendering its grid: the
// same blobs, cut-offs and float arithmetic as render.ts (addBlob, in blob order), then the same
// float32 rounding, clamp at 1 and -1 patch, so the value equals the served grid's voxel exactly
// (voxel-density.test.ts checks every voxel of several experiments). Used by the spatial search
// service, which needs one voxel of every experiment.
import type { FakeExperiment } from '../world/experiments.ts';
import { GRID } from '../world/world.ts';
import type { World } from '../world/world.ts';
import { experimentBlobs } from './blobs.ts';
import type { Blob } from './blobs.ts';
import { NO_DATA, noDataPatch, TRUNCATE_SIGMAS } from './render.ts';

const CUT_FRACTION = Math.exp(-0.5 * TRUNCATE_SIGMAS * TRUNCATE_SIGMAS);

interface Prepared {
  readonly blobs: readonly Blob[];
  readonly noData: ReadonlySet<number>;
}

const memo = new WeakMap<World, Map<number, Prepared>>();

function prepared(world: World, exp: FakeExperiment): Prepared {
  let perWorld = memo.get(world);
  if (!perWorld) {
    perWorld = new Map();
    memo.set(world, perWorld);
  }
  let p = perWorld.get(exp.id);
  if (!p) {
    const blobs = experimentBlobs(world, exp);
    p = { blobs, noData: new Set(noDataPatch(world, exp, blobs)) };
    perWorld.set(exp.id, p);
  }
  return p;
}

/** render.ts axisFactors at one index: the Gaussian factor, or null outside the blob's box. */
function factor(index: number, centre: number, sigma: number, n: number): number | null {
  const lo = Math.max(0, Math.floor((centre - TRUNCATE_SIGMAS * sigma) / GRID.resolutionUm));
  const hi = Math.min(n - 1, Math.ceil((centre + TRUNCATE_SIGMAS * sigma) / GRID.resolutionUm));
  if (index < lo || index > hi) return null;
  const d = ((index + 0.5) * GRID.resolutionUm - centre) / sigma;
  return Math.exp(-0.5 * d * d);
}

/** Voxel index (AP fastest) of a CCF point in µm, or null outside the 100 µm grid. */
export function voxelIndexOf(pointUm: readonly [number, number, number]): number | null {
  const i = Math.floor(pointUm[0] / GRID.resolutionUm);
  const j = Math.floor(pointUm[1] / GRID.resolutionUm);
  const k = Math.floor(pointUm[2] / GRID.resolutionUm);
  if (i < 0 || j < 0 || k < 0 || i >= GRID.nx || j >= GRID.ny || k >= GRID.nz) return null;
  return i + GRID.nx * (j + GRID.ny * k);
}

/** projection_density of `exp` at voxel `index`: 0 outside the brain, -1 (no data) in its patch. */
export function densityAtVoxel(world: World, exp: FakeExperiment, index: number): number {
  if ((world.labels100[index] ?? 0) === 0) return 0;
  const p = prepared(world, exp);
  if (p.noData.has(index)) return NO_DATA;
  const i = index % GRID.nx;
  const j = Math.floor(index / GRID.nx) % GRID.ny;
  const k = Math.floor(index / (GRID.nx * GRID.ny));
  let acc = 0;
  for (const blob of p.blobs) {
    const fz = factor(k, blob.centreUm[2], blob.sigmaUm, GRID.nz);
    const fy = factor(j, blob.centreUm[1], blob.sigmaUm, GRID.ny);
    const fx = factor(i, blob.centreUm[0], blob.sigmaUm, GRID.nx);
    if (fz === null || fy === null || fx === null) continue;
    const cut = blob.peak * CUT_FRACTION;
    const vzy = fz * blob.peak * fy;
    if (vzy < cut) continue;
    const v = vzy * fx;
    if (v < cut) continue;
    acc += v;
  }
  return Math.fround(Math.min(1, acc));
}
