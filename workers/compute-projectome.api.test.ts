import { describe, expect, it } from 'vitest';
import type { GridShape } from '../src/compute/grid';
import { createComputeApi } from './compute.api';
import { aggregateOf, labelVolume, nrrdBytes } from './test-fixtures';

// 100 µm grid, 3 AP × 2 DV × 2 ML. Target (id 7) voxels: (1,0,1), (1,1,0), (2,0,0) → linear 7, 4, 2.
const S: GridShape = { nx: 3, ny: 2, nz: 2, resolutionUm: 100 };
const a = Float32Array.from({ length: 12 }, (_, i) => (i + 1) / 8); // dyadic: exact in float32
const b = a.map((v) => 2 * v);

function prepared(): ReturnType<typeof createComputeApi> {
  const api = createComputeApi();
  aggregateOf(api, 'A', S, [a]);
  aggregateOf(api, 'B', S, [b]);
  api.loadAnnotation(
    'ann',
    nrrdBytes(
      labelVolume(S, [
        [1, 0, 1, 7],
        [1, 1, 0, 7],
        [2, 0, 0, 7],
      ]),
      S,
    ),
  );
  const maskKey = api.regionMask('ann', new Uint32Array([7]), 'both').maskKey;
  const summary = api.prepareProjectome('p', {
    sources: [
      { aggregateKey: 'B', group: 0 },
      { aggregateKey: 'A', group: 0 },
    ],
    maskKey,
    injections: [
      { apUm: 150, dvUm: 50, mlUm: 50, volumeMm3: 1, source: 0 },
      { apUm: 250, dvUm: 50, mlUm: 50, volumeMm3: 2, source: 1 },
      { apUm: 260, dvUm: 50, mlUm: 50, volumeMm3: 3, source: 1 },
    ],
    params: { sliceThickness: 0, densityPercentile: 100 },
  });
  // ceiling = max positive in-target value over both sources = b[7] = 2
  expect(summary).toMatchObject({ key: 'p', sources: 2, rows: 2, cols: 2, apRange: [1, 2], ceiling: 2 });
  expect(Array.from(summary.markerSizes)).toEqual([20, 110, 200]);
  return api;
}

describe('compute api: projectome held in the worker', () => {
  it('per-AP statistics and the slab values of a frame come out of the held context', () => {
    const api = prepared();
    const st = api.projectomeStats('p');
    expect(Array.from(st.apIndices)).toEqual([1, 2]);
    // source 0 is B: AP 1 → voxels 7, 4; AP 2 → voxel 2
    expect(Array.from(st.mean[0] ?? [])).toEqual([((b[7] ?? 0) + (b[4] ?? 0)) / 2, b[2]]);
    expect(Array.from(st.max[0] ?? [])).toEqual([b[7], b[2]]);
    const slab = api.projectomeSlab('p', 1);
    expect(Array.from(slab.pixels).sort()).toEqual([1, 2]);
    expect(slab.values[1]?.[Array.from(slab.pixels).indexOf(1)]).toBe(a[7]);
    expect(() => api.projectomeStats('nope')).toThrow(/prepareProjectome/);
  });

  it('the stack over the target’s extent, one call: density / ceiling inside the target at each AP, 0 elsewhere; weakest source first', () => {
    const api = prepared();
    const st = api.projectomeStack('p');
    expect([st.apStart, st.apCount, st.sources, st.rows, st.cols, st.ceiling]).toEqual([1, 2, 2, 2, 2, 2]);
    // target cells over AP 1–2: q 0, 1, 2 → rows 0–1, cols 0–1
    expect(st.crop).toEqual({ r0: 0, c0: 0, rows: 2, cols: 2 });
    // AP 1 (k 0), pixel q = dv·nz + ml: the target is q 1 (voxel 7) and q 2 (voxel 4); source 0 is B
    expect(Array.from(st.values.subarray(0, 4))).toEqual([0, (b[7] ?? NaN) / 2, (b[4] ?? NaN) / 2, 0]);
    expect(Array.from(st.values.subarray(4, 8))).toEqual([0, (a[7] ?? NaN) / 2, (a[4] ?? NaN) / 2, 0]);
    // AP 2 (k 1): only q 0 (voxel 2)
    expect(Array.from(st.values.subarray(8, 12))).toEqual([(b[2] ?? NaN) / 2, 0, 0, 0]);
    expect(Array.from(st.targetMean.subarray(0, 2))).toEqual([(2 + 1.25) / 2, (1 + 0.625) / 2]);
    expect(Array.from(st.order.subarray(0, 2))).toEqual([1, 0]);
    // dots within (0 + 1) · 100 µm of the slice centre (150 µm)
    expect(Array.from(st.injectionIndices.subarray(st.injectionOffsets[0], st.injectionOffsets[1]))).toEqual([0, 1]);
    expect(() => api.projectomeStack('nope')).toThrow(/prepareProjectome/);
  });

  it('the drawn sections over an AP extent come from the held annotation', () => {
    const api = prepared();
    const st = api.coronalSectionStack('ann', 1, 2, new Uint32Array([7]));
    expect([st.apStart, st.apCount, st.rows, st.cols]).toEqual([1, 2, 2, 2]);
    // AP index 1 → 150 µm → annotation index 1: labels (1,0,1) and (1,1,0) are 7
    expect(Array.from(st.labels.subarray(0, 4))).toEqual([0, 7, 7, 0]);
    expect(Array.from(st.targetMask.subarray(0, 4))).toEqual([0, 1, 1, 0]);
    expect(Array.from(st.targetBoxes.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    expect(() => api.coronalSectionStack('ann', 1, 2, [7] as unknown as Uint32Array)).toThrow(/Uint32Array/);
    expect(() => api.coronalSectionStack('nope', 1, 2, new Uint32Array(0))).toThrow(/loadAnnotation/);
  });

  it('a sagittal projectome: summary rows × columns are DV × AP, sections cut along ML; bad planes are refused', () => {
    const api = prepared();
    const maskKey = api.regionMask('ann', new Uint32Array([7]), 'both').maskKey;
    const base = { sources: [{ aggregateKey: 'A', group: 0 }], maskKey, injections: [], params: { sliceThickness: 0, densityPercentile: 100 } };
    // target voxels (AP, DV, ML) (1,0,1), (1,1,0), (2,0,0): ML 0 and 1
    const summary = api.prepareProjectome('s', { ...base, plane: 'sagittal' });
    expect(summary).toMatchObject({ rows: 2, cols: 3, apRange: [0, 1] });
    const st = api.projectomeStack('s');
    expect([st.apStart, st.apCount, st.rows, st.cols]).toEqual([0, 2, 2, 3]);
    // ML 0: (AP 1, DV 1) = linear 4 and (AP 2, DV 0) = linear 2, at pixels dv·3 + ap = 4 and 2
    const slab = api.projectomeSlab('s', 0);
    expect(Array.from(slab.pixels).sort()).toEqual([2, 4]);
    expect(slab.values[0]?.[Array.from(slab.pixels).indexOf(4)]).toBe(a[4]);
    const sections = api.planeSectionStack('ann', 'sagittal', 0, 2, new Uint32Array([7]));
    expect([sections.rows, sections.cols]).toEqual([2, 3]);
    expect(Array.from(sections.labels.subarray(0, 6))).toEqual([0, 0, 7, 0, 7, 0]);
    expect(() => api.planeSectionStack('ann', 'oblique' as 'sagittal', 0, 1, new Uint32Array(0))).toThrow(/plane must be/);
    expect(() => api.prepareProjectome('x', { ...base, plane: 'oblique' as 'sagittal' })).toThrow(/plane must be/);
  });

  it('validates keys and inputs, and counts the projectome in the memory report', () => {
    const api = prepared();
    expect(() => api.projectomeStack('q')).toThrow("no projectome 'q' in the worker; call prepareProjectome first");
    expect(() => api.projectomeSlab('p', 3)).toThrow(/AP index 3 outside 0…2/);
    const base = { maskKey: 'm', injections: [] };
    expect(() => api.prepareProjectome('x', { ...base, sources: [{ aggregateKey: 'Z', group: 0 }] })).toThrow(
      "no aggregate 'Z' in the worker; call beginAggregate/finishAggregate first",
    );
    expect(() => api.prepareProjectome('x', { ...base, sources: [{ aggregateKey: 'A', group: 0 }] })).toThrow("no mask 'm' in the worker");
    expect(api.memoryReport().projectomes.count).toBe(1);
    // means only (4 bytes a voxel): the worker keeps no per-voxel counts
    expect(api.memoryReport().aggregates).toEqual({ count: 2, inProgress: 0, bytes: 2 * 12 * 4 });
    api.dropProjectome('p');
    expect(api.memoryReport().projectomes).toEqual({ count: 0, bytes: 0 });
  });

  it('is dropped with a source aggregate (it pins the source volumes), but not with others', () => {
    const api = prepared();
    aggregateOf(api, 'C', S, [a]);
    api.dropAggregate('C');
    expect(api.projectomeStack('p').apStart).toBe(1);
    api.dropAggregate('A');
    expect(() => api.projectomeStack('p')).toThrow(
      /no projectome 'p' in the worker; call prepareProjectome first \(dropping or evicting a source aggregate drops it\)/,
    );
    expect(api.memoryReport().projectomes.count).toBe(0);
  });
});
