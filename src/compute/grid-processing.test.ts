import { describe, expect, it } from 'vitest';
import { type GridShape, NO_DATA } from './grid';
import { inInjectedHalf, processGrid } from './grid-processing';

// 2 (AP) × 1 (DV) × 3 (ML): index ap + 2·ml; ml 1 is the middle slab
const shape: GridShape = { nx: 2, ny: 1, nz: 3, resolutionUm: 100 };
const arr = (a: Float32Array): number[] => Array.from(a);

describe('processGrid', () => {
  it('divides valid values by the divisor (× f32(1/divisor), rounded to f32); −1 and NaN are no data', () => {
    const out = processGrid(Float32Array.from([1, NO_DATA, NaN, 3, 0, 5]), shape, { divisor: 2, subtract: null });
    expect(arr(out)).toEqual([0.5, NaN, NaN, 1.5, 0, 2.5]);
    // 1/3 is not a float32: the result is f32(0.9 · f32(1/3)), not 0.9/3
    const third = processGrid(Float32Array.from([0.9, 0, 0, 0, 0, 0]), shape, { divisor: 3, subtract: null })[0];
    expect(third).toBe(Math.fround(Math.fround(0.9) * Math.fround(1 / 3)));
  });

  it('left-injected: left half = x − mirror, right half and the middle slab = 0 (valid)', () => {
    // ml 0: [4, 6], ml 1: [9, 9], ml 2: [1, 2] → ml 0 = [3, 4], others 0; then ÷ 0.5
    const out = processGrid(Float32Array.from([4, 6, 9, 9, 1, 2]), shape, { divisor: 0.5, subtract: 'left' });
    expect(arr(out)).toEqual([6, 8, 0, 0, 0, 0]);
  });

  it('right-injected: negative values kept; a pair with no data on either side is no data', () => {
    const out = processGrid(Float32Array.from([4, NO_DATA, NaN, 9, 1, 2]), shape, { divisor: 1, subtract: 'right' });
    expect(arr(out)).toEqual([0, 0, 0, 0, -3, NaN]);
  });

  it('a custom sentinel: NaN marks the only no data, −1 becomes a value', () => {
    const out = processGrid(Float32Array.from([NO_DATA, NaN, 2, 2, 2, 2]), shape, { divisor: 1, subtract: null, sentinel: NaN });
    expect(arr(out).slice(0, 2)).toEqual([-1, NaN]);
  });

  it('rejects a divisor that is not finite and > 0, and a grid of the wrong size', () => {
    for (const divisor of [0, -1, NaN, Infinity]) {
      expect(() => processGrid(new Float32Array(6), shape, { divisor, subtract: null })).toThrow(RangeError);
    }
    expect(() => processGrid(new Float32Array(5), shape, { divisor: 1, subtract: null })).toThrow(RangeError);
  });

  it('injected halves: even nz splits in two, odd nz leaves the middle slab in neither', () => {
    expect([0, 1, 2, 3].map((ml) => inInjectedHalf('left', ml, 4))).toEqual([true, true, false, false]);
    expect([0, 1, 2].map((ml) => inInjectedHalf('right', ml, 3))).toEqual([false, false, true]);
  });
});
