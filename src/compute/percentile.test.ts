import { describe, expect, it } from 'vitest';
import { collectValues, isDensityValue, percentile, percentileInPlace } from './percentile';

describe('percentile (numpy linear interpolation)', () => {
  it('matches hand-computed numpy values', () => {
    // numpy.percentile([1, 2, 3, 4], 50) = 2.5; 25 → 1.75; 90 → 3.7; 0 → 1; 100 → 4
    const a = [4, 1, 3, 2];
    expect(percentile(a, 50)).toBeCloseTo(2.5, 12);
    expect(percentile(a, 25)).toBeCloseTo(1.75, 12);
    expect(percentile(a, 90)).toBeCloseTo(3.7, 12);
    expect(percentile(a, 0)).toBe(1);
    expect(percentile(a, 100)).toBe(4);
  });
  it('ignores NaN and infinities, keeps −1 as a value, and never mutates the input', () => {
    const a = new Float32Array([NaN, 5, -1, Infinity, 3]);
    expect(percentile(a, 50)).toBe(3);
    expect(Array.from(a.slice(1))).toEqual([5, -1, Infinity, 3]);
    expect(percentile([NaN], 50)).toBeNaN();
  });
  it('agrees with a full sort on random data for many p (property)', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + Math.floor(rand() * 200);
      const v = Array.from({ length: n }, () => Math.floor(rand() * 20)); // many ties
      const sorted = [...v].sort((x, y) => x - y);
      for (const p of [0, 1, 10, 33.3, 50, 75, 99, 100]) {
        const rank = (p / 100) * (n - 1);
        const lo = Math.floor(rank);
        const hi = Math.min(n - 1, lo + 1);
        const expected = (sorted[lo] ?? 0) + (rank - lo) * ((sorted[hi] ?? 0) - (sorted[lo] ?? 0));
        expect(percentileInPlace(Float64Array.from(v), p)).toBeCloseTo(expected, 9);
      }
    }
  });
  it('is monotone in p', () => {
    const v = [3, 9, 1, 1, 7, 2, 8];
    let prev = -Infinity;
    for (let p = 0; p <= 100; p += 5) {
      const x = percentile(v, p);
      expect(x).toBeGreaterThanOrEqual(prev);
      prev = x;
    }
  });
  it('rejects p outside [0, 100]', () => {
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(() => percentile([1, 2], -1)).toThrow(RangeError);
    expect(() => percentile([1, 2], NaN)).toThrow(RangeError);
  });
  it('density no-data policy: −1 and NaN are not density values', () => {
    expect(isDensityValue(-1)).toBe(false);
    expect(isDensityValue(NaN)).toBe(false);
    expect(isDensityValue(0)).toBe(true);
    expect(Array.from(collectValues([1, NaN, 2]))).toEqual([1, 2]);
  });
});
