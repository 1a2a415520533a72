import { describe, expect, it } from 'vitest';
import { buildMask } from '../src/compute/atlas-masks';
import type { GridShape } from '../src/compute/grid';
import { isosurfaceFromMask } from '../src/compute/isosurface';
import { createComputeApi } from './compute.api';
import { labelVolume, nrrdBytes } from './test-fixtures';

// 1000 µm voxels so the midline (5700 µm) splits ML: indices 0…5 left, 6…7 right.
const A: GridShape = { nx: 3, ny: 2, nz: 8, resolutionUm: 1000 };
const LABELS: [number, number, number, number][] = [
  [1, 0, 2, 10],
  [1, 1, 6, 10],
  [2, 1, 7, 11],
  [0, 0, 0, 5],
];

function loaded(): ReturnType<typeof createComputeApi> {
  const api = createComputeApi();
  api.loadAnnotation('ann', nrrdBytes(labelVolume(A, LABELS), A));
  return api;
}

describe('compute api: atlas', () => {
  it('holds labels expanded elsewhere as they are, and refuses labels that do not fill the shape', () => {
    const api = loaded();
    const labels = labelVolume(A, LABELS);
    const copy = createComputeApi();
    expect(copy.holdAnnotation('held', labels, A)).toMatchObject({ key: 'held', shape: A, bytes: 48 * 4 });
    expect([copy.labelAt('held', 1500, 500, 2500), copy.labelAt('held', 2500, 1500, 7500)]).toEqual([
      api.labelAt('ann', 1500, 500, 2500),
      api.labelAt('ann', 2500, 1500, 7500),
    ]);
    expect(copy.regionMask('held', Uint32Array.of(10), 'both').voxelCount).toBe(api.regionMask('ann', Uint32Array.of(10), 'both').voxelCount);
    expect(() => copy.holdAnnotation('short', new Uint32Array(47), A)).toThrow(/47 labels do not fill a 3×2×8 volume/);
  });

  it('the run-length form of a held annotation loads back to the same labels', () => {
    const api = loaded();
    const runs = api.annotationRuns('ann');
    const copy = createComputeApi();
    expect(copy.loadAnnotationRuns('runs', runs)).toMatchObject({ key: 'runs', shape: A, bytes: 48 * 4 });
    for (const [ap, dv, ml] of [
      [1500, 500, 2500],
      [0, 0, 0],
      [2999, 1999, 7999],
      [1500, 1500, 2500],
    ] as const) {
      expect(copy.labelAt('runs', ap, dv, ml)).toBe(api.labelAt('ann', ap, dv, ml));
    }
    expect(() => copy.loadAnnotationRuns('bad', new ArrayBuffer(8))).toThrow(/shorter than the header/);
    expect(() => api.annotationRuns('nope')).toThrow(/no annotation 'nope'/);
  });

  it('loads an annotation and reads labels at CCF points (null outside the volume)', () => {
    const api = createComputeApi();
    expect(api.loadAnnotation('ann', nrrdBytes(labelVolume(A, LABELS), A))).toMatchObject({ key: 'ann', shape: A, bytes: 48 * 4 });
    expect(api.hasAnnotation('ann')).toBe(true);
    expect(api.labelAt('ann', 1500, 500, 2500)).toBe(10);
    expect(api.labelAt('ann', 0, 0, 0)).toBe(5);
    expect(api.labelAt('ann', 2999, 1999, 7999)).toBe(11);
    expect(api.labelAt('ann', 1500, 1500, 2500)).toBe(0);
    expect(api.labelAt('ann', -1, 0, 0)).toBeNull();
    expect(api.labelAt('ann', 3000, 0, 0)).toBeNull();
    expect(() => api.labelAt('ann', NaN, 0, 0)).toThrow(/apUm must be a finite CCF coordinate/);
    expect(() => api.labelAt('nope', 0, 0, 0)).toThrow("no annotation 'nope' in the worker; call loadAnnotation first");
    expect(() => api.loadAnnotation('bad', new ArrayBuffer(8))).toThrow(/not an NRRD file/);
    api.dropAnnotation('ann');
    expect(api.hasAnnotation('ann')).toBe(false);
  });

  it('builds region masks by hemisphere with extent in voxels and µm, keyed by the id set', () => {
    const api = loaded();
    const both = api.regionMask('ann', new Uint32Array([10, 11]), 'both');
    expect(both.voxelCount).toBe(3);
    expect(both.extent).toEqual({ min: [1, 0, 2], max: [2, 1, 7], minUm: [1000, 0, 2000], maxUm: [3000, 2000, 8000], count: 3 });
    expect(api.regionMask('ann', new Uint32Array([10, 11]), 'left').voxelCount).toBe(1);
    expect(api.regionMask('ann', new Uint32Array([10, 11]), 'right').voxelCount).toBe(2);
    // same set in another order / with repeats → same key; another hemisphere → another key
    expect(api.regionMask('ann', new Uint32Array([11, 10, 10]), 'both').maskKey).toBe(both.maskKey);
    expect(api.regionMask('ann', new Uint32Array([10, 11]), 'left').maskKey).not.toBe(both.maskKey);
    expect(api.hasMask(both.maskKey)).toBe(true);
    const none = api.regionMask('ann', new Uint32Array([999]), 'both');
    expect(none).toMatchObject({ extent: null, voxelCount: 0 });
    expect(() => api.regionMask('ann', new Uint32Array(0), 'both')).toThrow(/non-empty Uint32Array/);
    expect(() => api.regionMask('ann', [10] as unknown as Uint32Array, 'both')).toThrow(/Uint32Array/);
    expect(() => api.regionMask('ann', new Uint32Array([10]), 'top' as 'both')).toThrow(/hemisphere must be/);
    expect(() => api.regionMask('x', new Uint32Array([10]), 'both')).toThrow("no annotation 'x' in the worker");
    api.dropMask(both.maskKey);
    expect(() => api.isosurfaceFromMask(both.maskKey)).toThrow(`no mask '${both.maskKey}' in the worker; call regionMask first`);
  });

  it("holds a mask from its stored record, without the annotation, under regionMask's key and with its summary", () => {
    const api = loaded();
    const built = api.regionMask('ann', new Uint32Array([10, 11]), 'right');
    const record = api.maskRecord(built.maskKey);
    const fresh = createComputeApi();
    expect(fresh.hasAnnotation('ann')).toBe(false);
    // the ids in another order, with a repeat: the same mask
    expect(fresh.holdMaskRecord('ann', new Uint32Array([11, 10, 11]), 'right', record.slice(0))).toEqual(built);
    expect(fresh.hasMask(built.maskKey)).toBe(true);
    const mesh = (key: string, a: ReturnType<typeof createComputeApi>) => new Float32Array(a.isosurfaceFromMask(key).positions);
    expect(mesh(built.maskKey, fresh)).toEqual(mesh(built.maskKey, api));
    // a record answers only its own inputs
    expect(() => fresh.holdMaskRecord('ann', new Uint32Array([10]), 'right', record.slice(0))).toThrow(/stored for/);
    expect(() => fresh.holdMaskRecord('ann', new Uint32Array([10, 11]), 'left', record.slice(0))).toThrow(/stored for/);
    expect(() => fresh.holdMaskRecord('other', new Uint32Array([10, 11]), 'right', record.slice(0))).toThrow(/stored for/);
    expect(() => fresh.maskRecord('mask|nope')).toThrow("no mask 'mask|nope' in the worker");
  });

  it('cuts coronal and sagittal boundary images (hand-derived) with optional labels', () => {
    const api = loaded();
    const c = api.coronalBoundaries('ann', 1500, true);
    expect([c.index, c.width, c.height]).toEqual([1, 8, 2]);
    // label 10 at (row 0, col 2) and (row 1, col 6); the brain side of each 0/10 edge is marked
    expect(Array.from(new Uint8Array(c.boundaries)).flatMap((v, i) => (v ? [i] : []))).toEqual([2, 14]);
    expect(Array.from(new Uint32Array(c.labels ?? new ArrayBuffer(0))).flatMap((v, i) => (v ? [[i, v]] : []))).toEqual([
      [2, 10],
      [14, 10],
    ]);
    const s = api.sagittalBoundaries('ann', 7500);
    expect([s.index, s.width, s.height, s.labels]).toEqual([7, 3, 2, null]);
    expect(Array.from(new Uint8Array(s.boundaries)).flatMap((v, i) => (v ? [i] : []))).toEqual([5]);
    expect(() => api.sagittalBoundaries('ann', Infinity)).toThrow(/mlUm must be a finite/);
  });

  it('meshes a held mask exactly as the kernel does', () => {
    const api = loaded();
    const m = api.regionMask('ann', new Uint32Array([10, 11]), 'both');
    const mesh = api.isosurfaceFromMask(m.maskKey);
    const direct = isosurfaceFromMask(buildMask(labelVolume(A, LABELS), A, new Uint32Array([10, 11])), A);
    expect(mesh.vertexCount).toBe(direct.positions.length / 3);
    expect(mesh.triangleCount).toBe(direct.indices.length / 3);
    expect(mesh.triangleCount).toBeGreaterThan(0);
    expect(new Float32Array(mesh.positions)).toEqual(direct.positions);
    expect(new Uint32Array(mesh.indices)).toEqual(direct.indices);
    const empty = api.isosurfaceFromMask(api.regionMask('ann', new Uint32Array([999]), 'both').maskKey);
    expect([empty.vertexCount, empty.triangleCount, empty.positions.byteLength]).toEqual([0, 0, 0]);
  });

  it('keeps at most one 25 µm annotation, caps annotation bytes and reports memory by kind', () => {
    const fine: GridShape = { nx: 2, ny: 2, nz: 2, resolutionUm: 25 };
    const api = createComputeApi({ maxAnnotationBytes: 48 * 4 + 32 + 31 });
    api.loadAnnotation('ann', nrrdBytes(labelVolume(A, LABELS), A));
    api.loadAnnotation('f1', nrrdBytes(new Uint32Array(8).fill(3), fine));
    api.loadAnnotation('f2', nrrdBytes(new Uint32Array(8).fill(4), fine));
    expect(['ann', 'f1', 'f2'].map((k) => api.hasAnnotation(k))).toEqual([true, false, true]);
    api.regionMask('ann', new Uint32Array([10]), 'both');
    expect(api.memoryReport()).toEqual({
      aggregates: { count: 0, inProgress: 0, bytes: 0 },
      annotations: { count: 2, bytes: 48 * 4 + 32 },
      masks: { count: 1, bytes: 48 },
      projectomes: { count: 0, bytes: 0 },
      accumulatorPool: { bytes: 0 }, // no aggregate has run in this test file
      totalBytes: 48 * 4 + 32 + 48,
    });
    // a third annotation overflows the byte cap: the least recently used goes ('f2': regionMask used 'ann')
    api.loadAnnotation('c', nrrdBytes(new Uint32Array(8), { ...fine, resolutionUm: 50 }));
    expect(['ann', 'f2', 'c'].map((k) => api.hasAnnotation(k))).toEqual([true, false, true]);
  });
});
