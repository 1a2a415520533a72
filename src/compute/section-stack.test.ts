import { describe, expect, it } from 'vitest';
import { coronalLabelSlice } from './atlas-boundaries';
import type { GridShape } from './grid';
import { coronalSectionStack, sectionIndexOf } from './section-stack';

// a 50 µm annotation of 20 AP × 6 DV × 8 ML: label = 1 + (ap + dv + ml) % 5 inside a box, 0 outside
const S: GridShape = { nx: 20, ny: 6, nz: 8, resolutionUm: 50 };
const ann = new Uint32Array(20 * 6 * 8);
for (let x = 0; x < 20; x++)
  for (let y = 0; y < 6; y++) for (let z = 0; z < 8; z++) if (y >= 1 && y <= 4 && z >= 2 && z <= 6 && x >= 2) ann[x + 20 * (y + 6 * z)] = 1 + ((x + y + z) % 5);

describe('coronal section stack', () => {
  it('cuts the section at each 100 µm slice centre (a·100 + 50 µm) with its target cells and boxes', () => {
    expect(sectionIndexOf(3, S)).toBe(7); // 350 µm / 50 µm
    const st = coronalSectionStack(ann, S, 1, 4, new Uint32Array([2, 4]));
    expect([st.apStart, st.apCount, st.rows, st.cols, st.resolutionUm]).toEqual([1, 4, 6, 8, 50]);
    for (let k = 0; k < 4; k++) {
      const img = coronalLabelSlice(ann, S, sectionIndexOf(1 + k, S));
      const labels = st.labels.subarray(k * 48, (k + 1) * 48);
      expect(labels).toEqual(img.data);
      expect(Array.from(st.targetMask.subarray(k * 48, (k + 1) * 48))).toEqual(Array.from(img.data, (l) => (l === 2 || l === 4 ? 1 : 0)));
      expect(Array.from(st.brainBoxes.subarray(4 * k, 4 * k + 4))).toEqual([1, 4, 2, 6]);
    }
    // AP index 1 → annotation index 3: labels 1 + (3 + y + z) % 5; target (2 or 4) somewhere in the box
    expect(Array.from(st.targetBoxes.subarray(0, 4))).toEqual([1, 4, 2, 6]);
  });

  it('sections outside the brain have no boxes; bad extents are rejected', () => {
    const st = coronalSectionStack(ann, S, 0, 1, new Uint32Array([9]));
    expect(Array.from(st.brainBoxes)).toEqual([-1, -1, -1, -1]);
    expect(Array.from(st.targetBoxes)).toEqual([-1, -1, -1, -1]);
    expect(() => coronalSectionStack(ann, S, -1, 2, new Uint32Array(0))).toThrow(RangeError);
    expect(() => coronalSectionStack(new Uint32Array(3), S, 0, 1, new Uint32Array(0))).toThrow(RangeError);
  });
});
