import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { AllenError } from '../allen/index.ts';
import type { DensityDownload } from '../allen/index.ts';
import { asciiBytes, bytesResponse, fakeClient, jsonResponse } from '../allen/fake-fetch.ts';
import type { FakeHandler } from '../allen/fake-fetch.ts';
import { createVolumeCache } from './cache/index.ts';
import { DENSITY_META, createDownloadQueue } from './download-queue.ts';
import type { DecodeDensity, LoadStatus, ReadyVolume } from './download-queue.ts';

const VOXELS = 132 * 80 * 114;
let db = 0;
const idOf = (url: string): number => Number(/\/(\d+)\?/.exec(url)?.[1] ?? NaN);
/** A fake "NRRD" whose body names the experiment; the fake decoder fills the grid with that id. */
const nrrdFor = (id: number): Response => bytesResponse(asciiBytes(`NRRD0004 ${id}`, 64));
/** The same as a fake zip (the zip route's magic bytes), for the route taken after a decode failure. */
const zipFor = (id: number): Response => bytesResponse(asciiBytes(`PK\x03\x04 ${id}`, 64));
const gridFor = (url: string): Response => (url.includes('/download/') ? zipFor(idOf(url)) : nrrdFor(idOf(url)));
const fakeDecode: DecodeDensity = async (d: DensityDownload) => {
  const text = new TextDecoder().decode(d.bytes).replace(/\0+$/, '');
  const id = Number(text.split(' ')[1]);
  if (!Number.isFinite(id)) throw new Error('not an NRRD we made');
  return new Float32Array(VOXELS).fill(id).buffer;
};

function setup(handler: FakeHandler, decode: DecodeDensity = fakeDecode, withCache = true) {
  const { fake, client } = fakeClient(handler);
  const cache = withCache
    ? createVolumeCache({ store: createStore(`queue-test-${db++}`, 'volumes') })
    : null;
  const queue = createDownloadQueue({ client, cache, decode, concurrency: 3 });
  const volumes: ReadyVolume[] = [];
  const statuses: LoadStatus[] = [];
  const run = (ids: number[], extra: { reload?: boolean; signal?: AbortSignal } = {}) =>
    queue.load(ids, {
      ...extra,
      onVolume: (v) => volumes.push(v),
      onStatus: (s) => statuses.push(s),
    });
  return { fake, cache, queue, volumes, statuses, run };
}

describe('download queue', () => {
  it('downloads, decodes, delivers and caches; a second load makes no fetch call', async () => {
    const t = setup((url) => nrrdFor(idOf(url)));
    const first = await t.run([11, 12, 13, 12]);
    expect([...first.loaded].sort()).toEqual([11, 12, 13]);
    expect(first.fromCache).toEqual([]);
    expect(first.failed.size).toBe(0);
    expect(t.fake.calls).toHaveLength(3);
    expect(
      t.volumes.map((v) => [v.experimentId, v.data[0], v.data.length, v.source]).sort(),
    ).toEqual([
      [11, 11, VOXELS, 'network'],
      [12, 12, VOXELS, 'network'],
      [13, 13, VOXELS, 'network'],
    ]);
    t.volumes.length = 0;
    t.statuses.length = 0;
    const second = await t.run([13, 11]);
    expect(t.fake.calls).toHaveLength(3);
    expect(second.fromCache).toEqual([13, 11]);
    expect(t.volumes.map((v) => [v.experimentId, v.data[VOXELS - 1], v.source])).toEqual([
      [13, 13, 'cache'],
      [11, 11, 'cache'],
    ]);
    expect(t.statuses.filter((s) => s.experimentId === 13).map((s) => s.state)).toEqual([
      'queued',
      'cached',
      'done',
    ]);
  });

  it('stops starting downloads while too many volumes wait for the cache, then resumes', async () => {
    const { fake, client } = fakeClient((url) => nrrdFor(idOf(url)));
    const cache = createVolumeCache({ store: createStore(`queue-test-${db++}`, 'volumes') });
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const written: number[] = [];
    const slowCache = {
      ...cache,
      putEncoded: async (entries: Parameters<typeof cache.putEncoded>[0]) => {
        await gate;
        written.push(entries.length);
        return cache.putEncoded(entries);
      },
    };
    const queue = createDownloadQueue({ client, cache: slowCache, decode: fakeDecode, concurrency: 1, cacheBatch: 2, maxQueuedWrites: 4 });
    let delivered = 0;
    const loading = queue.load([1, 2, 3, 4, 5, 6, 7, 8], { onVolume: () => (delivered += 1) });
    // With writes stalled, downloads stop once 4 records wait (the event loop is turned, not timed).
    await expect.poll(() => delivered).toBe(4);
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(delivered).toBe(4);
    expect(fake.calls).toHaveLength(4);
    release();
    const result = await loading;
    expect(result.loaded).toHaveLength(8);
    expect(fake.calls).toHaveLength(8);
    expect(written.reduce((a, b) => a + b, 0)).toBe(8);
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
    expect(await t.cache?.get(t.cache.key('density', 32, 100))).toBeNull();
  });

  it('an NRRD that arrives whole but does not decode is fetched again from the zip route', async () => {
    const flaky: DecodeDensity = async (d, s) => {
      if (d.format === 'nrrd') throw new Error('gunzip: invalid block type');
      return fakeDecode(d, s);
    };
    const t = setup(gridFor, flaky);
    const res = await t.run([41]);
    expect(res.loaded).toEqual([41]);
    expect(t.volumes[0]?.data[0]).toBe(41);
    expect(t.fake.calls).toEqual([
      'https://api.test/grid_data/download_file/41?image=projection_density&resolution=100',
      'https://api.test/grid_data/download/41?include=density',
    ]);
    expect(t.statuses.map((s) => s.state)).toEqual([
      'queued',
      'downloading',
      'downloading',
      'decoding',
      'downloading',
      'downloading',
      'decoding',
      'done',
    ]);
  });

  it('a payload that never decodes fails after the bounded attempts and is not cached', async () => {
    const wrongSize: DecodeDensity = async () => new ArrayBuffer(VOXELS * 4 - 4);
    const t = setup(gridFor, wrongSize);
    const res = await t.run([51]);
    expect(res.loaded).toEqual([]);
    // NRRD once, then the zip route for the remaining attempts
    expect(t.fake.calls.map((u) => (u.includes('download_file') ? 'nrrd' : 'zip'))).toEqual(['nrrd', 'zip', 'zip']);
    const err = res.failed.get(51);
    expect(err?.kind).toBe('validation');
    expect(err?.message).toContain('Decoding experiment 51 failed');
    expect(err?.message).toContain('expected 4815360');
    expect(err?.message).toMatch(/nrrd payload .* does not decode .*; then the zip payload/);
    expect(await t.cache?.get(t.cache.key('density', 51, 100))).toBeNull();
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

  it('works without a cache', async () => {
    const t = setup((url) => nrrdFor(idOf(url)), fakeDecode, false);
    const res = await t.run([71, 72]);
    expect(res.loaded).toHaveLength(2);
    expect(DENSITY_META.dims).toEqual([132, 80, 114]);
  });
});
