import { describe, expect, it } from 'vitest';
import { connectivityMatrix } from '../../compute/matrix';
import { joinColumnBlocks, normaliseMatrix } from './matrix-normalise';

describe('matrix normalisation', () => {
  // 2 × 3: [[1, 2, 4], [0, 0, 0]] plus a NaN
  const v = [1, 2, 4, 3, NaN, 6];
  it('divides rows by their max', () => {
    expect(Array.from(normaliseMatrix(v, 2, 3, 'row'))).toEqual([0.25, 0.5, 1, 0.5, NaN, 1]);
  });
  it('divides columns by their max', () => {
    expect(Array.from(normaliseMatrix(v, 2, 3, 'col'))).toEqual([1 / 3, 1, 4 / 6, 1, NaN, 1]);
  });
  it('rows first, then columns: every column max is 1', () => {
    const out = normaliseMatrix(v, 2, 3, 'both');
    expect(Array.from(out)).toEqual([0.5, 1, 1, 1, NaN, 1]);
  });
  it('leaves a row of zeros alone and does not modify the input', () => {
    const z = [0, 0, 2, 1];
    expect(Array.from(normaliseMatrix(z, 2, 2, 'row'))).toEqual([0, 0, 1, 0.5]);
    expect(z).toEqual([0, 0, 2, 1]);
    expect(Array.from(normaliseMatrix(z, 2, 2, 'none'))).toEqual(z);
  });
  it('agrees with the worker kernel (src/compute/matrix.ts) on the same data', () => {
    const shape = { nx: 4, ny: 1, nz: 1, resolutionUm: 100 };
    const sources = [Float32Array.from([0.5, 0.25, 1, 0]), Float32Array.from([0.1, 0.2, 0.3, -1])];
    const targets = [Uint8Array.from([1, 1, 0, 0]), Uint8Array.from([0, 0, 1, 1]), Uint8Array.from([0, 1, 1, 0])].map((mask) => ({ mask, shape }));
    for (const [how, normalizeRows, normalizeCols] of [
      ['row', true, false],
      ['col', false, true],
      ['both', true, true],
    ] as const) {
      const raw = connectivityMatrix(sources, shape, targets, { metric: 'mean' });
      const ref = connectivityMatrix(sources, shape, targets, { metric: 'mean', normalizeRows, normalizeCols });
      const mine = normaliseMatrix(raw.values, 2, 3, how);
      mine.forEach((x, i) => expect(x).toBeCloseTo(ref.values[i] ?? NaN, 12));
    }
  });
});

describe('joining column batches', () => {
  it('puts blocks side by side in order', () => {
    const a = { values: [1, 2, 3, 4], cols: 2 }; // rows [1,2], [3,4]
    const b = { values: [5, 6], cols: 1 }; // rows [5], [6]
    expect(Array.from(joinColumnBlocks([a, b], 2))).toEqual([1, 2, 5, 3, 4, 6]);
  });
});
