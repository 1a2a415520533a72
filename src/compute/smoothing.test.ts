import { describe, expect, it } from 'vitest';
import { blurVolume, gaussianKernel, smoothMatrixNanAware } from './smoothing';

describe('gaussianKernel', () => {
  it('has scipy radius floor(4σ + 0.5), sums to 1 and is symmetric', () => {
    const k = gaussianKernel(1);
    expect(k.length).toBe(9);
    expect(gaussianKernel(2).length).toBe(17);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let i = 0; i < k.length; i++) expect(k[i]).toBeCloseTo(k[k.length - 1 - i] ?? NaN, 15);
    expect(() => gaussianKernel(0)).toThrow(RangeError);
  });
});

describe('smoothMatrixNanAware', () => {
  it('leaves a constant field constant, including next to NaN bins (no pull toward 0)', () => {
    const m = new Float32Array(25).fill(3);
    m[0] = NaN;
    m[12] = NaN;
    const out = smoothMatrixNanAware(m, 5, 5, 1.5);
    for (let i = 0; i < 25; i++) {
      if (i === 0 || i === 12) expect(out[i]).toBeNaN();
      else expect(out[i]).toBeCloseTo(3, 5);
    }
  });
  it('matches a hand-computed 1-D case (σ = 1, three bins)', () => {
    // row [1, 0, 0]: bin 0 = (k0·1)/(k0 + k1 + k2) with taps k_d = exp(−d²/2)
    const out = smoothMatrixNanAware(new Float32Array([1, 0, 0]), 1, 3, 1);
    const k0 = 1,
      k1 = Math.exp(-0.5),
      k2 = Math.exp(-2);
    expect(out[0]).toBeCloseTo(k0 / (k0 + k1 + k2), 6);
    expect(out[1]).toBeCloseTo(k1 / (k1 + k0 + k1), 6);
    expect(out[2]).toBeCloseTo(k2 / (k2 + k1 + k0), 6);
  });
  it('is mirror-symmetric: smoothing a flipped matrix gives the flipped result', () => {
    const rows = 6,
      cols = 7;
    const m = Float32Array.from({ length: rows * cols }, (_, i) => ((i * 37) % 11) / 3);
    m[8] = NaN;
    const flipped = new Float32Array(rows * cols);
    for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) flipped[y * cols + (cols - 1 - x)] = m[y * cols + x] ?? NaN;
    const a = smoothMatrixNanAware(m, rows, cols, 1.2);
    const b = smoothMatrixNanAware(flipped, rows, cols, 1.2);
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < cols; x++) {
        const u = a[y * cols + x] ?? NaN;
        const v = b[y * cols + (cols - 1 - x)] ?? NaN;
        if (Number.isNaN(u)) expect(v).toBeNaN();
        else expect(v).toBeCloseTo(u, 5);
      }
  });
  it('σ = 0 returns an equal copy; wrong length throws', () => {
    const m = new Float32Array([1, NaN, 2, 3]);
    const out = smoothMatrixNanAware(m, 2, 2, 0);
    expect(out).not.toBe(m);
    expect(Array.from(out)).toEqual(Array.from(m));
    expect(() => smoothMatrixNanAware(m, 3, 2, 1)).toThrow(RangeError);
  });
  it('stays within the range of the finite input values (monotonicity / max principle)', () => {
    const m = Float32Array.from({ length: 64 }, (_, i) => (i % 5 === 0 ? NaN : (i * 7) % 13));
    const out = smoothMatrixNanAware(m, 8, 8, 2);
    for (const v of out)
      if (!Number.isNaN(v)) {
        expect(v).toBeGreaterThanOrEqual(0 - 1e-6);
        expect(v).toBeLessThanOrEqual(12 + 1e-6);
      }
  });
});

describe('blurVolume', () => {
  it('conserves the total away from the border and keeps constants constant', () => {
    const dims = { nx: 15, ny: 13, nz: 11 };
    const v = new Float32Array(15 * 13 * 11);
    v[7 + 15 * (6 + 13 * 5)] = 1;
    const out = blurVolume(v, dims, 1);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const c = blurVolume(new Float32Array(15 * 13 * 11).fill(2), dims, 1.5);
    for (const x of c) expect(x).toBeCloseTo(2, 5);
  });
});

describe('blurVolume vs brute-force convolution', () => {
  it('matches a direct 3-D Gaussian convolution with replicated edges (random volume with constant runs)', () => {
    const dims = { nx: 7, ny: 6, nz: 5 };
    let seed = 11;
    const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const v = Float32Array.from({ length: 210 }, (_, i) => (i % 7 < 3 ? 1 : rand() < 0.5 ? 0 : rand()));
    const sigma = 0.8;
    const k = gaussianKernel(sigma);
    const r = (k.length - 1) / 2;
    const clamp = (a: number, n: number): number => (a < 0 ? 0 : a >= n ? n - 1 : a);
    const out = blurVolume(v, dims, sigma);
    for (const [x, y, z] of [
      [0, 0, 0],
      [3, 2, 1],
      [6, 5, 4],
      [2, 4, 3],
    ] as const) {
      let s = 0;
      for (let a = -r; a <= r; a++)
        for (let b = -r; b <= r; b++)
          for (let c = -r; c <= r; c++) {
            const w = (k[a + r] ?? 0) * (k[b + r] ?? 0) * (k[c + r] ?? 0);
            s += w * (v[clamp(x + a, 7) + 7 * (clamp(y + b, 6) + 6 * clamp(z + c, 5))] ?? 0);
          }
      expect(out[x + 7 * (y + 6 * z)]).toBeCloseTo(s, 5);
    }
  });
});

describe('smoothMatrixNanAware with coverage weights', () => {
  it('a half-covered bin counts half (hand case) and weight-0 bins pass through', () => {
    // row [0, 4, 9], weights [1, 0.5, 0], σ = 1: bin 0 = (k0·0 + k1·0.5·4)/(k0 + 0.5·k1)
    const k0 = 1,
      k1 = Math.exp(-0.5);
    const out = smoothMatrixNanAware(new Float32Array([0, 4, 9]), 1, 3, 1, new Float32Array([1, 0.5, 0]));
    expect(out[0]).toBeCloseTo((k1 * 0.5 * 4) / (k0 + 0.5 * k1), 6);
    expect(out[2]).toBe(9);
  });
});
