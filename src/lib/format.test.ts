import { describe, expect, it } from 'vitest';
import { formatBytes, formatMeanSd, formatMeanSdIn, numberFormatFor } from './format';

describe('formatBytes', () => {
  it('formats with binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(4_815_360)).toBe('4.6 MB');
  });
  it('rejects nonsense', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatMeanSd', () => {
  it('writes a mean and its SD in one notation, to the same decimals', () => {
    expect(formatMeanSd(0.0783, 0.0654)).toBe('0.0783 ± 0.0654');
    expect(formatMeanSd(0.00316, 0.00499)).toBe('0.00316 ± 0.00499');
    expect(formatMeanSd(0.00108, 0.0000444)).toBe('0.00108 ± 0.00004');
    expect(formatMeanSd(12.345, 1.2)).toBe('12.3 ± 1.2');
    expect(formatMeanSd(4.96e-6, 7.02e-6)).toBe('(4.96 ± 7.02) × 10⁻⁶');
    expect(formatMeanSd(25000, 310)).toBe('(2.50 ± 0.03) × 10⁴');
  });
  it('zeros, a missing SD and no data', () => {
    expect(formatMeanSd(0, 0)).toBe('0 ± 0');
    expect(formatMeanSd(0.05, null)).toBe('0.0500');
    expect(formatMeanSd(5e-6, null)).toBe('5.00 × 10⁻⁶');
    expect(formatMeanSd(Number.NaN, 1)).toBe('—');
  });
});

describe('numberFormatFor', () => {
  it('one notation for a column: fixed decimals on its largest value, or a shared power of ten', () => {
    const f = numberFormatFor(0.0022);
    expect([0.0022, 5.91e-6, 0, Number.NaN].map(f.scaled)).toEqual(['0.00220', '0.00001', '0', '—']);
    expect(f.power).toBeNull();
    const g = numberFormatFor(2.39e-4);
    expect(g.power).toBe('× 10⁻⁴');
    expect([2.39e-4, 5.91e-6, 0].map(g.scaled)).toEqual(['2.39', '0.06', '0']);
  });
});

describe('formatMeanSdIn', () => {
  it('writes every cell of a column in the notation of its largest value, the power of ten left to the header', () => {
    const column = numberFormatFor(0.0078); // the largest mean or SD of the column
    expect(formatMeanSdIn(column, 0.0078, 0.00498)).toBe('0.00780 ± 0.00498');
    expect(formatMeanSdIn(column, 3.22e-6, 7.93e-6)).toBe('0.00000 ± 0.00001');
    expect(formatMeanSdIn(column, 0.004, null)).toBe('0.00400');
    expect(formatMeanSdIn(column, NaN, 0.1)).toBe('—');
    const tiny = numberFormatFor(7.93e-6);
    expect(tiny.power).toBe('× 10⁻⁶');
    expect(formatMeanSdIn(tiny, 3.22e-6, 7.93e-6)).toBe('3.22 ± 7.93');
    expect(formatMeanSdIn(tiny, 1e-7, 0)).toBe('0.10 ± 0');
  });
});
