import { describe, expect, it } from 'vitest';
import { axisOverlaps, binPlane, edgeCentres, linearEdges, type SlabPlane } from './binning';

describe('axisOverlaps', () => {
  it('splits a cell between two bins by overlapped length', () => {
    // cells of 25 µm from 0 µm; bins [0, 60) and [60, 200)
    const o = axisOverlaps(0, 8, 25, new Float64Array([0, 60, 200]));
    // cell 2 = [50, 75): 10 µm in bin 0, 15 µm in bin 1
    const s = o.start[2] ?? 0;
    expect((o.start[3] ?? 0) - s).toBe(2);
    expect([o.bin[s], o.bin[s + 1]]).toEqual([0, 1]);
    expect(o.frac[s]).toBeCloseTo(0.4, 12);
    expect(o.frac[s + 1]).toBeCloseTo(0.6, 12);
  });
  it('conserves length: fractions of cells fully inside the bin range sum to 1', () => {
    const edges = linearEdges(37, 913, 7);
    const o = axisOverlaps(0, 40, 25, edges);
    let total = 0;
    for (const f of o.frac) total += f;
    // covered length / 25 µm
    expect(total).toBeCloseTo((913 - 37) / 25, 9);
  });
  it('cells outside the bins get nothing', () => {
    const o = axisOverlaps(10, 2, 100, new Float64Array([0, 500]));
    expect(o.bin.length).toBe(0);
  });
});

describe('binPlane', () => {
  it('computes the exact weighted mean per bin and NaN for bins without weight', () => {
    // 1 × 4 plane of 50 µm cells from u = 0; values (sum/weight) 1, 2, 3, NaN(no weight)
    const plane: SlabPlane = {
      nu: 4,
      nv: 1,
      u0: 0,
      v0: 0,
      resUm: 50,
      sum: new Float64Array([1, 2, 3, 0]),
      weight: new Float64Array([1, 1, 1, 0]),
      cover: new Float64Array([1, 1, 1, 0]),
    };
    // bins [0, 75) and [75, 200): bin 0 = (1·1 + 2·0.5)/(1 + 0.5) = 4/3; bin 1 = (2·.5 + 3)/(1.5) = 8/3
    const b = binPlane(plane, new Float64Array([0, 75, 200]), new Float64Array([0, 50]), 1);
    expect(b.values[0]).toBeCloseTo(4 / 3, 6);
    expect(b.values[1]).toBeCloseTo(8 / 3, 6);
    expect(b.coverage[0]).toBeCloseTo(1, 6);
    expect(b.coverage[1]).toBeCloseTo(1.5 / 2.5, 6);
    const c = binPlane(plane, new Float64Array([150, 200]), new Float64Array([0, 50]), 1);
    expect(c.values[0]).toBeNaN();
  });
  it('edgeCentres', () => {
    expect(Array.from(edgeCentres(new Float64Array([0, 10, 30])))).toEqual([5, 20]);
  });
});
