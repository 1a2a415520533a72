import { describe, expect, it } from 'vitest';
import { openingSlice } from './opening-slice.ts';
import { prepareProjectome } from './projectome.ts';
import type { GridShape } from './grid.ts';

const px = (...counts: number[]): Int32Array[] => counts.map((n) => new Int32Array(n));

describe('openingSlice', () => {
  it('is the middle of the extent when the target is in that slice (bsv: rounded half up)', () => {
    expect(openingSlice([2, 6], px(0, 0, 3, 1, 1, 1, 9))).toBe(4);
    expect(openingSlice([2, 5], px(0, 0, 3, 1, 1, 1))).toBe(4);
    expect(openingSlice([3, 3], px(0, 0, 0, 1))).toBe(3);
  });

  it('is the largest section when the middle holds none of the target (a gap at the midline)', () => {
    expect(openingSlice([0, 6], px(1, 4, 2, 0, 2, 5, 1))).toBe(5);
  });

  it('breaks a tie between equal sections toward the middle, then toward the lower index', () => {
    expect(openingSlice([0, 8], px(1, 5, 2, 2, 0, 2, 5, 5, 1))).toBe(6);
    expect(openingSlice([0, 6], px(1, 5, 2, 0, 2, 5, 1))).toBe(1);
  });

  it('is −1 for an empty target', () => {
    expect(openingSlice([-1, -1], [])).toBe(-1);
  });

  it('opens a sagittal view of a two-sided target inside one of its halves, a coronal one at its middle', () => {
    // 10 AP × 4 DV × 12 ML, target in two blocks: ML 2–3 and 8–9 (gap 4–7 around the middle), AP 3–6
    const shape: GridShape = { nx: 10, ny: 4, nz: 12, resolutionUm: 100 };
    const mask = new Uint8Array(10 * 4 * 12);
    for (let z = 0; z < 12; z++)
      for (let y = 1; y < 3; y++) for (let x = 3; x <= 6; x++) if (z === 2 || z === 3 || z === 8 || z === 9) mask[x + 10 * (y + 4 * z)] = 1;
    mask[5 + 10 * (1 + 4 * 10)] = 1; // one more pixel at ML 10: the extent is 2–10, its middle (6) in the gap
    const volume = new Float32Array(mask.length).fill(0.5);
    const sag = prepareProjectome([volume], shape, mask, shape, [], {}, 'sagittal');
    expect(sag.apRange).toEqual([2, 10]);
    expect(sag.targetPixels[6]?.length).toBe(0);
    // ML 2, 3, 8, 9 hold 8 pixels each: 8 is nearest the middle
    expect(openingSlice(sag.apRange, sag.targetPixels)).toBe(8);
    const cor = prepareProjectome([volume], shape, mask, shape, [], {}, 'coronal');
    expect(openingSlice(cor.apRange, cor.targetPixels)).toBe(Math.round((3 + 6) / 2));
  });
});
