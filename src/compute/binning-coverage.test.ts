import { describe, expect, it } from 'vitest';
import type { GridShape } from './grid';
import { maskCoverage } from './binning-coverage';

describe('maskCoverage', () => {
  it('fractions of 100 µm voxels inside a 50 µm mask (hand case)', () => {
    const m: GridShape = { nx: 4, ny: 2, nz: 2, resolutionUm: 50 };
    const c: GridShape = { nx: 2, ny: 1, nz: 1, resolutionUm: 100 };
    const mask = new Uint8Array(16);
    for (const i of [0, 1, 4, 5, 8]) mask[i] = 1; // 5 of 8 cells of voxel 0
    mask[15] = 1; // 1 of 8 cells of voxel 1
    expect(Array.from(maskCoverage(mask, m, c))).toEqual([5 / 8, 1 / 8]);
  });
  it('conserves volume on aligned (nx % 4 = 0) and unaligned grids, 25 µm → 100 µm', () => {
    for (const nx of [8, 12, 10]) {
      const m: GridShape = { nx: nx * 4, ny: 8, nz: 12, resolutionUm: 25 };
      const c: GridShape = { nx, ny: 2, nz: 3, resolutionUm: 100 };
      let seed = nx;
      const mask = new Uint8Array(m.nx * m.ny * m.nz).map(() => ((seed = (seed * 48271) % 2147483647) % 7 === 0 ? 1 : 0));
      const cov = maskCoverage(mask, m, c);
      const total = cov.reduce((a, b) => a + b, 0) * 64;
      expect(total).toBeCloseTo(
        mask.reduce((a, b) => a + b, 0),
        3,
      );
      for (const v of cov) expect(v).toBeLessThanOrEqual(1);
    }
    // an unaligned view into a larger buffer takes the byte-by-byte path
    const buf = new Uint8Array(1 + 16 * 4 * 4);
    buf[1 + 5] = 1;
    const view = buf.subarray(1);
    const cov = maskCoverage(view, { nx: 16, ny: 4, nz: 4, resolutionUm: 25 }, { nx: 4, ny: 1, nz: 1, resolutionUm: 100 });
    expect(Array.from(cov)).toEqual([0, 1 / 64, 0, 0]);
  });
  it('rejects a mask whose length does not match its shape', () => {
    expect(() => maskCoverage(new Uint8Array(3), { nx: 2, ny: 1, nz: 1, resolutionUm: 50 }, { nx: 1, ny: 1, nz: 1, resolutionUm: 100 })).toThrow(RangeError);
  });
});
