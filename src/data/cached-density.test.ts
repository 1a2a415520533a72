import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { createVolumeCache } from './cache/index.ts';
import { cachedDensityAt, voxelIndex, voxelOfPoint } from './cached-density.ts';

const META = { dtype: 'float32', dims: [132, 80, 114] } as const;
let n = 0;
const freshStore = () => createStore(`cached-density-${n++}`, 'volumes');
const freshCache = () => createVolumeCache({ store: freshStore() });

function grid(fill: number, at: Record<number, number>): Float32Array {
  const g = new Float32Array(132 * 80 * 114).fill(fill);
  for (const [i, v] of Object.entries(at)) g[Number(i)] = v;
  return g;
}

describe('voxels', () => {
  it('a CCF point in µm falls in the 100 µm voxel ⌊µm / 100⌋ (AP fastest index); outside → null', () => {
    expect(voxelOfPoint([5050, 3499, 2200])).toEqual({ ap: 50, dv: 34, ml: 22 });
    expect(voxelIndex({ ap: 50, dv: 34, ml: 22 })).toBe(50 + 132 * (34 + 80 * 22));
    expect(voxelOfPoint([13200, 0, 0])).toBeNull();
    expect(voxelOfPoint([0, -1, 0])).toBeNull();
  });
});

describe('cachedDensityAt', () => {
  it('reads the voxel of every cached 100 µm density grid in batches, skipping other kinds and shapes', async () => {
    const cache = freshCache();
    const v = { ap: 50, dv: 34, ml: 22 };
    const i = voxelIndex(v);
    await cache.put(cache.key('density', 101, 100), grid(0, { [i]: 0.4 }), META);
    await cache.put(cache.key('density', 102, 100), grid(0.05, {}), META);
    await cache.put(cache.key('density', 103, 100), grid(0, { [i]: -1 }), META);
    await cache.put(cache.key('density', 104, 100), new Float32Array(24), { dtype: 'float32', dims: [4, 3, 2] });
    await cache.put(cache.key('annotation', 'ccf2017', 100), new Uint32Array(132 * 80 * 114), { dtype: 'uint32', dims: [132, 80, 114] });
    const progress: Array<[number, number]> = [];
    let pauses = 0;
    const res = await cachedDensityAt(cache, v, {
      batchSize: 2,
      onProgress: (read, total) => progress.push([read, total]),
      yieldToPage: async () => {
        pauses += 1;
      },
    });
    expect(res.cachedCount).toBe(4);
    expect(res.unreadable).toBe(1);
    expect([...res.values].sort((a, b) => a.experimentId - b.experimentId)).toEqual([
      { experimentId: 101, density: Math.fround(0.4) },
      { experimentId: 102, density: Math.fround(0.05) },
      { experimentId: 103, density: -1 },
    ]);
    expect(progress).toEqual([
      [2, 4],
      [4, 4],
    ]);
    expect(pauses).toBe(1);
  });

  it('an empty cache gives no values; entries of another release are not served', async () => {
    const store = freshStore();
    const cache = createVolumeCache({ store });
    expect(await cachedDensityAt(cache, { ap: 0, dv: 0, ml: 0 })).toEqual({ voxel: { ap: 0, dv: 0, ml: 0 }, values: [], cachedCount: 0, unreadable: 0 });
    const old = createVolumeCache({ store, release: 'older-release' });
    await old.put(old.key('density', 7, 100), grid(1, {}), META);
    expect((await cache.list()).length).toBe(1);
    expect((await cachedDensityAt(cache, { ap: 0, dv: 0, ml: 0 })).cachedCount).toBe(0);
  });

  it('stops between batches when the signal aborts', async () => {
    const cache = freshCache();
    for (const id of [1, 2, 3]) await cache.put(cache.key('density', id, 100), grid(0.2, {}), META);
    const ctl = new AbortController();
    const pending = cachedDensityAt(cache, { ap: 1, dv: 1, ml: 1 }, { signal: ctl.signal, batchSize: 1, onProgress: () => ctl.abort() });
    await expect(pending).rejects.toThrow();
  });
});
