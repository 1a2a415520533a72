import { describe, expect, it } from 'vitest';
import type { GridShape } from './grid';
import { computeSlices } from './slices';
import { toBsvProjArray, toBsvProjCoords } from './slices-bsv';

const dS: GridShape = { nx: 4, ny: 3, nz: 2, resolutionUm: 100 };
const mS: GridShape = { nx: 8, ny: 6, nz: 4, resolutionUm: 50 };
const idx = (s: GridShape, x: number, y: number, z: number): number => x + s.nx * (y + s.ny * z);

describe('sagittal slices and bsv-shaped output', () => {
  const d = new Float32Array(24);
  for (let y = 0; y < 3; y++)
    for (let z = 0; z < 2; z++) {
      d[idx(dS, 0, y, z)] = 2;
      d[idx(dS, 1, y, z)] = 6;
    }
  const mask = new Uint8Array(8 * 6 * 4);
  for (let x = 0; x < 4; x++) mask[idx(mS, x, 0, 1)] = 1; // AP cells 0–3, DV cell 0, ML cell 1

  it('sagittal: cols = AP, rows = DV, slab along ML (hand case)', () => {
    const r = computeSlices([d], dS, mask, mS, { plane: 'sagittal', numberOfChunks: 1, numberOfPixels: 2, hemisphere: 'both' });
    const s = r.slices[0];
    expect(s?.window).toEqual({ positionUm: 75, startUm: 50, endUm: 100 });
    expect(Array.from(s?.colEdgesUm ?? [])).toEqual([0, 100, 200]);
    expect(Array.from(s?.dvEdgesUm ?? [])).toEqual([0, 25, 50]);
    expect(Array.from(s?.matrices[0] ?? [])).toEqual([2, 6, 2, 6]);
  });

  it('proj_array is [cols, rows, (groups,) slices] in C order; proj_coords are [x edges, y edges, position]', () => {
    const r = computeSlices([d, d.map((v) => v * 10)], dS, mask, mS, { plane: 'sagittal', numberOfChunks: 1, numberOfPixels: 2, hemisphere: 'both' });
    const a = toBsvProjArray(r);
    expect(a.shape).toEqual([2, 2, 2, 1]);
    // element [c=1, row=0, g=1, s=0] = group 1 at AP bin 1 = 60
    expect(a.data[((1 * 2 + 0) * 2 + 1) * 1 + 0]).toBe(60);
    expect(a.data[0]).toBe(2);
    const one = toBsvProjArray(computeSlices([d], dS, mask, mS, { plane: 'sagittal', numberOfChunks: 1, numberOfPixels: 2, hemisphere: 'both' }));
    expect(one.shape).toEqual([2, 2, 1]);
    const coords = toBsvProjCoords(r);
    expect(coords[0]?.[2]).toBe(75);
    expect(Array.from(coords[0]?.[0] ?? [])).toEqual([0, 100, 200]);
  });
});
