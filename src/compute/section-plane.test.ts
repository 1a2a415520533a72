// Sagittal and horizontal projectomes against independent computations: the volume transposed
// in the test (by explicit loops, not planeView) so that the plane's slicing axis becomes AP, its
// rows DV and its columns ML, then the coronal kernels on the transposed volume; plus a naive
// slab-mean loop written here.
import { describe, expect, it } from 'vitest';
import { NO_DATA, type GridShape } from './grid';
import { prepareProjectome, projectomeApStats, projectomeSlab, type ProjectomeInjection } from './projectome';
import { projectomeStack } from './projectome-stack';
import { ccfToPlane, planeToCcf, planeView } from './section-plane';
import { coronalSectionStack, planeSectionStack } from './section-stack';

const S: GridShape = { nx: 12, ny: 7, nz: 9, resolutionUm: 100 };
const N = S.nx * S.ny * S.nz;

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

type Plane = 'sagittal' | 'horizontal';

/** (slice, row, col) of CCF voxel (x = AP, y = DV, z = ML), written out per plane. */
function planeCoords(plane: Plane, x: number, y: number, z: number): [number, number, number] {
  return plane === 'sagittal' ? [z, y, x] : [y, z, x];
}

/** Volume re-laid so that the plane's (slice, row, col) are (AP, DV, ML) of a new grid. */
function transpose<T extends Float32Array | Uint8Array | Uint32Array>(
  vol: T,
  shape: GridShape,
  plane: Plane,
  make: (n: number) => T,
): { vol: T; shape: GridShape } {
  const [ns, nr, nc] = planeCoords(plane, shape.nx, shape.ny, shape.nz);
  const out = make(vol.length);
  for (let z = 0; z < shape.nz; z++)
    for (let y = 0; y < shape.ny; y++)
      for (let x = 0; x < shape.nx; x++) {
        const [s, r, c] = planeCoords(plane, x, y, z);
        out[s + ns * (r + nr * c)] = vol[x + shape.nx * (y + shape.ny * z)] ?? 0;
      }
  return { vol: out, shape: { nx: ns, ny: nr, nz: nc, resolutionUm: shape.resolutionUm } };
}

function world(seed: number) {
  const r = rng(seed);
  const target = new Uint8Array(N);
  for (let x = 2; x <= 9; x++) for (let y = 1; y < 6; y++) for (let z = 1; z < 8; z++) if (r() < 0.55) target[x + S.nx * (y + S.ny * z)] = 1;
  const source = (): Float32Array =>
    Float32Array.from({ length: N }, () => {
      const u = r();
      return u < 0.08 ? NO_DATA : u < 0.12 ? NaN : u < 0.25 ? 0 : u < 0.35 ? -r() : 3 * r() ** 2;
    });
  const injections: ProjectomeInjection[] = Array.from({ length: 40 }, (_, i) => ({
    apUm: r() < 0.1 ? -5 : r() * 1200,
    dvUm: r() < 0.1 ? -5 : r() * 700,
    mlUm: r() * 900,
    volumeMm3: r(),
    source: i % 3,
  }));
  return { target, sources: [source(), source(), source()], injections };
}

describe('projectome planes', () => {
  it('maps CCF and plane coordinates both ways', () => {
    expect(ccfToPlane('sagittal', [1, 2, 3])).toEqual([3, 2, 1]);
    expect(ccfToPlane('horizontal', [1, 2, 3])).toEqual([2, 3, 1]);
    expect(ccfToPlane('coronal', [1, 2, 3])).toEqual([1, 2, 3]);
    for (const p of ['coronal', 'sagittal', 'horizontal'] as const) expect(planeToCcf(p, ...ccfToPlane(p, [4, 5, 6]))).toEqual([4, 5, 6]);
    expect(planeView(S, 'sagittal').shape).toEqual({ nx: 9, ny: 7, nz: 12, resolutionUm: 100 });
    expect(planeView(S, 'horizontal').shape).toEqual({ nx: 7, ny: 9, nz: 12, resolutionUm: 100 });
  });

  for (const plane of ['sagittal', 'horizontal'] as const)
    for (const [seed, thickness, pct] of [
      [1, 0, 99],
      [2, 1, 90],
      [3, 2, 50],
    ] as const)
      it(`${plane}: stack, stats and slabs equal the coronal kernels on the transposed volume (seed ${seed}, thickness ${thickness})`, () => {
        const w = world(seed);
        const params = { sliceThickness: thickness, densityPercentile: pct };
        const ctx = prepareProjectome(w.sources, S, w.target, S, w.injections, params, plane);
        const t = transpose(w.target, S, plane, (n) => new Uint8Array(n));
        const tSources = w.sources.map((s) => transpose(s, S, plane, (n) => new Float32Array(n)).vol);
        const tInjections = w.injections.map((inj) => {
          const [a, d, m] = planeCoords(plane, inj.apUm, inj.dvUm, inj.mlUm);
          return { ...inj, apUm: a, dvUm: d, mlUm: m };
        });
        const ref = prepareProjectome(tSources, t.shape, t.vol, t.shape, tInjections, params);
        expect(ctx.shape).toEqual(t.shape);
        expect(ctx.apRange).toEqual(ref.apRange);
        expect(ctx.ceiling).toBe(ref.ceiling);
        expect(ctx.targetPixels).toEqual(ref.targetPixels);
        const stack = projectomeStack(ctx);
        const refStack = projectomeStack(ref);
        expect(stack.apCount).toBeGreaterThan(0);
        expect(stack).toEqual(refStack);
        expect(projectomeApStats(ctx)).toEqual(projectomeApStats(ref));
        for (let a = ctx.apRange[0]; a <= ctx.apRange[1]; a++) expect(projectomeSlab(ctx, a)).toEqual(projectomeSlab(ref, a));
      });

  it('sagittal slab means equal a naive loop over ML', () => {
    const w = world(7);
    const t = 1;
    const ctx = prepareProjectome(w.sources, S, w.target, S, [], { sliceThickness: t }, 'sagittal');
    const ml = 4;
    const slab = projectomeSlab(ctx, ml);
    const vol = w.sources[1] ?? new Float32Array(0);
    let checked = 0;
    for (let y = 0; y < S.ny; y++)
      for (let x = 0; x < S.nx; x++) {
        if (!w.target[x + S.nx * (y + S.ny * ml)]) continue;
        // sagittal image: rows = DV, columns = AP
        const i = Array.from(slab.pixels).indexOf(y * S.nx + x);
        expect(i).toBeGreaterThanOrEqual(0);
        let sum = 0,
          n = 0;
        for (let z = ml - t; z <= ml + t; z++) {
          const v = vol[x + S.nx * (y + S.ny * z)] ?? NaN;
          if (Number.isFinite(v) && v !== NO_DATA) {
            sum += v;
            n++;
          }
        }
        const got = slab.values[1]?.[i] ?? NaN;
        if (n === 0) expect(got).toBeNaN();
        else expect(got).toBeCloseTo(sum / n, 5);
        checked++;
      }
    expect(checked).toBeGreaterThan(5);
  });

  it('section stacks equal the coronal stack of the transposed annotation (50 µm)', () => {
    const A: GridShape = { nx: 20, ny: 8, nz: 14, resolutionUm: 50 };
    const r = rng(11);
    const ann = Uint32Array.from({ length: A.nx * A.ny * A.nz }, () => (r() < 0.2 ? 0 : 1 + Math.floor(r() * 5)));
    for (const plane of ['sagittal', 'horizontal'] as const) {
      const t = transpose(ann, A, plane, (n) => new Uint32Array(n));
      const count = plane === 'sagittal' ? 7 : 4;
      const st = planeSectionStack(ann, A, plane, 0, count, new Uint32Array([2, 3]));
      expect(st).toEqual(coronalSectionStack(t.vol, t.shape, 0, count, new Uint32Array([2, 3])));
      expect([st.rows, st.cols]).toEqual(plane === 'sagittal' ? [8, 20] : [14, 20]);
    }
  });
});
