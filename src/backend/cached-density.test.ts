import 'fake-indexeddb/auto';
import { gzipSync, zipSync } from 'fflate';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { DENSITY_SHAPE } from '../compute/grid.ts';
import { densityVoxelIndex } from '../compute/grid-voxel.ts';
import { packGrid } from '../compute/packed-grid.ts';
import { createVolumeCache } from './cache/index.ts';
import { cachedDensityAt } from './cached-density.ts';
import { GRID_KIND } from './download-queue.ts';

const N = 132 * 80 * 114;
let n = 0;
const freshStore = () => createStore(`cached-density-${n++}`, 'volumes');

function grid(fill: number, at: Record<number, number>): Float32Array {
  const g = new Float32Array(N).fill(fill);
  for (const [i, v] of Object.entries(at)) g[Number(i)] = v;
  return g;
}

/** A gzip NRRD as Allen serves it (plain header, gzip body). */
function nrrd(values: Float32Array, sizes = '132 80 114'): Uint8Array {
  const header = new TextEncoder().encode(`NRRD0004\ntype: float\ndimension: 3\nsizes: ${sizes}\nspacings: 100 100 100\nencoding: gzip\nendian: little\n\n`);
  const body = gzipSync(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), { level: 1 });
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

/** The zip route's payload: one raw float32 file. */
const zip = (values: Float32Array): Uint8Array => zipSync({ 'density.raw': new Uint8Array(values.buffer) }, { level: 1 });

const put = (cache: ReturnType<typeof createVolumeCache>, id: number, bytes: Uint8Array) =>
  cache.put(cache.key(GRID_KIND, id, 100), bytes, { dtype: 'uint8', dims: [bytes.length] });

describe('cachedDensityAt (worker)', () => {
  it("reads a voxel of packed grids (the cache's form) without unpacking them, zero where no run covers it", async () => {
    const cache = createVolumeCache({ store: freshStore() });
    const v = { ap: 50, dv: 34, ml: 22 };
    const i = densityVoxelIndex(v);
    await put(cache, 201, packGrid(grid(0, { [i]: 0.4, [i + 1]: 0.7 }), DENSITY_SHAPE));
    await put(cache, 202, packGrid(grid(0, { [i - 1]: 0.2 }), DENSITY_SHAPE));
    await put(cache, 203, packGrid(new Float32Array(24), { nx: 4, ny: 3, nz: 2, resolutionUm: 100 }));
    const res = await cachedDensityAt(cache, v);
    expect(res.unreadable).toBe(1);
    expect([...res.values].sort((a, b) => a.experimentId - b.experimentId)).toEqual([
      { experimentId: 201, density: Math.fround(0.4) },
      { experimentId: 202, density: 0 },
    ]);
  });

  it('decodes every cached grid (NRRD and zip) and reads the voxel; other kinds are not listed, broken grids are counted unreadable', async () => {
    const cache = createVolumeCache({ store: freshStore() });
    const v = { ap: 50, dv: 34, ml: 22 };
    const i = densityVoxelIndex(v);
    await put(cache, 101, nrrd(grid(0, { [i]: 0.4 })));
    await put(cache, 102, zip(grid(0.05, {})));
    await put(cache, 103, nrrd(grid(0, { [i]: -1 })));
    await put(cache, 104, nrrd(new Float32Array(24), '4 3 2'));
    await put(cache, 105, new TextEncoder().encode('not a grid at all'));
    await cache.put(cache.key('annotation', 'ccf2017', 100), new Uint32Array(N), { dtype: 'uint32', dims: [132, 80, 114] });
    const progress: Array<[number, number]> = [];
    let pauses = 0;
    const res = await cachedDensityAt(cache, v, {
      batchSize: 2,
      onProgress: (read, total) => progress.push([read, total]),
      pause: async () => {
        pauses += 1;
      },
    });
    expect(res.cachedCount).toBe(5);
    expect(res.unreadable).toBe(2);
    expect([...res.values].sort((a, b) => a.experimentId - b.experimentId)).toEqual([
      { experimentId: 101, density: Math.fround(0.4) },
      { experimentId: 102, density: Math.fround(0.05) },
      { experimentId: 103, density: -1 },
    ]);
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(pauses).toBe(2);
  });

  it('an empty cache gives no values; entries of another release are not served', async () => {
    const store = freshStore();
    const cache = createVolumeCache({ store });
    expect(await cachedDensityAt(cache, { ap: 0, dv: 0, ml: 0 })).toEqual({ voxel: { ap: 0, dv: 0, ml: 0 }, values: [], cachedCount: 0, unreadable: 0 });
    const old = createVolumeCache({ store, release: 'older-release' });
    await put(old, 7, nrrd(grid(1, {})));
    expect((await cache.list()).length).toBe(1);
    expect((await cachedDensityAt(cache, { ap: 0, dv: 0, ml: 0 })).cachedCount).toBe(0);
  });

  it('stops between batches when the signal aborts', async () => {
    const cache = createVolumeCache({ store: freshStore() });
    for (const id of [1, 2, 3]) await put(cache, id, nrrd(grid(0.2, {})));
    const ctl = new AbortController();
    const pending = cachedDensityAt(cache, { ap: 1, dv: 1, ml: 1 }, { signal: ctl.signal, batchSize: 1, onProgress: () => ctl.abort() });
    await expect(pending).rejects.toThrow();
  });
});
