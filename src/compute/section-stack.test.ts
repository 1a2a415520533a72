import { describe, expect, it } from 'vitest';
import { coronalLabelSlice } from './atlas-boundaries';
import type { GridShape } from './grid';
import { planeToCcf, planeView, type SectionPlane } from './section-plane';
import { coronalSectionStack, planeSectionStack, sectionIndexOf, sectionCellCodes } from './section-stack';

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

describe('section cell codes', () => {
  it('mark the brain, every side where labels differ (not past the edge) and the target with its open sides', () => {
    // one section of 3 rows × 4 cols
    const labels = Uint32Array.of(0, 0, 5, 5, 0, 7, 7, 5, 0, 7, 7, 7);
    const target = Uint8Array.of(0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0);
    const codes = sectionCellCodes(labels, target, 1, 3, 4);
    const at = (r: number, c: number) => [codes[2 * (r * 4 + c)], codes[2 * (r * 4 + c) + 1]];
    // (0, 0): outside, right neighbour 0 too, lower 0: no boundary; past the edges: none
    expect(at(0, 0)).toEqual([0, 0]);
    // (0, 1): outside; right is 5 → 4; lower is 7 → 16
    expect(at(0, 1)).toEqual([4 | 16, 0]);
    // (1, 1): brain; left 0 → 2; right 7 same; up 0 → 8; down 7 same; target: left/up/down not target → 2 | 8 | 16
    expect(at(1, 1)).toEqual([1 | 2 | 8, 1 | 2 | 8 | 16]);
    // (2, 2): brain 7, left 7, right 7, up 7, down past the edge (itself): 1; target; left not, right not, up in, down past edge → 2 | 4 | 16
    expect(at(2, 2)).toEqual([1, 1 | 2 | 4 | 16]);
    // (0, 3): 5; left 5, down 5 → only inside
    expect(at(0, 3)).toEqual([1, 0]);
    expect(() => sectionCellCodes(labels, target, 2, 3, 4)).toThrow(RangeError);
  });
});

describe('plane section stack against a per-cell reference', () => {
  // The reference walks every cell of every section in image order and asks each fact directly
  // (coordinates through planeToCcf, membership through includes, neighbours with bounds tests),
  // the way the stack is defined; the kernel's loop orders and run caches must give the same.
  function reference(annotation: Uint32Array, shape: GridShape, plane: SectionPlane, apStart: number, apCount: number, targetIds: Uint32Array) {
    const view = planeView(shape, plane).shape;
    const rows = view.ny;
    const cols = view.nz;
    const labels: number[] = [];
    const target: number[] = [];
    const brainBoxes: number[] = [];
    const targetBoxes: number[] = [];
    const codes: number[] = [];
    for (let k = 0; k < apCount; k++) {
      const slice = Math.min(view.nx - 1, Math.floor(((apStart + k) * 100 + 50) / shape.resolutionUm));
      const at = (r: number, c: number): number => {
        const [x, y, z] = planeToCcf(plane, slice, r, c);
        return annotation[x + shape.nx * (y + shape.ny * z)] ?? 0;
      };
      const inT = (r: number, c: number): boolean => r >= 0 && r < rows && c >= 0 && c < cols && [...targetIds].includes(at(r, c));
      const b = [Infinity, -1, Infinity, -1];
      const t = [Infinity, -1, Infinity, -1];
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) {
          const l = at(r, c);
          labels.push(l);
          target.push(inT(r, c) ? 1 : 0);
          const side = (rr: number, cc: number): boolean => rr >= 0 && rr < rows && cc >= 0 && cc < cols && at(rr, cc) !== l;
          codes.push((l !== 0 ? 1 : 0) | (side(r, c - 1) ? 2 : 0) | (side(r, c + 1) ? 4 : 0) | (side(r - 1, c) ? 8 : 0) | (side(r + 1, c) ? 16 : 0));
          codes.push(inT(r, c) ? 1 | (inT(r, c - 1) ? 0 : 2) | (inT(r, c + 1) ? 0 : 4) | (inT(r - 1, c) ? 0 : 8) | (inT(r + 1, c) ? 0 : 16) : 0);
          for (const [box, hit] of [
            [b, l !== 0],
            [t, inT(r, c)],
          ] as const)
            if (hit) {
              box[0] = Math.min(box[0] ?? Infinity, r);
              box[1] = Math.max(box[1] ?? -1, r);
              box[2] = Math.min(box[2] ?? Infinity, c);
              box[3] = Math.max(box[3] ?? -1, c);
            }
        }
      brainBoxes.push(...(b[1] === -1 ? [-1, -1, -1, -1] : b));
      targetBoxes.push(...(t[1] === -1 ? [-1, -1, -1, -1] : t));
    }
    return { rows, cols, labels, target, brainBoxes, targetBoxes, codes };
  }

  it.each(['coronal', 'sagittal', 'horizontal'] as const)('%s: labels, target, boxes and cell codes equal the reference', (plane) => {
    // 50 µm-like volume with runs of labels (blocks of 3 voxels), an empty margin and a few ids
    const shape: GridShape = { nx: 13, ny: 9, nz: 11, resolutionUm: 50 };
    const annotation = new Uint32Array(shape.nx * shape.ny * shape.nz);
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let z = 1; z < shape.nz - 1; z++)
      for (let y = 1; y < shape.ny - 2; y++)
        for (let x = 0; x < shape.nx; x++)
          annotation[x + shape.nx * (y + shape.ny * z)] = rand() < 0.1 ? 0 : 1 + ((((x / 3) | 0) * 5 + ((y / 3) | 0) * 3 + ((z / 2) | 0)) % 6);
    const ids = new Uint32Array([2, 5]);
    const count = Math.floor((planeView(shape, plane).shape.nx * 50) / 100);
    const got = planeSectionStack(annotation, shape, plane, 0, count, ids);
    const want = reference(annotation, shape, plane, 0, count, ids);
    expect([got.rows, got.cols]).toEqual([want.rows, want.cols]);
    expect([...got.labels]).toEqual(want.labels);
    expect([...got.targetMask]).toEqual(want.target);
    expect([...got.brainBoxes]).toEqual(want.brainBoxes);
    expect([...got.targetBoxes]).toEqual(want.targetBoxes);
    expect([...got.cellCodes]).toEqual(want.codes);
    expect(want.target.some((v) => v === 1) && want.labels.some((v) => v === 0)).toBe(true);
  });
});
