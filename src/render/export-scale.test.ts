import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_SCALE, EXPORT_SCALES, exportDpi, exportPixelSize, isExportScale, layoutSize } from './export-scale';

describe('export scale', () => {
  it('1×, 2×, 4×; default 2×', () => {
    expect(EXPORT_SCALES).toEqual([1, 2, 4]);
    expect(DEFAULT_EXPORT_SCALE).toBe(2);
    expect([1, 2, 4, 3, 0, '2', null].map(isExportScale)).toEqual([true, true, true, false, false, false, false]);
  });

  it('the PNG is exactly scale × the layout size in whole CSS px', () => {
    expect(layoutSize(822.4, 577.5)).toEqual({ width: 822, height: 578 });
    expect(exportPixelSize(822.4, 577.5, 1)).toEqual({ width: 822, height: 578 });
    expect(exportPixelSize(822.4, 577.5, 2)).toEqual({ width: 1644, height: 1156 });
    expect(exportPixelSize(822.4, 577.5, 4)).toEqual({ width: 3288, height: 2312 });
    expect(exportPixelSize(0, Number.NaN, 4)).toEqual({ width: 4, height: 4 });
  });

  it('96 dpi per scale step, so every scale prints at the same size', () => {
    expect(EXPORT_SCALES.map(exportDpi)).toEqual([96, 192, 384]);
  });
});
