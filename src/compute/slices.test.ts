import { describe, expect, it } from 'vitest';
import { DENSITY_SHAPE, NO_DATA, type GridShape } from './grid';
import { computeSlices } from './slices';
import { planSlices } from './slices-plan';

const dS: GridShape = { nx: 4, ny: 3, nz: 2, resolutionUm: 100 };
const mS: GridShape = { nx: 8, ny: 6, nz: 4, resolutionUm: 50 };
const idx = (s: GridShape, x: number, y: number, z: number): number => x + s.nx * (y + s.ny * z);

describe('planSlices', () => {
  const s: GridShape = { nx: 40, ny: 2, nz: 2, resolutionUm: 100 };
  const mask = new Uint8Array(40 * 4);
  for (let x = 10; x < 30; x++) mask[idx(s, x, 1, 1)] = 1;
  it('cuts the exact region extent into equal, non-overlapping chunks positioned at their centres', () => {
    const w = planSlices(mask, s, { plane: 'coronal', numberOfChunks: 4, hemisphere: 'both' });
    expect(w.map((x) => x.positionUm)).toEqual([1250, 1750, 2250, 2750]);
    expect(w[0]).toEqual({ positionUm: 1250, startUm: 1000, endUm: 1500 });
    for (let k = 1; k < w.length; k++) expect(w[k]?.startUm).toBe(w[k - 1]?.endUm);
  });
  it('centres custom slice windows: ±(slice_averaging + ½)·100 µm', () => {
    const w = planSlices(mask, s, { plane: 'coronal', numberOfChunks: 1, customSlicesUm: [5500], sliceAveraging: 1, hemisphere: 'both' });
    expect(w).toEqual([{ positionUm: 5500, startUm: 5350, endUm: 5650 }]);
    expect(() => planSlices(mask, s, { plane: 'coronal', numberOfChunks: 1, customSlicesUm: [1], sliceAveraging: 0.5, hemisphere: 'both' })).toThrow(
      RangeError,
    );
    expect(() => planSlices(mask, s, { plane: 'coronal', numberOfChunks: 0, hemisphere: 'both' })).toThrow(RangeError);
  });
  it('folded sagittal custom slices right of the midline are mirrored to the left hemisphere', () => {
    const w = planSlices(mask, s, { plane: 'sagittal', numberOfChunks: 1, customSlicesUm: [8000, 3000], hemisphere: 'fold-sum' });
    expect(w.map((x) => x.positionUm)).toEqual([3400, 3000]);
    const both = planSlices(mask, s, { plane: 'sagittal', numberOfChunks: 1, customSlicesUm: [8000], hemisphere: 'both' });
    expect(both[0]?.positionUm).toBe(8000);
  });
});

describe('computeSlices (true area binning inside the exact mask)', () => {
  it('weights each 100 µm voxel by the fraction of it inside a 50 µm mask (hand case)', () => {
    const d = new Float32Array(24);
    // along ML (z) at AP 1, DV 1: voxel z=0 → 1, z=1 → 3
    d[idx(dS, 1, 1, 0)] = 1;
    d[idx(dS, 1, 1, 1)] = 3;
    const mask = new Uint8Array(8 * 6 * 4);
    // coronal slab AP cells 2..3 (= density AP 1), DV cell 2 (density DV 1); ML cells 1, 2, 3
    for (const z of [1, 2, 3]) mask[idx(mS, 2, 2, z)] = 1;
    const r = computeSlices([d], dS, mask, mS, { plane: 'coronal', numberOfChunks: 1, numberOfPixels: 1, hemisphere: 'both' });
    const s = r.slices[0];
    expect(s?.window).toEqual({ positionUm: 125, startUm: 100, endUm: 150 });
    // mean over 3 mask cells: (1 + 3 + 3) / 3
    expect(s?.matrices[0]?.[0]).toBeCloseTo(7 / 3, 6);
    expect(Array.from(s?.colEdgesUm ?? [])).toEqual([50, 200]);
    expect(Array.from(s?.dvEdgesUm ?? [])).toEqual([100, 150]);
  });

  it('region_only: bins without region area are NaN; full slice reads every voxel in the box', () => {
    const d = new Float32Array(24).fill(5);
    d[idx(dS, 0, 0, 1)] = 9;
    const mask = new Uint8Array(8 * 6 * 4);
    mask[idx(mS, 0, 0, 0)] = 1;
    mask[idx(mS, 0, 1, 3)] = 1; // a 2×4 cell box in (DV, ML) with 2 mask cells at opposite corners
    const params = { plane: 'coronal' as const, numberOfChunks: 1, numberOfPixels: 2, hemisphere: 'both' as const };
    const only = computeSlices([d], dS, mask, mS, params).slices[0];
    // rows = DV [0,50),[50,100); cols = ML [0,100),[100,200)
    expect(only?.matrices[0]?.[0]).toBe(5);
    expect(only?.matrices[0]?.[1]).toBeNaN();
    expect(only?.matrices[0]?.[2]).toBeNaN();
    expect(only?.matrices[0]?.[3]).toBe(9);
    expect(Array.from(only?.coverage ?? [])).toEqual([0.5, 0, 0, 0.5]);
    const full = computeSlices([d], dS, mask, mS, { ...params, regionOnly: false }).slices[0];
    expect(Array.from(full?.matrices[0] ?? [])).toEqual([5, 9, 5, 9]);
  });

  it('custom slices outside the region are empty (NaN matrices); an empty mask gives no chunks', () => {
    const d = new Float32Array(24).fill(1);
    const mask = new Uint8Array(8 * 6 * 4);
    mask[idx(mS, 0, 0, 0)] = 1;
    const r = computeSlices([d], dS, mask, mS, { plane: 'coronal', numberOfChunks: 1, numberOfPixels: 3, customSlicesUm: [25, 350], hemisphere: 'both' });
    expect(r.slices.map((s) => s.empty)).toEqual([false, true]);
    expect(r.slices[1]?.matrices[0]?.length).toBe(9);
    expect(r.slices[1]?.matrices[0]?.every((v) => Number.isNaN(v))).toBe(true);
    expect(
      computeSlices([d], dS, new Uint8Array(8 * 6 * 4), mS, { plane: 'coronal', numberOfChunks: 4, numberOfPixels: 3, hemisphere: 'both' }).slices,
    ).toEqual([]);
  });

  it('no-data voxels (−1, NaN) are neither values nor weight', () => {
    const d = new Float32Array(24).fill(NO_DATA);
    d[idx(dS, 0, 0, 0)] = 2;
    d[idx(dS, 0, 0, 1)] = NaN;
    const mask = new Uint8Array(8 * 6 * 4);
    mask[idx(mS, 0, 0, 0)] = 1;
    mask[idx(mS, 0, 0, 2)] = 1;
    mask[idx(mS, 0, 0, 3)] = 1;
    const r = computeSlices([d], dS, mask, mS, { plane: 'coronal', numberOfChunks: 1, numberOfPixels: 1, hemisphere: 'both' });
    expect(r.slices[0]?.matrices[0]?.[0]).toBe(2);
    const none = computeSlices([new Float32Array(24).fill(NO_DATA)], dS, mask, mS, {
      plane: 'coronal',
      numberOfChunks: 1,
      numberOfPixels: 1,
      hemisphere: 'both',
    });
    expect(none.slices[0]?.matrices[0]?.[0]).toBeNaN();
  });

  it('the region mean of a slice is over every mask voxel with data in the slab, not a mean of bins; folded like the bins', () => {
    // 100 µm mask = the density grid: region = AP 1, DV 0–1, ML 0 (left) and ML 1 (right)
    const d = new Float32Array(24);
    d[idx(dS, 1, 0, 0)] = 1;
    d[idx(dS, 1, 1, 0)] = NO_DATA;
    d[idx(dS, 1, 0, 1)] = 3; // mirror of (1, 0, 0)
    d[idx(dS, 1, 1, 1)] = 5; // mirror of (1, 1, 0), whose own value is no data
    const mask = new Uint8Array(24);
    for (const [y, z] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const)
      mask[idx(dS, 1, y, z)] = 1;
    const both = computeSlices([d], dS, mask, dS, { plane: 'coronal', numberOfChunks: 1, numberOfPixels: 7, hemisphere: 'both' }).slices[0];
    expect(both?.regionMean[0]).toBeCloseTo((1 + 3 + 5) / 3, 12);
    expect([both?.regionWithData[0], both?.regionCells]).toEqual([3, 4]);
    // fold-sum (bsv): left-half mask cells read D + D(mirror), a missing side contributes nothing.
    // A grid whose midline (5700 µm) splits ML index 0 | 1:
    const wide: GridShape = { ...dS, resolutionUm: 5700 };
    const folded = computeSlices([d], wide, mask, wide, { plane: 'coronal', numberOfChunks: 1, numberOfPixels: 7 }).slices[0];
    expect(folded?.regionMean[0]).toBeCloseTo((1 + 3 + 5) / 2, 12);
    expect([folded?.regionWithData[0], folded?.regionCells]).toEqual([2, 2]);
  });

  it('normalize_by_group scales each group to max 1; colour limits global / per_slice / fixed', () => {
    const a = new Float32Array(24).fill(2);
    const b = new Float32Array(24).fill(8);
    for (const x of [2, 3])
      for (let z = 0; z < 2; z++)
        for (let y = 0; y < 3; y++) {
          a[idx(dS, x, y, z)] = 4;
          b[idx(dS, x, y, z)] = 16;
        }
    const mask = new Uint8Array(8 * 6 * 4).fill(1);
    const base = { plane: 'coronal' as const, numberOfChunks: 2, numberOfPixels: 2, hemisphere: 'both' as const };
    const r = computeSlices([a, b], dS, mask, mS, { ...base, normalizeByGroup: true });
    expect(r.slices[1]?.matrices[0]?.[0]).toBeCloseTo(1, 6);
    expect(r.slices[1]?.matrices[1]?.[0]).toBeCloseTo(1, 6);
    expect(r.slices[0]?.matrices[1]?.[0]).toBeCloseTo(0.5, 6);
    const g = computeSlices([a, b], dS, mask, mS, base);
    expect(g.slices.map((s) => s.colorLimits)).toEqual([
      [0, 16],
      [0, 16],
    ]);
    const p = computeSlices([a, b], dS, mask, mS, { ...base, colorLimits: 'per_slice' });
    expect(p.slices.map((s) => s.colorLimits)).toEqual([
      [0, 8],
      [0, 16],
    ]);
    const f = computeSlices([a], dS, mask, mS, { ...base, colorLimits: [1, 3] });
    expect(f.slices[0]?.colorLimits).toEqual([1, 3]);
    expect(() => computeSlices([a], dS, mask, mS, { ...base, colorLimits: [3, 1] })).toThrow(RangeError);
  });

  describe('on the real 100 µm density grid with a 50 µm ellipsoid mask', () => {
    const m50: GridShape = { nx: 264, ny: 160, nz: 228, resolutionUm: 50 };
    const mask = new Uint8Array(264 * 160 * 228);
    // bilateral ellipsoids mirrored about the midline (ML cell z ↔ 227 − z)
    for (let z = 0; z < 228; z++)
      for (let y = 0; y < 160; y++)
        for (let x = 0; x < 264; x++) {
          const zz = z < 114 ? z : 227 - z;
          if (((x - 120.3) / 15) ** 2 + ((y - 70.1) / 12) ** 2 + ((zz - 80.4) / 10) ** 2 < 1) mask[idx(m50, x, y, z)] = 1;
        }
    let seed = 3;
    const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const d = Float32Array.from({ length: 132 * 80 * 114 }, () => rand());
    const mirrored = new Float32Array(d.length);
    for (let z = 0; z < 114; z++)
      for (let y = 0; y < 80; y++) for (let x = 0; x < 132; x++) mirrored[idx(DENSITY_SHAPE, x, y, 113 - z)] = d[idx(DENSITY_SHAPE, x, y, z)] ?? 0;
    const params = { plane: 'coronal' as const, numberOfChunks: 5, numberOfPixels: 7 };

    it('conserves mass: Σ value·(mask cells per bin) = Σ folded density over mask cells', () => {
      const r = computeSlices([d], DENSITY_SHAPE, mask, m50, params);
      let binned = 0;
      for (const s of r.slices) {
        const binCells = (((s.colEdgesUm[1] ?? 0) - (s.colEdgesUm[0] ?? 0)) * ((s.dvEdgesUm[1] ?? 0) - (s.dvEdgesUm[0] ?? 0))) / 2500;
        const depth = (s.window.endUm - s.window.startUm) / 50;
        s.matrices[0]?.forEach((v, i) => {
          if (!Number.isNaN(v)) binned += v * (s.coverage[i] ?? 0) * binCells * depth;
        });
      }
      let direct = 0;
      for (let z = 0; z < 114; z++)
        for (let y = 0; y < 160; y++)
          for (let x = 0; x < 264; x++) {
            if (!mask[idx(m50, x, y, z)]) continue;
            const X = Math.floor(x / 2),
              Y = Math.floor(y / 2),
              Z = Math.floor(z / 2);
            direct += (d[idx(DENSITY_SHAPE, X, Y, Z)] ?? 0) + (d[idx(DENSITY_SHAPE, X, Y, 113 - Z)] ?? 0);
          }
      expect(binned / direct).toBeCloseTo(1, 4);
    });

    it('mirror symmetry: folding makes the ML-mirrored volume give identical slices', () => {
      for (const hemisphere of ['fold-sum', 'fold-mean'] as const) {
        const a = computeSlices([d], DENSITY_SHAPE, mask, m50, { ...params, hemisphere, smoothing: 1 });
        const b = computeSlices([mirrored], DENSITY_SHAPE, mask, m50, { ...params, hemisphere, smoothing: 1 });
        a.slices.forEach((s, k) => {
          const t = b.slices[k];
          s.matrices[0]?.forEach((v, i) => {
            const w = t?.matrices[0]?.[i] ?? NaN;
            if (Number.isNaN(v)) expect(w).toBeNaN();
            else expect(w).toBeCloseTo(v, 5);
          });
        });
      }
    });

    it('fold-sum of a constant field is twice fold-mean; stretch gives n × n bins, square gives square bins', () => {
      const c = new Float32Array(d.length).fill(0.25);
      const sum = computeSlices([c], DENSITY_SHAPE, mask, m50, params);
      const avg = computeSlices([c], DENSITY_SHAPE, mask, m50, { ...params, hemisphere: 'fold-mean' });
      for (const s of sum.slices) {
        expect([s.rows, s.cols]).toEqual([7, 7]);
        for (const v of s.matrices[0] ?? []) if (!Number.isNaN(v)) expect(v).toBeCloseTo(0.5, 6);
      }
      for (const s of avg.slices) for (const v of s.matrices[0] ?? []) if (!Number.isNaN(v)) expect(v).toBeCloseTo(0.25, 6);
      const sq = computeSlices([c], DENSITY_SHAPE, mask, m50, { ...params, binShape: 'square' });
      for (const s of sq.slices) {
        const du = (s.colEdgesUm[1] ?? 0) - (s.colEdgesUm[0] ?? 0);
        const dv = (s.dvEdgesUm[1] ?? 0) - (s.dvEdgesUm[0] ?? 0);
        expect(du).toBeCloseTo(dv, 6);
        expect(Math.max(s.rows, s.cols)).toBe(7);
      }
    });
  });
});
