import 'fake-indexeddb/auto';
import type * as Comlink from 'comlink';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import { createVolumeCache } from './cache/index.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import { createComputeApi } from '../../workers/compute.api.ts';
import { packUsedIds, persistentId, restoreAggregate, saveAggregate, unpackUsedIds } from './aggregate-persistence.ts';

const asRemote = (api: ComputeWorkerApi) => api as unknown as Comlink.Remote<ComputeWorkerApi>;

function grid(value: (i: number) => number): ArrayBuffer {
  const v = new Float32Array(voxelCount(DENSITY_SHAPE));
  for (let i = 0; i < v.length; i++) v[i] = value(i);
  return v.buffer;
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
  it('gives different cache ids to different keys', () => {
    expect(persistentId('agg:a')).not.toBe(persistentId('agg:b'));
    expect(persistentId('agg:a')).toMatch(/^proj-[0-9a-f]{16}$/);
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
    first.addToAggregate(key, 1, grid((i) => (i % 7) / 10));
    first.addToAggregate(key, 2, grid((i) => (i % 3 === 0 ? -1 : 0.5)));
    first.addToAggregate(key, 3, grid(() => 0.25));
    first.finishAggregate(key);
    const expected = [0, 1].map((g) => new Float32Array(first.getGroupVolume(key, g).buffer));
    await saveAggregate(cache, asRemote(first), key, [[1, 2], [3]]);

    const fresh = createComputeApi();
    const used = await restoreAggregate(cache, asRemote(fresh), key, ['A', 'B']);
    expect(used).toEqual([[1, 2], [3]]);
    for (const g of [0, 1]) {
      const restored = new Float32Array(fresh.getGroupVolume(key, g).buffer);
      expect(restored).toEqual(expected[g]);
    }
  });

  it('returns null when nothing is stored', async () => {
    const cache = createVolumeCache({ store: createStore('persist-empty', 'volumes') });
    expect(await restoreAggregate(cache, asRemote(createComputeApi()), 'agg:none', ['A'])).toBeNull();
  });
});
