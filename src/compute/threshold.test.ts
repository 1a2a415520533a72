import { describe, expect, it } from 'vitest';
import { thresholdConnectivity, type ThresholdSliceInput } from './threshold';

const slice = (values: number[], rows = 1, cols = values.length): ThresholdSliceInput => ({ rows, cols, matrices: [Float32Array.from(values)] });

describe('thresholdConnectivity', () => {
  it('absolute threshold on raw values: significance, thresholded map, NaN stays NaN', () => {
    const r = thresholdConnectivity([slice([1, 5, NaN, 3])], { threshold: 2 });
    expect(r.threshold).toBe(2);
    expect(Array.from(r.slices[0]?.significant[0] ?? [])).toEqual([0, 1, 0, 1]);
    expect(Array.from(r.slices[0]?.thresholded[0] ?? [])).toEqual([0, 5, NaN, 3]);
    expect(r.count).toBe(3);
    expect(r.above).toBe(2);
  });

  it('percentile threshold uses only region bins (NaN excluded) — hand case', () => {
    // values 0..4 → 50th percentile 2; bins > 2: 3, 4
    const r = thresholdConnectivity([slice([0, 1, NaN, NaN]), slice([2, 3, 4, NaN])], { threshold: 50, thresholdMethod: 'percentile' });
    expect(r.threshold).toBe(2);
    expect(r.above).toBe(2);
  });

  it('relative and zscore thresholds', () => {
    const s = [slice([2, 4, 4, 4, 5, 5, 7, 9])]; // mean 5, population std 2
    expect(thresholdConnectivity(s, { threshold: 0.5, thresholdMethod: 'relative' }).threshold).toBe(4.5);
    expect(thresholdConnectivity(s, { threshold: 1, thresholdMethod: 'zscore' }).threshold).toBe(7);
  });

  it('normalisations: minmax (global), region, zscore, robust — hand cases', () => {
    const a = slice([0, 2]);
    const b = slice([4, 8]);
    const mm = thresholdConnectivity([a, b], { threshold: 0, normalizationMethod: 'minmax' });
    expect(Array.from(mm.slices[1]?.normalized[0] ?? [])).toEqual([0.5, 1]);
    const rg = thresholdConnectivity([a, b], { threshold: 0, normalizationMethod: 'region' });
    expect(Array.from(rg.slices[1]?.normalized[0] ?? [])).toEqual([0, 1]);
    const z = thresholdConnectivity([slice([2, 4, 4, 4, 5, 5, 7, 9])], { threshold: 0, normalizationMethod: 'zscore' });
    expect(z.slices[0]?.normalized[0]?.[7]).toBeCloseTo(2, 6);
    // robust (bsv): median 4.5, numpy P25 = 4, P75 = 5.5 → IQR 1.5; 9 → (9 − 4.5)/1.5 = 3
    const rb = thresholdConnectivity([slice([2, 4, 4, 4, 5, 5, 7, 9])], { threshold: 0, normalizationMethod: 'robust' });
    expect(rb.slices[0]?.normalized[0]?.[7]).toBeCloseTo(3, 6);
    expect(rb.slices[0]?.normalized[0]?.[0]).toBeCloseTo(-5 / 3, 6);
    // no spread (IQR 0): left as it is, as bsv does
    const still = thresholdConnectivity([slice([3, 3, 3, 3, 8])], { threshold: 0, normalizationMethod: 'robust' });
    expect(Array.from(still.slices[0]?.normalized[0] ?? [])).toEqual([3, 3, 3, 3, 8]);
    const flat = thresholdConnectivity([slice([3, 3, 3])], { threshold: 0, normalizationMethod: 'zscore' });
    expect(Array.from(flat.slices[0]?.normalized[0] ?? [])).toEqual([0, 0, 0]);
  });

  it('monotonicity: a higher threshold never adds significant bins', () => {
    const s = [slice([0.1, 0.9, 0.4, 0.7, 0.3, NaN, 0.55, 0.2])];
    let prev = Infinity;
    for (let p = 0; p <= 100; p += 10) {
      const r = thresholdConnectivity(s, { threshold: p, thresholdMethod: 'percentile' });
      expect(r.above).toBeLessThanOrEqual(prev);
      prev = r.above;
    }
  });

  it('boundary = 4-neighbours of the significant set that are not significant', () => {
    const r = thresholdConnectivity([slice([0, 0, 0, 0, 9, 0, 0, 0, 0], 3, 3)], { threshold: 1 });
    expect(Array.from(r.slices[0]?.boundary[0] ?? [])).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('out-of-range thresholds throw RangeError with a message', () => {
    const s = [slice([1, 2])];
    expect(() => thresholdConnectivity(s, { threshold: 101, thresholdMethod: 'percentile' })).toThrow(/within \[0, 100\]/);
    expect(() => thresholdConnectivity(s, { threshold: 1.5, thresholdMethod: 'relative' })).toThrow(RangeError);
    expect(() => thresholdConnectivity(s, { threshold: NaN })).toThrow(RangeError);
    expect(() => thresholdConnectivity([{ rows: 2, cols: 2, matrices: [new Float32Array(3)] }], { threshold: 0 })).toThrow(RangeError);
  });
});
