import { describe, expect, it } from 'vitest';
import { mean, median, nanMax, std, summarize } from './stats';

describe('stats', () => {
  it('mean / std (population) / median on a hand case', () => {
    const v = [2, 4, 4, 4, 5, 5, 7, 9, NaN];
    expect(mean(v)).toBe(5);
    expect(std(v)).toBe(2); // classic population-std example
    expect(median(v)).toBe(4.5);
  });
  it('empty input gives NaN, not 0', () => {
    expect(mean([])).toBeNaN();
    expect(std([NaN])).toBeNaN();
    expect(nanMax([NaN])).toBeNaN();
    expect(summarize([]).count).toBe(0);
  });
  it('summary min/max/count skip non-finite values', () => {
    const s = summarize(new Float32Array([NaN, -3, 8, Infinity, 1]));
    expect(s).toMatchObject({ count: 3, min: -3, max: 8, mean: 2 });
  });
  it('is shift-invariant (std) and scale-equivariant (property)', () => {
    const v = [0.3, 1.7, 2.2, 9.1, 4.4, 0.05];
    const shifted = v.map((x) => x + 10);
    const scaled = v.map((x) => x * 3);
    expect(std(shifted)).toBeCloseTo(std(v), 10);
    expect(std(scaled)).toBeCloseTo(3 * std(v), 10);
    expect(median(scaled)).toBeCloseTo(3 * median(v), 10);
  });
});
