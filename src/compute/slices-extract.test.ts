import { describe, expect, it } from 'vitest';
import type { GridShape } from './grid';
import { extractCoronal, extractSagittal } from './slices-extract';

const s: GridShape = { nx: 3, ny: 2, nz: 4, resolutionUm: 100 };
// value encodes its own coordinates: 100·ap + 10·dv + ml
const vol = new Float32Array(24);
for (let z = 0; z < 4; z++) for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) vol[x + 3 * (y + 2 * z)] = 100 * x + 10 * y + z;

describe('slice gathers', () => {
  it('coronal: rows = DV, cols = ML, from the AP-fastest layout', () => {
    expect(Array.from(extractCoronal(vol, s, 2))).toEqual([200, 201, 202, 203, 210, 211, 212, 213]);
  });
  it('sagittal: rows = DV, cols = AP', () => {
    expect(Array.from(extractSagittal(vol, s, 3))).toEqual([3, 103, 203, 13, 113, 213]);
  });
  it('reuses an output buffer and rejects bad indices / sizes', () => {
    const out = new Float32Array(8);
    expect(extractCoronal(vol, s, 0, out)).toBe(out);
    expect(() => extractCoronal(vol, s, 3)).toThrow(RangeError);
    expect(() => extractSagittal(vol, s, 0, new Float32Array(5))).toThrow(RangeError);
  });
});
