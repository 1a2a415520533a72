import { describe, expect, it } from 'vitest';
import { BoxCache, boxQuad, nonZeroBox } from './raster-box';

describe('nonZeroBox', () => {
  it('finds the inclusive row/column range of positive cells', () => {
    // 4 rows × 5 cols
    const a = new Float32Array(20);
    a[1 * 5 + 3] = 0.2;
    a[2 * 5 + 1] = 1;
    expect(nonZeroBox(a, 4, 5)).toEqual({ r0: 1, r1: 2, c0: 1, c1: 3 });
    expect(nonZeroBox(new Float32Array(20), 4, 5)).toBeNull();
    expect(nonZeroBox(Float32Array.from([NaN, -1, 0, 0]), 2, 2)).toBeNull();
  });
  it('maps a box to its µm extent and texture window', () => {
    expect(boxQuad({ r0: 1, r1: 2, c0: 1, c1: 3 }, 4, 5, 100)).toEqual({
      extent: [100, 100, 400, 300],
      uv: [0.2, 0.25, 0.8, 0.75],
    });
  });
  it('caches by (array, version) and recomputes without a version', () => {
    const a = new Uint8Array(4);
    const c = new BoxCache();
    expect(c.get(a, 2, 2, 1)).toBeNull();
    a[3] = 1;
    expect(c.get(a, 2, 2, 1)).toBeNull(); // same version: cached on purpose
    expect(c.get(a, 2, 2, 2)).toEqual({ r0: 1, r1: 1, c0: 1, c1: 1 });
    a[0] = 1;
    expect(c.get(a, 2, 2)).toEqual({ r0: 0, r1: 1, c0: 0, c1: 1 });
  });
});
