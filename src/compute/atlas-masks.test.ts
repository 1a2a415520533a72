import { describe, expect, it } from 'vitest';
import { buildMask, downsampleMaskTo100, hemisphereRange, maskExtent, maskVolumeFraction } from './atlas-masks';
import { coronalBoundaries, coronalLabelSlice, sagittalLabelSlice, boundaryImage } from './atlas-boundaries';
import { type GridShape, voxelIndex } from './grid';

// 4 AP × 3 DV × 4 ML at 2850 µm: ML voxel centres 1425, 4275 (left), 7125, 9975 (right).
const S: GridShape = { nx: 4, ny: 3, nz: 4, resolutionUm: 2850 };
function labelsOf(shape: GridShape, f: (ap: number, dv: number, ml: number) => number): Uint32Array {
  const out = new Uint32Array(shape.nx * shape.ny * shape.nz);
  for (let ml = 0; ml < shape.nz; ml++)
    for (let dv = 0; dv < shape.ny; dv++) for (let ap = 0; ap < shape.nx; ap++) out[voxelIndex(shape, ap, dv, ml)] = f(ap, dv, ml);
  return out;
}

describe('buildMask', () => {
  const labels = labelsOf(S, (ap, dv, ml) => (ap === 0 ? 0 : dv === 0 ? 614454277 : 10 + ml));

  it('selects labels from a Set or a sorted Uint32Array, both hemispheres', () => {
    const ids = new Set([614454277, 12]);
    const a = buildMask(labels, S, ids);
    const b = buildMask(labels, S, new Uint32Array([12, 614454277]));
    expect(Array.from(a)).toEqual(Array.from(b));
    let expected = 0;
    for (let ml = 0; ml < 4; ml++)
      for (let dv = 0; dv < 3; dv++)
        for (let ap = 0; ap < 4; ap++) {
          const inside = ap > 0 && (dv === 0 || ml === 2);
          expect(a[voxelIndex(S, ap, dv, ml)]).toBe(inside ? 1 : 0);
          if (inside) expected++;
        }
    expect(a.reduce((s, v) => s + v, 0)).toBe(expected);
  });

  it('accepts ids in any order (ontology order is not sorted): same mask as the Set', () => {
    const unsorted = new Uint32Array([614454277, 13, 11, 12]);
    const fromSet = buildMask(labels, S, new Set(unsorted));
    expect(Array.from(buildMask(labels, S, unsorted))).toEqual(Array.from(fromSet));
    expect(fromSet.reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
    // the caller's array is not reordered
    expect(Array.from(unsorted)).toEqual([614454277, 13, 11, 12]);
  });

  it('restricts to one hemisphere by voxel centre', () => {
    expect(hemisphereRange(S, 'left')).toEqual([0, 2]);
    expect(hemisphereRange({ nx: 1, ny: 1, nz: 114, resolutionUm: 100 }, 'left')).toEqual([0, 57]);
    expect(hemisphereRange({ nx: 1, ny: 1, nz: 456, resolutionUm: 25 }, 'right')).toEqual([228, 456]);
    const left = buildMask(labels, S, new Set([614454277]), 'left');
    const right = buildMask(labels, S, new Set([614454277]), 'right');
    const both = buildMask(labels, S, new Set([614454277]));
    for (let i = 0; i < both.length; i++) expect((left[i] ?? 0) + (right[i] ?? 0)).toBe(both[i]);
    expect(maskExtent(left, S)?.max[2]).toBe(1);
    expect(maskExtent(right, S)?.min[2]).toBe(2);
  });

  it('reports extents in voxels and µm, null when empty', () => {
    const m = buildMask(labels, S, new Set([12]));
    expect(maskExtent(m, S)).toEqual({ min: [1, 1, 2], max: [3, 2, 2], minUm: [2850, 2850, 5700], maxUm: [11400, 8550, 8550], count: 6 });
    expect(maskExtent(new Uint8Array(48), S)).toBeNull();
  });
});

describe('maskVolumeFraction / downsampleMaskTo100', () => {
  it('gives the covered fraction of each coarse voxel and conserves volume', () => {
    const fine: GridShape = { nx: 4, ny: 2, nz: 2, resolutionUm: 50 };
    const mask = new Uint8Array(16);
    mask[0] = 1; // coarse (0,0,0)
    mask[1] = 1;
    mask[voxelIndex(fine, 2, 0, 0)] = 1; // coarse (1,0,0)
    mask[voxelIndex(fine, 3, 1, 1)] = 1;
    mask[voxelIndex(fine, 2, 1, 1)] = 1;
    mask[voxelIndex(fine, 2, 0, 1)] = 1;
    mask[voxelIndex(fine, 3, 0, 0)] = 1;
    const { fraction, majority, shape } = downsampleMaskTo100(mask, fine);
    expect(shape).toEqual({ nx: 2, ny: 1, nz: 1, resolutionUm: 100 });
    expect(Array.from(fraction)).toEqual([2 / 8, 5 / 8]);
    expect(Array.from(majority)).toEqual([0, 1]);
    const total = Array.from(fraction).reduce((s, v) => s + v, 0) * 8;
    expect(total).toBe(7);
  });
  it('rejects non-integer factors', () => {
    expect(() => maskVolumeFraction(new Uint8Array(1), { nx: 1, ny: 1, nz: 1, resolutionUm: 30 }, 100)).toThrow(/integer multiple/);
  });
});

describe('label slices and boundaries', () => {
  const labels = labelsOf(S, (ap, dv, ml) => ap * 1000 + dv * 10 + ml);
  it('cuts coronal (DV rows × ML cols) and sagittal (DV rows × AP cols) images', () => {
    const c = coronalLabelSlice(labels, S, 2);
    expect([c.width, c.height]).toEqual([4, 3]);
    expect(c.data[1 * 4 + 3]).toBe(2013);
    const s = sagittalLabelSlice(labels, S, 3);
    expect([s.width, s.height]).toEqual([4, 3]);
    expect(s.data[2 * 4 + 1]).toBe(1023);
    expect(() => coronalLabelSlice(labels, S, 4)).toThrow(/AP index 4/);
  });

  it('marks one pixel per label change, on the brain side of 0, no frame', () => {
    // 0 0 0 0 0
    // 0 5 5 7 0
    // 0 5 5 7 0
    const img = { width: 5, height: 3, data: new Uint32Array([0, 0, 0, 0, 0, 0, 5, 5, 7, 0, 0, 5, 5, 7, 0]) };
    expect(Array.from(boundaryImage(img))).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0]);
    const uniform = { width: 3, height: 2, data: new Uint32Array(6).fill(9) };
    expect(Array.from(boundaryImage(uniform))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(coronalBoundaries(labels, S, 0).data.length).toBe(12);
  });
});
