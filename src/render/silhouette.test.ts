import { describe, expect, it } from 'vitest';
import { isosurfaceFromMask } from '../compute/isosurface';
import { projectSilhouette, silhouetteRgba } from './silhouette';

const count = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);

describe('projectSilhouette', () => {
  it('fills the cells whose centre is inside a projected triangle (either winding)', () => {
    // triangle (0,0)-(400,0)-(0,400) in the u = x (0), v = z (2) plane, bins of 100 µm
    for (const order of [
      [0, 1, 2],
      [0, 2, 1],
    ]) {
      const positions = Float32Array.from([0, 5, 0, 400, 5, 0, 0, 5, 400]);
      const s = projectSilhouette(positions, Uint32Array.from(order), { u: 0, v: 2, uMaxUm: 400, vMaxUm: 400, binUm: 100 });
      // centres (c+.5, r+.5) with c + r + 1 ≤ 4 are inside → r + c ≤ 3  (edge inclusive)
      const expected = new Uint8Array(16);
      for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) if (r + c <= 3) expected[r * 4 + c] = 1;
      expect(Array.from(s.data)).toEqual(Array.from(expected));
      expect([s.rows, s.cols]).toEqual([4, 4]);
    }
  });

  it('a ball projects to a disc of area ≈ πr² along every axis pair', () => {
    const n = 40,
      r = 15,
      res = 50;
    const mask = new Uint8Array(n * n * n);
    const c = (n - 1) / 2;
    for (let z = 0; z < n; z++)
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if ((x - c) ** 2 + (y - c) ** 2 + (z - c) ** 2 <= r * r) mask[x + n * (y + n * z)] = 1;
    const mesh = isosurfaceFromMask(mask, { nx: n, ny: n, nz: n, resolutionUm: res });
    for (const [u, v] of [
      [0, 1],
      [0, 2],
      [2, 1],
    ] as const) {
      const s = projectSilhouette(mesh.positions, mesh.indices, { u, v, uMaxUm: n * res, vMaxUm: n * res, binUm: res });
      const area = count(s.data) * res * res;
      const disc = Math.PI * (r * res) ** 2;
      expect(Math.abs(area - disc) / disc).toBeLessThan(0.1);
      // the ball is centred in the raster: the silhouette equals its point mirror
      const mirrored = new Uint8Array(s.data.length);
      for (let i = 0; i < s.rows; i++) for (let j = 0; j < s.cols; j++) mirrored[(s.rows - 1 - i) * s.cols + (s.cols - 1 - j)] = s.data[i * s.cols + j] ?? 0;
      expect(Array.from(mirrored)).toEqual(Array.from(s.data));
    }
  });

  it('rgba: fill where inside, transparent outside', () => {
    const s = { rows: 1, cols: 2, binUm: 1, data: Uint8Array.from([1, 0]) };
    expect(Array.from(silhouetteRgba(s, [1, 2, 3, 4]))).toEqual([1, 2, 3, 4, 0, 0, 0, 0]);
  });

  it('rejects equal axes', () => {
    expect(() => projectSilhouette(new Float32Array(0), new Uint32Array(0), { u: 1, v: 1, uMaxUm: 1, vMaxUm: 1, binUm: 1 })).toThrow(RangeError);
  });
});
