import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import { createVolumeCache } from './cache/index.ts';
import type { AggregateGroup } from '../compute/aggregate-plan.ts';
import { createComputeApi } from '../../workers/compute.api.ts';
import { loadGroupMeans, packUsedIds, restoreAggregate, saveAggregate, saveGroupMean, unpackUsedIds } from './aggregate-persistence.ts';

const group = (label: string, ids: number[], index = 0): AggregateGroup => ({
  index,
  label,
  axis: null,
  centerUm: null,
  rangeUm: null,
  experimentIds: ids,
  usedExperimentIds: ids,
});

function grid(value: (i: number) => number): ArrayBuffer {
  const v = new Float32Array(voxelCount(DENSITY_SHAPE));
  for (let i = 0; i < v.length; i++) v[i] = value(i);
  return v.buffer;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length),
    y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

describe('used-id packing', () => {
  it('round-trips large experiment ids and empty groups', () => {
    const used = [[100141219, 614454277], [], [1]];
    expect(unpackUsedIds(packUsedIds(used), 3)).toEqual(used);
  });
  it('rejects a record for another group count or a truncated one', () => {
    const packed = packUsedIds([[1, 2]]);
    expect(unpackUsedIds(packed, 2)).toBeNull();
    expect(unpackUsedIds(packed.subarray(0, 3), 1)).toBeNull();
  });
});

describe('saving and restoring an aggregate', () => {
  it('rebuilds the same group means in a fresh worker, with the used experiments', async () => {
    const cache = createVolumeCache({ store: createStore('persist-test', 'volumes') });
    const first = createComputeApi();
    const key = 'agg:test|2';
    first.beginAggregate(key, {
      shape: DENSITY_SHAPE,
      experiments: [1, 2, 3].map((id) => ({ id, structureId: 1, injectionCoordUm: [5000, 4000, 3000], injectionVolumeMm3: 0.1 })),
      normalizationMethod: 'none',
      subtractOtherHemisphere: false,
      groupingMethod: 'region',
      regionGroups: [
        { label: 'A', experimentIds: [1, 2] },
        { label: 'B', experimentIds: [3] },
      ],
    });
    first.addToAggregate(
      key,
      1,
      grid((i) => (i % 7) / 10),
    );
    first.addToAggregate(
      key,
      2,
      grid((i) => (i % 3 === 0 ? -1 : 0.5)),
    );
    first.addToAggregate(
      key,
      3,
      grid(() => 0.25),
    );
    first.finishAggregate(key);
    const expected = [0, 1].map((g) => new Float32Array(first.getGroupVolume(key, g).buffer));
    await saveAggregate(cache, first, key, [[1, 2], [3]]);

    const fresh = createComputeApi();
    const used = await restoreAggregate(cache, fresh, key, [group('A', [2, 1]), group('B', [3])]);
    expect(used).toEqual([[1, 2], [3]]);
    for (const g of [0, 1]) {
      const restored = new Float32Array(fresh.getGroupVolume(key, g).buffer);
      // bytewise (NaN = NaN; toEqual on 1.2 M floats takes tens of seconds)
      expect(sameBits(restored, expected[g] ?? new Float32Array())).toBe(true);
    }
    // installed as means, not replayed: the held summary names the experiments, not placeholders
    expect(fresh.getAggregateSummary(key)?.groups.map((g) => g.usedExperimentIds)).toEqual([[1, 2], [3]]);
    // a stored record of another experiment set is never trusted
    expect(await restoreAggregate(cache, createComputeApi(), key, [group('A', [1, 2, 4]), group('B', [3])])).toBeNull();
  });

  it('returns null when nothing is stored', async () => {
    const cache = createVolumeCache({ store: createStore('persist-empty', 'volumes') });
    expect(await restoreAggregate(cache, createComputeApi(), 'agg:none', [group('A', [1])])).toBeNull();
  });

  it('a stored group mean is read only for exactly the experiments it used', async () => {
    const cache = createVolumeCache({ store: createStore('persist-groups', 'volumes') });
    const mean = new Float32Array(voxelCount(DENSITY_SHAPE)).fill(0.5);
    await saveGroupMean(cache, 'grp-x', mean, [7, 8]);
    const [hit] = await loadGroupMeans(cache, ['grp-x'], [[8, 7]]);
    expect(hit?.used).toEqual([7, 8]);
    expect(hit?.mean[0]).toBe(0.5);
    expect(await loadGroupMeans(cache, ['grp-x'], [[7]])).toEqual([null]);
  });

  it('stores a mean packed (every bit, NaN, −1 and −0 included; a sparse mean in a fraction of 4.8 MB) and still reads one stored raw', async () => {
    const cache = createVolumeCache({ store: createStore('persist-packed', 'volumes') });
    const n = voxelCount(DENSITY_SHAPE);
    // 2 % of the voxels non-zero, with the special values among them
    const mean = new Float32Array(n);
    for (let i = 0; i < n; i += 50) mean[i] = i % 7 === 0 ? Number.NaN : i % 11 === 0 ? -1 : i % 13 === 0 ? -0 : (i % 997) / 1000;
    await saveGroupMean(cache, 'grp-packed', mean, [1, 2]);
    const [hit] = await loadGroupMeans(cache, ['grp-packed'], [[1, 2]]);
    expect(hit && sameBits(hit.mean, mean)).toBe(true);
    const stored = (await cache.list()).find((e) => e.key === cache.key('aggregate', 'grp-packed-mean', 100));
    expect(stored?.bytes).toBeLessThan((4 * n) / 10);

    // a mean stored raw before packing (float32 record) reads as it was
    const raw = new Float32Array(n).fill(0.125);
    raw[3] = Number.NaN;
    await cache.putMany([
      {
        key: cache.key('aggregate', 'grp-raw-mean', 100),
        payload: raw,
        meta: { dtype: 'float32', dims: [DENSITY_SHAPE.nx, DENSITY_SHAPE.ny, DENSITY_SHAPE.nz] },
      },
      { key: cache.key('aggregate', 'grp-raw-used', 100), payload: packUsedIds([[5]]), meta: { dtype: 'float64', dims: [3, 1, 1] } },
    ]);
    const [old] = await loadGroupMeans(cache, ['grp-raw'], [[5]]);
    expect(old && sameBits(old.mean, raw)).toBe(true);
    // anything else under a mean's key is a miss
    await cache.put(cache.key('aggregate', 'grp-raw-mean', 100), new Uint8Array(100), { dtype: 'uint8', dims: [100, 1, 1] });
    expect(await loadGroupMeans(cache, ['grp-raw'], [[5]])).toEqual([null]);
  });
});
