// Benchmark cases for the compute kernels of slices, binning, smoothing, projectome and
// isosurface. Synthetic but realistic inputs: a bilateral, lumpy ellipsoid "striatum-like" region
// (30 × 25 × 20 voxels radius at 50 µm per side) and random density volumes on the 100 µm grid.
import { CCF_SHAPES, DENSITY_SHAPE, voxelCount, type GridShape } from '../../src/compute/grid';
import { isosurfaceFromMask } from '../../src/compute/isosurface';
import { createProjectomeFrame, prepareProjectome, renderProjectomeFrame, type ProjectomeInjection } from '../../src/compute/projectome';
import { extractCoronal } from '../../src/compute/slices-extract';
import { computeSlices } from '../../src/compute/slices';
import { smoothMatrixNanAware } from '../../src/compute/smoothing';
import type { BenchCase } from './types';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** Bilateral lumpy ellipsoid mask on `shape` (radii given in 50 µm voxels, scaled to the grid). */
export function blobMask(shape: GridShape): Uint8Array {
  const { nx, ny, nz, resolutionUm: res } = shape;
  const f = 50 / res;
  const c = [5400 / res, 4000 / res, 3000 / res];
  const r = [30 * f, 25 * f, 20 * f];
  const mask = new Uint8Array(nx * ny * nz);
  for (let z = 0; z < nz; z++) {
    const zz = (z + 0.5) * res < 5700 ? z : nz - 1 - z;
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const u = (x - (c[0] ?? 0)) / (r[0] ?? 1),
          v = (y - (c[1] ?? 0)) / (r[1] ?? 1),
          w = (zz - (c[2] ?? 0)) / (r[2] ?? 1);
        const lump = 0.12 * Math.sin(3 * u + 1) * Math.cos(2 * v) + 0.08 * Math.sin(4 * w);
        if (u * u + v * v + w * w < 1 + lump) mask[x + nx * (y + ny * z)] = 1;
      }
  }
  return mask;
}

function randomDensity(seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: voxelCount(DENSITY_SHAPE) }, () => r() * r() * 0.5);
}

export const cases: BenchCase[] = [
  {
    name: 'slice extraction (coronal gather, 132×80×114)',
    budget: '—',
    bytesPerRun: DENSITY_SHAPE.ny * DENSITY_SHAPE.nz * 4,
    prepare() {
      const vol = randomDensity(1);
      const out = new Float32Array(DENSITY_SHAPE.ny * DENSITY_SHAPE.nz);
      let ap = 0;
      return () => {
        extractCoronal(vol, DENSITY_SHAPE, ap, out);
        ap = (ap + 1) % DENSITY_SHAPE.nx;
      };
    },
  },
  {
    name: 'true-area binning (10 coronal slices × 15 px, 50 µm blob mask, 1 group)',
    budget: '—',
    prepare() {
      const vol = randomDensity(2);
      const mask = blobMask(CCF_SHAPES[50]);
      return () => {
        computeSlices([vol], DENSITY_SHAPE, mask, CCF_SHAPES[50], { plane: 'coronal', numberOfChunks: 10, numberOfPixels: 15 });
      };
    },
  },
  {
    name: 'NaN-aware smoothing (64×64, σ = 2 bins)',
    budget: '—',
    prepare() {
      const r = rng(3);
      const m = Float32Array.from({ length: 64 * 64 }, () => (r() < 0.2 ? NaN : r()));
      return () => {
        smoothMatrixNanAware(m, 64, 64, 2);
      };
    },
  },
  {
    name: 'projectome frame (8 sources, 200 injections, 100 µm)',
    budget: '≤ 16 ms p95 (AP slider frame)',
    prepare() {
      const sources = Array.from({ length: 8 }, (_, i) => randomDensity(10 + i));
      const r = rng(4);
      const inj: ProjectomeInjection[] = Array.from({ length: 200 }, () => ({
        apUm: r() * 13200,
        dvUm: r() * 8000,
        mlUm: r() * 11400,
        volumeMm3: r(),
        source: Math.floor(r() * 8),
      }));
      const ctx = prepareProjectome(sources, DENSITY_SHAPE, blobMask(CCF_SHAPES[50]), CCF_SHAPES[50], inj);
      const frame = createProjectomeFrame(ctx);
      const [a0, a1] = ctx.apRange;
      let ap = a0;
      return () => {
        renderProjectomeFrame(ctx, ap, frame);
        ap = ap >= a1 ? a0 : ap + 1;
      };
    },
  },
  {
    name: 'isosurface (blob region, 100 µm, σ = 1 blur)',
    budget: '—',
    prepare() {
      const mask = blobMask(CCF_SHAPES[100]);
      return () => {
        isosurfaceFromMask(mask, CCF_SHAPES[100], { smoothSigmaVoxels: 1 });
      };
    },
  },
  {
    name: 'isosurface (blob region, 50 µm, σ = 1 blur)',
    budget: '≤ 200 ms (50 µm)',
    runs: 10,
    prepare() {
      const mask = blobMask(CCF_SHAPES[50]);
      return () => {
        isosurfaceFromMask(mask, CCF_SHAPES[50], { smoothSigmaVoxels: 1 });
      };
    },
  },
  {
    name: 'isosurface (blob region, 25 µm, σ = 1 blur)',
    budget: '~0.1–0.5 s (DESIGN §7)',
    runs: 5,
    prepare() {
      const mask = blobMask(CCF_SHAPES[25]);
      return () => {
        isosurfaceFromMask(mask, CCF_SHAPES[25], { smoothSigmaVoxels: 1 });
      };
    },
  },
];
