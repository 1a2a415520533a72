import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { AllenError } from '../allen/index.ts';
import { asciiBytes, bytesResponse, fakeClient, jsonResponse } from '../allen/fake-fetch.ts';
import type { FakeHandler } from '../allen/fake-fetch.ts';
import { createVolumeCache } from './cache/index.ts';
import { packGrid, unpackGrid } from '../compute/packed-grid.ts';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import { GRID_KIND, createDownloadQueue, formatOf } from './download-queue.ts';
import type { EncodedGrid, GridConsumer, GridLocks, LoadStatus } from './download-queue.ts';

let db = 0;
const idOf = (url: string): number => Number(/\/(\d+)\?/.exec(url)?.[1] ?? NaN);
/** A fake "NRRD" whose body names the experiment; the fake consumer "decodes" that id. */
const nrrdFor = (id: number): Response => bytesResponse(asciiBytes(`NRRD0004 ${id}`, 64));
/** The same as a fake zip (the zip route's magic bytes), for the route taken after a decode failure. */
const zipFor = (id: number): Response => bytesResponse(asciiBytes(`PK\x03\x04 ${id}`, 64));
const gridFor = (url: string): Response => (url.includes('/download/') ? zipFor(idOf(url)) : nrrdFor(idOf(url)));
/** The id written in fake bytes; throws for bytes we did not make. */
const decodedId = (g: EncodedGrid): number => {
  const id = Number(new TextDecoder().decode(g.bytes).replace(/\0+$/, '').split(' ')[1]);
  if (!Number.isFinite(id)) throw new Error('not a grid we made');
  return id;
};

/** An in-process Web Locks stand-in: one holder per name, FIFO. */
function memoryLocks(): GridLocks & { held: Set<string> } {
  const tails = new Map<string, Promise<unknown>>();
  const held = new Set<string>();
  return {
    held,
    request(name, _options, callback) {
      const before = tails.get(name) ?? Promise.resolve();
      const run = before.then(async () => {
        held.add(name);
        try {
          return await callback();
        } finally {
          held.delete(name);
        }
      });
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

function setup(handler: FakeHandler, opts: { consumer?: GridConsumer; withCache?: boolean; locks?: GridLocks | null } = {}) {
  const { fake, client } = fakeClient(handler);
  const cache = opts.withCache === false ? null : createVolumeCache({ store: createStore(`queue-test-${db++}`, 'volumes') });
  const queue = createDownloadQueue({ client, cache, concurrency: 3, locks: opts.locks ?? null });
  const grids: Array<{ experimentId: number; decoded: number; source: string; format: string }> = [];
  const statuses: LoadStatus[] = [];
  const consumer: GridConsumer =
    opts.consumer ?? ((g) => void grids.push({ experimentId: g.experimentId, decoded: decodedId(g), source: g.source, format: g.format }));
  const run = (ids: number[], extra: { reload?: boolean; signal?: AbortSignal } = {}) =>
    queue.load(ids, { ...extra, onGrid: consumer, onStatus: (s) => statuses.push(s) });
  return { fake, client, cache, queue, grids, statuses, run };
}

describe('download queue', () => {
  it('downloads, hands out, stores the bytes as downloaded; a second load makes no fetch call', async () => {
    const t = setup((url) => nrrdFor(idOf(url)));
    const first = await t.run([11, 12, 13, 12]);
    expect([...first.loaded].sort()).toEqual([11, 12, 13]);
    expect(first.fromCache).toEqual([]);
    expect(first.failed.size).toBe(0);
    expect(t.fake.calls).toHaveLength(3);
    expect(t.grids.map((g) => [g.experimentId, g.decoded, g.source, g.format]).sort()).toEqual([
      [11, 11, 'network', 'nrrd'],
      [12, 12, 'network', 'nrrd'],
      [13, 13, 'network', 'nrrd'],
    ]);
    // the record holds the 64 downloaded bytes, not a decoded grid
    const stored = await t.cache?.get(t.cache.key(GRID_KIND, 12, 100));
    expect(stored?.meta).toEqual({ dtype: 'uint8', dims: [64, 1, 1] });
    expect(new TextDecoder().decode(stored?.bytes).startsWith('NRRD0004 12')).toBe(true);
    t.grids.length = 0;
    t.statuses.length = 0;
    const second = await t.run([13, 11]);
    expect(t.fake.calls).toHaveLength(3);
    expect(second.fromCache).toEqual([13, 11]);
    expect(t.grids.map((g) => [g.experimentId, g.decoded, g.source])).toEqual([
      [13, 13, 'cache'],
      [11, 11, 'cache'],
    ]);
    expect(t.statuses.filter((s) => s.experimentId === 13).map((s) => s.state)).toEqual(['queued', 'cached', 'done']);
  });

  it('a stored record that no longer decodes is evicted and downloaded again', async () => {
    let refuse = new Set<number>();
    const grids: number[] = [];
    const t = setup((url) => nrrdFor(idOf(url)), {
      consumer: (g) => {
        if (g.source === 'cache' && refuse.has(g.experimentId)) throw new Error('inflate: invalid distance');
        grids.push(decodedId(g));
      },
    });
    await t.run([1, 2]);
    refuse = new Set([2]);
    const again = await t.run([1, 2]);
    expect(again.fromCache).toEqual([1]);
    expect([...again.loaded].sort()).toEqual([1, 2]);
    expect(t.fake.calls.map(idOf)).toEqual([1, 2, 2]);
    expect(grids).toEqual([1, 2, 1, 2]);
  });

  it('a grid is stored only after the consumer decoded it, and never when it does not', async () => {
    const seenStoredBeforeConsume: boolean[] = [];
    const t = setup((url) => nrrdFor(idOf(url)), {
      consumer: async (g) => {
        seenStoredBeforeConsume.push((await t.cache?.get(t.cache.key(GRID_KIND, g.experimentId, 100))) != null);
        if (g.experimentId === 5) throw new Error('not a grid');
      },
    });
    const res = await t.run([4, 5]);
    expect(res.loaded).toEqual([4]);
    // 5 is not retried: the zip route's answer is not a zip (the fake serves NRRD bytes there)
    expect(seenStoredBeforeConsume).toEqual([false, false]);
    expect(await t.cache?.get(t.cache.key(GRID_KIND, 4, 100))).not.toBeNull();
    expect(await t.cache?.get(t.cache.key(GRID_KIND, 5, 100))).toBeNull();
  });

  it('reload bypasses the cache', async () => {
    const t = setup((url) => nrrdFor(idOf(url)));
    await t.run([21]);
    const again = await t.run([21], { reload: true });
    expect(again.fromCache).toEqual([]);
    expect(t.fake.calls).toHaveLength(2);
  });

  it('failures are listed with their errors and do not stop the others', async () => {
    const t = setup((url) => (idOf(url) === 32 ? jsonResponse({}, 404) : nrrdFor(idOf(url))));
    const res = await t.run([31, 32, 33]);
    expect([...res.loaded].sort()).toEqual([31, 33]);
    expect([...res.failed.keys()]).toEqual([32]);
    const err = res.failed.get(32);
    expect(err).toBeInstanceOf(AllenError);
    expect(err?.experimentId).toBe(32);
    expect(err?.message).toContain('Download of experiment 32 failed');
    expect(t.statuses.find((s) => s.experimentId === 32 && s.state === 'failed')).toBeDefined();
    expect(await t.cache?.get(t.cache.key(GRID_KIND, 32, 100))).toBeNull();
  });

  it('an NRRD that arrives whole but does not decode is fetched again from the zip route', async () => {
    const grids: Array<[number, string]> = [];
    const t = setup(gridFor, {
      consumer: (g) => {
        if (g.format === 'nrrd') throw new Error('gunzip: invalid block type');
        grids.push([decodedId(g), g.format]);
      },
    });
    const res = await t.run([41]);
    expect(res.loaded).toEqual([41]);
    expect(grids).toEqual([[41, 'zip']]);
    expect(t.fake.calls).toEqual([
      'https://api.test/grid_data/download_file/41?image=projection_density&resolution=100',
      'https://api.test/grid_data/download/41?include=density',
    ]);
    expect(t.statuses.map((s) => s.state)).toEqual(['queued', 'downloading', 'downloading', 'decoding', 'downloading', 'downloading', 'decoding', 'done']);
    // the zip that decoded is what was stored, and a cache hit hands it out as a zip
    const again = await t.run([41]);
    expect(again.fromCache).toEqual([41]);
    expect(grids).toEqual([
      [41, 'zip'],
      [41, 'zip'],
    ]);
  });

  it('a payload that never decodes fails after the bounded attempts and is not cached', async () => {
    const t = setup(gridFor, {
      consumer: () => {
        throw new Error('decoded 19261436 bytes, expected 19261440');
      },
    });
    const res = await t.run([51]);
    expect(res.loaded).toEqual([]);
    // NRRD once, then the zip route for the remaining attempts
    expect(t.fake.calls.map((u) => (u.includes('download_file') ? 'nrrd' : 'zip'))).toEqual(['nrrd', 'zip', 'zip']);
    const err = res.failed.get(51);
    expect(err?.kind).toBe('validation');
    expect(err?.message).toContain('Decoding experiment 51 failed');
    expect(err?.message).toContain('expected 19261440');
    expect(err?.message).toMatch(/nrrd payload .* does not decode .*; then the zip payload/);
    expect(await t.cache?.get(t.cache.key(GRID_KIND, 51, 100))).toBeNull();
  });

  it('abort rejects with kind aborted and cancels outstanding requests', async () => {
    const seen: AbortSignal[] = [];
    const ctl = new AbortController();
    const t = setup((url, _call, init) => {
      if (idOf(url) === 61) return nrrdFor(61);
      if (init?.signal) seen.push(init.signal);
      if (seen.length === 2) queueMicrotask(() => ctl.abort());
      return 'hang';
    });
    const err = await t.run([61, 62, 63], { signal: ctl.signal }).catch((e: unknown) => e);
    expect((err as AllenError).kind).toBe('aborted');
    expect(seen).toHaveLength(2);
    expect(seen.every((s) => s.aborted)).toBe(true);
  });

  it('a grid that arrived whole (packed by the fetcher) is kept when the load is cancelled before it was used', async () => {
    const cache = createVolumeCache({ store: createStore(`queue-test-${db++}`, 'volumes') });
    const packed = packGrid(new Float32Array(voxelCount(DENSITY_SHAPE)), DENSITY_SHAPE);
    const source = {
      fetchDensityGrid: (id: number) => Promise.resolve({ experimentId: id, format: 'packed' as const, bytes: packed.slice().buffer, url: `grid ${id}` }),
    };
    const queue = createDownloadQueue({ client: source, cache, concurrency: 2, locks: null });
    const ctl = new AbortController();
    let arrived = 0;
    // the consumer waits (as the means wait for a preview that waits for the atlas) until the job is cancelled
    const consumer: GridConsumer = (_g, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        if (++arrived === 2) ctl.abort();
      });
    await expect(queue.load([1, 2], { signal: ctl.signal, onGrid: consumer })).rejects.toMatchObject({ kind: 'aborted' });
    await expect.poll(async () => (await cache.get(cache.key(GRID_KIND, 1, 100))) !== null).toBe(true);
    await expect.poll(async () => (await cache.get(cache.key(GRID_KIND, 2, 100))) !== null).toBe(true);
    // bytes that are not a packed grid (as downloaded, never decoded) are not kept
    const raw = createDownloadQueue({ client: fakeClient((url) => nrrdFor(idOf(url))).client, cache, concurrency: 1, locks: null });
    const ctl2 = new AbortController();
    const waiting: GridConsumer = (_g, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        ctl2.abort();
      });
    await expect(raw.load([3], { signal: ctl2.signal, onGrid: waiting })).rejects.toMatchObject({ kind: 'aborted' });
    expect(await cache.get(cache.key(GRID_KIND, 3, 100))).toBeNull();
  });

  it('never runs more downloads at once than its concurrency', async () => {
    let active = 0;
    let maxActive = 0;
    const t = setup(async (url) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 0));
      active -= 1;
      return nrrdFor(idOf(url));
    });
    const res = await t.run([81, 82, 83, 84, 85, 86, 87]);
    expect(res.loaded).toHaveLength(7);
    expect(maxActive).toBe(3);
  });

  it('a slot moves on when its grid arrives, while the consumer still holds it; at most `concurrency` grids wait so', async () => {
    for (const locks of [null, memoryLocks()]) {
      const fetched: number[] = [];
      const held: Array<() => void> = [];
      const t = setup(
        (url) => {
          fetched.push(idOf(url));
          return nrrdFor(idOf(url));
        },
        // the consumer takes nothing until the test lets it (a compute thread busy elsewhere)
        { consumer: () => new Promise<void>((resolve) => held.push(resolve)), locks },
      );
      const ids = [91, 92, 93, 94, 95, 96, 97, 98, 99];
      const loading = t.run(ids);
      // 3 slots: 3 grids waiting to be taken let 3 more downloads start, and no more
      await expect.poll(() => fetched.length).toBe(6);
      await new Promise((r) => setTimeout(r, 20));
      expect([fetched.length, held.length]).toEqual([6, 6]);
      // each grid taken lets one more download start, until all are fetched
      while (held.length > 0 || fetched.length < ids.length) {
        held.shift()?.();
        await new Promise((r) => setTimeout(r, 0));
      }
      const res = await loading;
      expect([[...fetched].sort(), res.loaded.length]).toEqual([ids, ids.length]);
    }
  });

  it('works without a cache', async () => {
    const t = setup((url) => nrrdFor(idOf(url)), { withCache: false });
    const res = await t.run([71, 72]);
    expect(res.loaded).toHaveLength(2);
    expect(t.grids.map((g) => g.decoded).sort()).toEqual([71, 72]);
  });

  it('two tabs loading the same grids download each once: the second waits for the lock and reads the cache', async () => {
    const locks = memoryLocks();
    const store = createStore(`queue-test-${db++}`, 'volumes');
    const { fake, client } = fakeClient(async (url) => {
      await new Promise((r) => setTimeout(r, 5));
      return nrrdFor(idOf(url));
    });
    // two queues (two tabs) over one IndexedDB database and one lock manager
    const tabA = createDownloadQueue({ client, cache: createVolumeCache({ store }), locks, concurrency: 2 });
    const tabB = createDownloadQueue({ client, cache: createVolumeCache({ store }), locks, concurrency: 2 });
    const got: Array<[string, number, string]> = [];
    const [a, b] = await Promise.all([
      tabA.load([1, 2, 3], { onGrid: (g) => void got.push(['A', decodedId(g), g.source]) }),
      tabB.load([3, 2, 1], { onGrid: (g) => void got.push(['B', decodedId(g), g.source]) }),
    ]);
    expect(fake.calls.map(idOf).sort()).toEqual([1, 2, 3]);
    expect([...a.loaded, ...b.loaded].sort()).toEqual([1, 1, 2, 2, 3, 3]);
    // every grid was downloaded by exactly one tab and read from the cache by the other
    for (const id of [1, 2, 3]) {
      const sources = got
        .filter(([, g]) => g === id)
        .map(([, , s]) => s)
        .sort();
      expect(sources).toEqual(['cache', 'network']);
    }
    expect(locks.held.size).toBe(0);
  });

  it("stores the consumer's form of a grid in place of the download, and rewrites older cached forms once", async () => {
    // the consumer "packs" a grid: real packed bytes of a tiny grid whose one voxel is the id
    const packedOf = (id: number): Uint8Array => {
      const g = new Float32Array(6);
      g[2] = id;
      return packGrid(g, { nx: 3, ny: 2, nz: 1, resolutionUm: 100 });
    };
    const seen: Array<[number, string, string]> = [];
    let packing = false;
    const t = setup((url) => nrrdFor(idOf(url)), {
      consumer: (g) => {
        seen.push([g.experimentId, g.source, g.format]);
        if (g.format === 'packed') return undefined;
        return packing ? packedOf(g.experimentId) : undefined;
      },
    });
    await t.run([41]); // stored as downloaded: the consumer returned nothing
    packing = true;
    await t.run([41, 42]); // 41: a cached gzip, rewritten packed; 42: downloaded, stored packed
    const stored = async (id: number) => (await t.cache?.get(t.cache.key(GRID_KIND, id, 100)))?.bytes;
    expect(unpackGrid((await stored(41)) ?? new Uint8Array()).data[2]).toBe(41);
    expect(unpackGrid((await stored(42)) ?? new Uint8Array()).data[2]).toBe(42);
    seen.length = 0;
    const third = await t.run([41, 42]);
    expect(third.fromCache).toEqual([41, 42]);
    expect(seen).toEqual([
      [41, 'cache', 'packed'],
      [42, 'cache', 'packed'],
    ]);
    expect(t.fake.calls.map(idOf)).toEqual([41, 42]);
  });
});

describe('formatOf', () => {
  it('names a record by its magic bytes, also as a view into a larger buffer (a stored record)', () => {
    const at = (head: readonly number[], offset: number): Uint8Array => {
      const buf = new Uint8Array(offset + 64);
      buf.set(head, offset);
      return new Uint8Array(buf.buffer, offset, 64);
    };
    expect(formatOf(at([0x4e, 0x52, 0x52, 0x44], 0))).toBe('nrrd');
    expect(formatOf(at([0x4e, 0x52, 0x52, 0x44], 13))).toBe('nrrd');
    expect(formatOf(at([0x50, 0x4b, 0x03, 0x04], 7))).toBe('zip');
    expect(formatOf(at([1, 2, 3, 4], 5))).toBeNull();
    expect(formatOf(new Uint8Array(2))).toBeNull();
    const packed = packGrid(new Float32Array(voxelCount(DENSITY_SHAPE)), DENSITY_SHAPE);
    const inLarger = new Uint8Array(packed.byteLength + 32);
    inLarger.set(packed, 32);
    expect(formatOf(inLarger.subarray(32))).toBe('packed');
  });
});
