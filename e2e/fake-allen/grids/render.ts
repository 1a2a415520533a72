// Renders an experiment's blobs on the 100 µm grid. The sparse form (voxels with signal) feeds the
// PSU tables; the dense form is the downloadable grid. Both come from the same float32 values.
// Memory order is Allen's: index = ap + 132 * (dv + 80 * ml). Outside the brain density is 0.
// No-data policy: a 2×2×2 patch per experiment is -1 (never the injection centre voxel).
import type { FakeExperiment } from '../world/experiments.ts';
import { GRID, GRID_VOXELS } from '../world/world.ts';
import type { World } from '../world/world.ts';
import { experimentBlobs, injectionCentreUm } from './blobs.ts';
import type { Blob } from './blobs.ts';

export const NO_DATA = -1;

export interface SparseGrid {
  /** Voxel indices with density > 0 (in blob order, unsorted). */
  readonly indices: Int32Array;
  /** float32 density at those voxels, 0..1. */
  readonly values: Float32Array;
  /** 1 where the voxel is in the injection site (injection component > 0.5). */
  readonly injection: Uint8Array;
  /** Voxel indices holding -1 (no data); they override any density. */
  readonly noData: Int32Array;
}

/** Blobs have spherical support of radius 2.5 σ (value cut below peak × e^(-2.5²/2)). */
export const TRUNCATE_SIGMAS = 2.5;
const CUT_FRACTION = Math.exp(-0.5 * TRUNCATE_SIGMAS * TRUNCATE_SIGMAS);

const acc = new Float64Array(GRID_VOXELS);
const flags = new Uint8Array(GRID_VOXELS); // 1 touched, 2 injection site

function axisFactors(centre: number, sigma: number, n: number): { lo: number; f: Float64Array } {
  const lo = Math.max(0, Math.floor((centre - TRUNCATE_SIGMAS * sigma) / GRID.resolutionUm));
  const hi = Math.min(n - 1, Math.ceil((centre + TRUNCATE_SIGMAS * sigma) / GRID.resolutionUm));
  const f = new Float64Array(Math.max(0, hi - lo + 1));
  for (let i = lo; i <= hi; i++) {
    const d = ((i + 0.5) * GRID.resolutionUm - centre) / sigma;
    f[i - lo] = Math.exp(-0.5 * d * d);
  }
  return { lo, f };
}

function addBlob(labels: Uint32Array, blob: Blob, touched: number[]): void {
  const fx = axisFactors(blob.centreUm[0], blob.sigmaUm, GRID.nx);
  const fy = axisFactors(blob.centreUm[1], blob.sigmaUm, GRID.ny);
  const fz = axisFactors(blob.centreUm[2], blob.sigmaUm, GRID.nz);
  const cut = blob.peak * CUT_FRACTION;
  for (let c = 0; c < fz.f.length; c++) {
    const vz = (fz.f[c] ?? 0) * blob.peak;
    for (let b = 0; b < fy.f.length; b++) {
      const vzy = vz * (fy.f[b] ?? 0);
      if (vzy < cut) continue;
      const base = GRID.nx * (fy.lo + b + GRID.ny * (fz.lo + c));
      for (let a = 0; a < fx.f.length; a++) {
        const v = vzy * (fx.f[a] ?? 0);
        if (v < cut) continue;
        const idx = base + fx.lo + a;
        if (labels[idx] === 0) continue;
        const flag = flags[idx] ?? 0;
        if ((flag & 1) === 0) touched.push(idx);
        acc[idx] = (acc[idx] ?? 0) + v;
        flags[idx] = flag | 1 | (blob.injection && v > 0.5 ? 2 : 0);
      }
    }
  }
}

export function noDataPatch(world: World, exp: FakeExperiment, blobs: readonly Blob[]): Int32Array {
  const anchor = (blobs[1] ?? blobs[0])?.centreUm ?? injectionCentreUm(exp);
  const inj = injectionCentreUm(exp);
  const at = (um: number, n: number): number => Math.min(n - 3, Math.max(0, Math.floor(um / GRID.resolutionUm)));
  const injIdx = Math.floor(inj[0] / 100) + GRID.nx * (Math.floor(inj[1] / 100) + GRID.ny * Math.floor(inj[2] / 100));
  const i0 = at(anchor[0] + 200, GRID.nx);
  const j0 = at(anchor[1], GRID.ny);
  const k0 = at(anchor[2], GRID.nz);
  const out: number[] = [];
  for (let k = k0; k < k0 + 2; k++) {
    for (let j = j0; j < j0 + 2; j++) {
      for (let i = i0; i < i0 + 2; i++) {
        const idx = i + GRID.nx * (j + GRID.ny * k);
        if (idx !== injIdx && world.labels100[idx] !== 0) out.push(idx);
      }
    }
  }
  return Int32Array.from(out);
}

export function renderSparse(world: World, exp: FakeExperiment): SparseGrid {
  const blobs = experimentBlobs(world, exp);
  const touched: number[] = [];
  for (const blob of blobs) addBlob(world.labels100, blob, touched);
  const indices = Int32Array.from(touched);
  const values = new Float32Array(indices.length);
  const injection = new Uint8Array(indices.length);
  for (let n = 0; n < indices.length; n++) {
    const idx = indices[n] ?? 0;
    values[n] = Math.min(1, acc[idx] ?? 0);
    injection[n] = ((flags[idx] ?? 0) & 2) === 2 ? 1 : 0;
    acc[idx] = 0;
    flags[idx] = 0;
  }
  return { indices, values, injection, noData: noDataPatch(world, exp, blobs) };
}

export type GridImage = 'projection_density' | 'injection_density' | 'injection_fraction' | 'data_mask';

/** Dense float32 grid (132×80×114, AP fastest) of one image kind. */
export function denseGrid(sparse: SparseGrid, image: GridImage = 'projection_density'): Float32Array {
  const out = new Float32Array(GRID_VOXELS);
  if (image === 'data_mask') out.fill(1);
  for (let n = 0; n < sparse.indices.length; n++) {
    const idx = sparse.indices[n] ?? 0;
    const inj = sparse.injection[n] === 1;
    const v = sparse.values[n] ?? 0;
    if (image === 'projection_density') out[idx] = v;
    else if (image === 'injection_density') out[idx] = inj ? v : 0;
    else if (image === 'injection_fraction') out[idx] = inj ? 1 : 0;
  }
  for (const idx of sparse.noData) out[idx] = image === 'data_mask' ? 0 : NO_DATA;
  return out;
}
