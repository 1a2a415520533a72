import { describe, expect, it } from 'vitest';
import { labelEdgesPath } from './svg-paths';

const unit = (r: number, c: number): { x: number; y: number } => ({ x: c, y: r });

describe('labelEdgesPath', () => {
  it('draws one merged segment per straight boundary', () => {
    // 2 rows × 3 cols: top row id 1, bottom row id 2 → one horizontal line y = 1 from x 0 to 3
    expect(labelEdgesPath(Uint32Array.from([1, 1, 1, 2, 2, 2]), 2, 3, unit)).toBe('M0 1L3 1');
    // left column 0 (outside), rest 7 → one vertical line x = 1 over both rows
    expect(labelEdgesPath(Uint32Array.from([0, 7, 7, 0, 7, 7]), 2, 3, unit)).toBe('M1 0L1 2');
  });
  it('draws nothing for a uniform raster and outlines a lone cell with 4 sides', () => {
    expect(labelEdgesPath(new Uint32Array(9), 3, 3, unit)).toBe('');
    expect(labelEdgesPath(Uint32Array.from([0, 0, 0, 0, 9, 0, 0, 0, 0]), 3, 3, unit)).toBe('M1 1L2 1M1 2L2 2M1 1L1 2M2 1L2 2');
  });
  it('rejects a wrong length', () => {
    expect(() => labelEdgesPath(new Uint32Array(5), 2, 3, unit)).toThrow(RangeError);
  });
});
