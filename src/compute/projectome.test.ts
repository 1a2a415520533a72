import { describe, expect, it } from 'vitest';
import { NO_DATA, type GridShape } from './grid';
import {
  createProjectomeFrame,
  prepareProjectome,
  projectomeApStats,
  projectomeSlab,
  renderProjectomeFrame,
  targetAt100,
  type ProjectomeInjection,
} from './projectome';

const S: GridShape = { nx: 6, ny: 2, nz: 3, resolutionUm: 100 };
const idx = (x: number, y: number, z: number): number => x + 6 * (y + 2 * z);

function setup(): { a: Float32Array; b: Float32Array; target: Uint8Array } {
  const target = new Uint8Array(36);
  for (let x = 1; x <= 4; x++) target[idx(x, 1, 2)] = 1; // a rod along AP at DV 1, ML 2
  target[idx(3, 0, 0)] = 1;
  const a = new Float32Array(36);
  const b = new Float32Array(36);
  for (let x = 0; x < 6; x++) {
    a[idx(x, 1, 2)] = x;
    b[idx(x, 1, 2)] = 1;
  }
  a[idx(3, 0, 0)] = 8;
  b[idx(3, 0, 0)] = NO_DATA;
  a[idx(0, 0, 1)] = 100; // outside the target: must not affect the ceiling nor show
  return { a, b, target };
}

describe('projectome', () => {
  it('ceiling = percentile of positive in-target values of all sources (hand case)', () => {
    const { a, b, target } = setup();
    // in-target positive values: a → 1, 2, 3, 4, 8; b → 1, 1, 1, 1 (−1 is no data) → sorted
    // 1 1 1 1 1 2 3 4 8; 50th percentile = 1; 75th = rank 6 → 3
    expect(prepareProjectome([a, b], S, target, S, [], { densityPercentile: 50 }).ceiling).toBe(1);
    expect(prepareProjectome([a, b], S, target, S, [], { densityPercentile: 75 }).ceiling).toBe(3);
    expect(prepareProjectome([new Float32Array(36)], S, target, S, []).ceiling).toBe(1);
  });

  it('per-AP target statistics: mean and max over the target voxels of the slice with data (the CSV)', () => {
    const { a, b, target } = setup();
    const st = projectomeApStats(prepareProjectome([a, b], S, target, S, []));
    expect(Array.from(st.apIndices)).toEqual([1, 2, 3, 4]);
    expect(Array.from(st.targetVoxels)).toEqual([1, 1, 2, 1]);
    // a at slice 3: target voxels (DV 1, ML 2) = 3 and (DV 0, ML 0) = 8
    expect(Array.from(st.mean[0] ?? [])).toEqual([1, 2, 5.5, 4]);
    expect(Array.from(st.max[0] ?? [])).toEqual([1, 2, 8, 4]);
    // b at slice 3: one voxel is no data (−1), left out of both
    expect(Array.from(st.mean[1] ?? [])).toEqual([1, 1, 1, 1]);
    expect(Array.from(st.voxelsWithData[1] ?? [])).toEqual([1, 1, 1, 1]);
  });

  it('the slab values a frame draws, unclamped (the frame CSV)', () => {
    const { a, b, target } = setup();
    const ctx = prepareProjectome([a, b], S, target, S, [], { sliceThickness: 1 });
    const slab = projectomeSlab(ctx, 3);
    const at = (px: number) => Array.from(slab.pixels).indexOf(px);
    expect(slab.values[0]?.[at(1 * 3 + 2)]).toBeCloseTo(3, 6);
    expect(slab.values[0]?.[at(0)]).toBeCloseTo(8 / 3, 6);
    expect(slab.values[1]?.[at(0)]).toBe(0); // (0 + no data + 0) → 0 over 2 voxels with data
    expect(() => projectomeSlab(ctx, 6)).toThrow(RangeError);
  });

  it('alpha = centred slab mean / ceiling, clamped, zero outside the target; weakest drawn first', () => {
    const { a, b, target } = setup();
    const ctx = prepareProjectome([a, b], S, target, S, [], { densityPercentile: 75, sliceThickness: 1 });
    expect(ctx.apRange).toEqual([1, 4]);
    const f = renderProjectomeFrame(ctx, 2, createProjectomeFrame(ctx));
    const q = 1 * 3 + 2; // pixel (DV 1, ML 2) in the ny × nz map
    // a: mean of AP 1, 2, 3 = 2 → 2/3; b: 1 → 1/3
    expect(f.alpha[0]?.[q]).toBeCloseTo(2 / 3, 6);
    expect(f.alpha[1]?.[q]).toBeCloseTo(1 / 3, 6);
    expect(f.alpha[0]?.[1]).toBe(0); // (DV 0, ML 1): a has 100 there but it is outside the target
    expect(Array.from(f.order)).toEqual([1, 0]);
    // slice 3: pixel (DV 0, ML 0) is target; a = mean(0, 8, 0) = 8/3 → alpha clamps to 8/9; b: only no-data + zeros
    renderProjectomeFrame(ctx, 3, f);
    expect(f.alpha[0]?.[0]).toBeCloseTo(8 / 9, 6);
    expect(f.alpha[0]?.[q]).toBeCloseTo(1, 6); // mean(2, 3, 4) = 3 → 1
    // slice 5 is outside the target: all zero
    renderProjectomeFrame(ctx, 5, f);
    expect(f.alpha[0]?.every((v) => v === 0)).toBe(true);
  });

  it('is invariant to scaling every source by the same factor (ceiling scales too)', () => {
    const { a, b, target } = setup();
    const ctx1 = prepareProjectome([a, b], S, target, S, []);
    const ctx2 = prepareProjectome([a.map((v) => (v === NO_DATA ? v : 7 * v)), b.map((v) => (v === NO_DATA ? v : 7 * v))], S, target, S, []);
    for (let ap = 0; ap < 6; ap++) {
      const f1 = renderProjectomeFrame(ctx1, ap, createProjectomeFrame(ctx1));
      const f2 = renderProjectomeFrame(ctx2, ap, createProjectomeFrame(ctx2));
      for (let s = 0; s < 2; s++) f1.alpha[s]?.forEach((v, i) => expect(f2.alpha[s]?.[i]).toBeCloseTo(v, 6));
    }
  });

  it('injection dots: AP window ±(t + 1)·100 µm around the slice centre; bsv marker areas', () => {
    const { a, target } = setup();
    const inj: ProjectomeInjection[] = [
      { apUm: 250, dvUm: 10, mlUm: 10, volumeMm3: 0.1, source: 0 },
      { apUm: 551, dvUm: 10, mlUm: 10, volumeMm3: 0.3, source: 0 },
      { apUm: 550, dvUm: 10, mlUm: 10, volumeMm3: 0.5, source: 0 },
      { apUm: 250, dvUm: -1, mlUm: 10, volumeMm3: 0.2, source: 0 },
    ];
    const ctx = prepareProjectome([a], S, target, S, inj, { sliceThickness: 2 });
    expect(Array.from(ctx.markerSizes)).toEqual([20, 20 + 180 * 0.5, 200, 20 + 180 * 0.25].map(Math.fround));
    // slice 0 centre 50 µm, reach 300 µm: 250 yes, 551 no, 550 no (500 > 300)
    const f = renderProjectomeFrame(ctx, 0, createProjectomeFrame(ctx));
    expect(Array.from(f.visibleInjections.subarray(0, f.injectionCount))).toEqual([0]);
    renderProjectomeFrame(ctx, 2, f); // centre 250: |551 − 250| = 301 > 300
    expect(Array.from(f.visibleInjections.subarray(0, f.injectionCount))).toEqual([0, 2]);
    expect(() => prepareProjectome([a], S, target, S, [{ ...inj[0], source: 3 } as ProjectomeInjection])).toThrow(RangeError);
  });

  it('targetAt100 keeps voxels at least half inside a 50 µm mask', () => {
    const m: GridShape = { nx: 4, ny: 2, nz: 2, resolutionUm: 50 };
    const c: GridShape = { nx: 2, ny: 1, nz: 1, resolutionUm: 100 };
    const mask = new Uint8Array(16);
    for (const i of [0, 1, 4, 5]) mask[i] = 1; // 4 of the 8 cells of voxel 0
    for (const i of [2, 3, 6]) mask[i] = 1; // 3 of the 8 cells of voxel 1
    expect(Array.from(targetAt100(mask, m, c))).toEqual([1, 0]);
  });

  it('rejects bad parameters with RangeError', () => {
    const { a, target } = setup();
    expect(() => prepareProjectome([a], S, target, S, [], { densityPercentile: 120 })).toThrow(RangeError);
    expect(() => prepareProjectome([a], S, target, S, [], { sliceThickness: -1 })).toThrow(RangeError);
    const ctx = prepareProjectome([a], S, target, S, []);
    expect(() => renderProjectomeFrame(ctx, 6, createProjectomeFrame(ctx))).toThrow(RangeError);
  });

  it('a mask on the density grid itself is the target as it is (any non-zero label), as the coverage rule gives', () => {
    const mask = Uint8Array.from({ length: 36 }, (_, i) => (i * 7) % 4);
    expect(Array.from(targetAt100(mask, S, S))).toEqual(Array.from(mask, (v) => (v ? 1 : 0)));
    // the same voxels through the coverage rule (a 50 µm copy: 8 sub-voxels each)
    const fine: GridShape = { nx: 12, ny: 4, nz: 6, resolutionUm: 50 };
    const m50 = new Uint8Array(12 * 4 * 6);
    for (let z = 0; z < 6; z++)
      for (let y = 0; y < 4; y++) for (let x = 0; x < 12; x++) m50[x + 12 * (y + 4 * z)] = mask[(x >> 1) + 6 * ((y >> 1) + 2 * (z >> 1))] ?? 0;
    expect(Array.from(targetAt100(m50, fine, S))).toEqual(Array.from(targetAt100(mask, S, S)));
    expect(() => targetAt100(new Uint8Array(5), S, S)).toThrow(RangeError);
  });
});
