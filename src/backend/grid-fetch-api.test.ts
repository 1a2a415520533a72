import 'fake-indexeddb/auto';
import { gzipSync } from 'fflate';
import { createStore } from 'idb-keyval';
import { describe, expect, it, vi } from 'vitest';
import { AllenError, type DownloadOptions } from '../allen/index.ts';
import type { DensityDownload } from '../allen/types.ts';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import { encodeLabelRuns } from '../compute/label-runs.ts';
import { isPackedGrid, unpackGrid } from '../compute/packed-grid.ts';
import { createVolumeCache } from './cache/index.ts';
import { createDownloadQueue } from './download-queue.ts';
import { GRID_FETCH_VERSION } from '../protocol/grid-fetch-contract.ts';
import { PROGRESS_EVERY_MS, createGridFetchApi } from './grid-fetch-api.ts';
import { createProgressRoutes, fetcherGridSource, type GridFetcher } from './grid-fetch-client.ts';

const N = voxelCount(DENSITY_SHAPE);

/** A gzip NRRD of a whole density grid whose voxel i·997 holds id + i (the rest 0). */
function densityNrrd(id: number): { bytes: ArrayBuffer; values: Float32Array } {
  const values = new Float32Array(N);
  for (let i = 0; i * 997 < N; i++) values[i * 997] = id + i;
  const { nx, ny, nz } = DENSITY_SHAPE;
  const head = new TextEncoder().encode(
    `NRRD0004\ntype: float\ndimension: 3\nsizes: ${nx} ${ny} ${nz}\nspacings: 100 100 100\nendian: little\nencoding: gzip\n\n`,
  );
  const gz = gzipSync(new Uint8Array(values.buffer));
  const out = new Uint8Array(head.length + gz.length);
  out.set(head);
  out.set(gz, head.length);
  return { bytes: out.buffer, values };
}

/** A client whose downloads wait until `release(id)` (or their signal aborts). */
function heldClient(make: (id: number) => DensityDownload = (id) => ({ experimentId: id, format: 'nrrd', bytes: densityNrrd(id).bytes, url: `grid/${id}` })) {
  const waiting = new Map<number, () => void>();
  const asked: number[] = [];
  const aborted: number[] = [];
  return {
    asked,
    aborted,
    release: (id: number) => waiting.get(id)?.(),
    client: {
      fetchDensityGrid(id: number, opts: DownloadOptions = {}): Promise<DensityDownload> {
        asked.push(id);
        return new Promise((resolve, reject) => {
          waiting.set(id, () => resolve(make(id)));
          opts.signal?.addEventListener('abort', () => {
            aborted.push(id);
            reject(new AllenError({ kind: 'aborted', what: `Download of experiment ${id}`, detail: 'aborted', url: '' }));
          });
        });
      },
    },
  };
}

/** Voxels whose bits differ (toEqual on a 1.2 M-voxel array takes seconds). */
function differing(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

const instant = (make: (id: number) => DensityDownload | Promise<DensityDownload>) => ({ fetchDensityGrid: async (id: number) => make(id) });

describe('grid fetcher', () => {
  it('packs a download that decodes to a whole grid, losslessly', async () => {
    const { bytes, values } = densityNrrd(7);
    const api = createGridFetchApi({ client: instant((id) => ({ experimentId: id, format: 'nrrd', bytes, url: 'u' })) });
    const got = await api.fetchGrid(7, 'auto', 'job-1|1');
    if (!got.ok) throw new Error(got.error.detail);
    expect(got.format).toBe('packed');
    expect(got.downloadedBytes).toBe(bytes.byteLength);
    expect(isPackedGrid(new Uint8Array(got.bytes))).toBe(true);
    expect(differing(unpackGrid(got.bytes).data, values)).toBe(0);
  });

  it('expands label runs into the labels they were encoded from; runs that do not expand throw LabelRunsError', () => {
    const shape = { nx: 5, ny: 4, nz: 3, resolutionUm: 50 };
    const labels = Uint32Array.from({ length: 60 }, (_, i) => (i % 7 < 3 ? 0 : 614454277 + (i % 4)));
    const runs = encodeLabelRuns(labels, shape);
    const api = createGridFetchApi({ client: instant((id) => ({ experimentId: id, format: 'nrrd', bytes: new ArrayBuffer(0), url: 'u' })) });
    const got = api.expandAnnotation(runs.slice().buffer, 'runs');
    expect([got.shape, Array.from(new Uint32Array(got.labels))]).toEqual([shape, Array.from(labels)]);
    const cut = runs.slice(0, runs.byteLength - 3).buffer;
    expect(() => api.expandAnnotation(cut, 'runs')).toThrow(expect.objectContaining({ name: 'LabelRunsError' }));
  });

  it('expands a gzip NRRD annotation into its labels (uint16 widened); one cut short throws', () => {
    const labels = Uint16Array.from({ length: 60 }, (_, i) => (i % 5 === 0 ? 0 : 300 + (i % 9)));
    const head = new TextEncoder().encode('NRRD0004\ntype: uint16\ndimension: 3\nsizes: 5 4 3\nspacings: 50 50 50\nendian: little\nencoding: gzip\n\n');
    const gz = gzipSync(new Uint8Array(labels.buffer));
    const file = new Uint8Array(head.length + gz.length);
    file.set(head);
    file.set(gz, head.length);
    const api = createGridFetchApi({ client: instant((id) => ({ experimentId: id, format: 'nrrd', bytes: new ArrayBuffer(0), url: 'u' })) });
    const got = api.expandAnnotation(file.slice().buffer, 'nrrd');
    expect([got.shape, Array.from(new Uint32Array(got.labels))]).toEqual([{ nx: 5, ny: 4, nz: 3, resolutionUm: 50 }, Array.from(labels)]);
    expect(() => api.expandAnnotation(file.slice(0, file.length - 10).buffer, 'nrrd')).toThrow();
  });

  it('hands on bytes that do not decode as downloaded (the consumer then fails and the queue asks the zip route)', async () => {
    const junk = new TextEncoder().encode('NRRD0004\nnot really').buffer;
    const api = createGridFetchApi({ client: instant((id) => ({ experimentId: id, format: 'nrrd', bytes: junk, url: 'u' })) });
    const got = await api.fetchGrid(3, 'auto', 'job-1|1');
    expect(got.ok && got.format).toBe('nrrd');
    expect(got.ok && new Uint8Array(got.bytes)).toEqual(new Uint8Array(junk));
  });

  it('returns an AllenError with its kind, status and experiment id', async () => {
    const api = createGridFetchApi({
      client: instant(() => {
        throw new AllenError({
          kind: 'http',
          what: 'Download of experiment 5',
          detail: 'HTTP 404 from x',
          url: 'x',
          status: 404,
          experimentId: 5,
          attempts: 1,
        });
      }),
    });
    const got = await api.fetchGrid(5, 'auto', 'job-1|1');
    expect(got.ok).toBe(false);
    if (got.ok) return;
    const e = new AllenError(got.error);
    expect([e.kind, e.status, e.experimentId, e.message]).toEqual(['http', 404, 5, 'Download of experiment 5 failed: HTTP 404 from x']);
  });

  it("cancel(job) aborts the job's fetches in flight and refuses its later ones; other jobs go on", async () => {
    const held = heldClient();
    const api = createGridFetchApi({ client: held.client });
    const a = api.fetchGrid(1, 'auto', 'job-1|1');
    const b = api.fetchGrid(2, 'auto', 'job-1|2');
    const other = api.fetchGrid(3, 'auto', 'job-2|1');
    api.cancel('job-1');
    expect(held.aborted.sort()).toEqual([1, 2]);
    for (const r of await Promise.all([a, b])) expect(!r.ok && r.error.kind).toBe('aborted');
    const later = await api.fetchGrid(4, 'auto', 'job-1|3');
    expect(!later.ok && later.error.kind).toBe('aborted');
    expect(held.asked).not.toContain(4);
    held.release(3);
    expect((await other).ok).toBe(true);
  });
});

describe('download queue through a grid fetcher', () => {
  let db = 0;
  const cacheFor = () => createVolumeCache({ store: createStore(`fetcher-test-${db++}`, 'volumes') });

  it('stores the packed form the fetcher made and hands it to the consumer as packed', async () => {
    const api = createGridFetchApi({ client: instant((id) => ({ experimentId: id, format: 'nrrd', bytes: densityNrrd(id).bytes, url: 'u' })) });
    const cache = cacheFor();
    const queue = createDownloadQueue({ client: fetcherGridSource(api, 'job-1|1', createProgressRoutes()), cache, locks: null });
    const formats: string[] = [];
    const r = await queue.load([11, 12], { onGrid: (g) => void formats.push(g.format) });
    expect([...r.loaded].sort()).toEqual([11, 12]);
    expect(formats).toEqual(['packed', 'packed']);
    const stored = await cache.get(cache.key('grid', 11, 100));
    expect(stored && differing(unpackGrid(stored.bytes).data, densityNrrd(11).values)).toBe(0);
  });

  it('progress goes to the compute worker at most every PROGRESS_EVERY_MS per grid: none for a grid that arrives sooner', async () => {
    let now = 1000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const chunks = (times: readonly number[]) => ({
        fetchDensityGrid(id: number, opts: DownloadOptions = {}): Promise<DensityDownload> {
          times.forEach((t, i) => {
            now = 1000 + t;
            opts.onProgress?.(i + 1, times.length);
          });
          return Promise.resolve({ experimentId: id, format: 'nrrd', bytes: densityNrrd(id).bytes, url: `grid/${id}` });
        },
      });
      const sent: Array<[string, number, number, number | null]> = [];
      const p = PROGRESS_EVERY_MS;
      const slow = createGridFetchApi({ client: chunks([0.1 * p, 0.5 * p, 1.2 * p, 1.5 * p, 2.6 * p]) });
      slow.setProgressSink((tag, id, received, total) => void sent.push([tag, id, received, total]));
      await slow.fetchGrid(3, 'auto', 'job|1', true);
      expect(sent).toEqual([
        ['job|1', 3, 3, 5],
        ['job|1', 3, 5, 5],
      ]);
      // not asked for: none
      now = 1000;
      await slow.fetchGrid(5, 'auto', 'job|1');
      expect(sent).toHaveLength(2);
      now = 1000;
      const fast = createGridFetchApi({ client: chunks([0.2 * p, 0.9 * p]) });
      fast.setProgressSink((tag, id, received, total) => void sent.push([tag, id, received, total]));
      await fast.fetchGrid(4, 'auto', 'job|1', true);
      expect(sent).toHaveLength(2);
    } finally {
      clock.mockRestore();
    }
  });

  it('a grid that sent no progress still counts its bytes on the wire: the last downloading status has them', async () => {
    const api = createGridFetchApi({ client: instant((id) => ({ experimentId: id, format: 'nrrd', bytes: densityNrrd(id).bytes, url: 'u' })) });
    const routes = createProgressRoutes();
    api.setProgressSink(routes.sink);
    const queue = createDownloadQueue({ client: fetcherGridSource(api, 'job-4|1', routes), cache: null, locks: null });
    const received: number[] = [];
    await queue.load([12], { onGrid: () => undefined, onStatus: (st) => void (st.state === 'downloading' && received.push(st.receivedBytes)) });
    expect(received).toEqual([0, densityNrrd(12).bytes.byteLength]);
  });

  it("a fetcher's one progress sink reaches the grid of that load in flight, and nothing else", async () => {
    const routes = createProgressRoutes();
    const seen: Array<[string, number, number | null]> = [];
    const off1 = routes.on('job|1', 7, (r, t) => void seen.push(['job|1 #7', r, t]));
    const off2 = routes.on('job|2', 7, (r, t) => void seen.push(['job|2 #7', r, t]));
    routes.sink('job|1', 7, 10, 40);
    routes.sink('job|2', 7, 20, null);
    routes.sink('job|1', 8, 30, 40);
    off1();
    routes.sink('job|1', 7, 40, 40);
    off2();
    routes.sink('job|2', 7, 50, null);
    expect(seen).toEqual([
      ['job|1 #7', 10, 40],
      ['job|2 #7', 20, null],
    ]);
  });

  it('progress that arrives after the answer is dropped: the last status of a grid stays done', async () => {
    const api = createGridFetchApi({ client: instant((id) => ({ experimentId: id, format: 'nrrd', bytes: densityNrrd(id).bytes, url: 'u' })) });
    const routes = createProgressRoutes();
    const late: GridFetcher = {
      cancelTag: () => undefined,
      fetchGrid: async (id, route, tag) => {
        const got = await api.fetchGrid(id, route, tag);
        setTimeout(() => routes.sink(tag, id, 100, 100), 0); // over its own channel, after the answer
        return got;
      },
    };
    const queue = createDownloadQueue({ client: fetcherGridSource(late, 'job-3|1', routes), cache: null, locks: null });
    const last = new Map<number, string>();
    await queue.load([21], { onGrid: () => undefined, onStatus: (st) => last.set(st.experimentId, st.state) });
    await new Promise((r) => setTimeout(r, 5));
    expect(last.get(21)).toBe('done');
  });

  it("an aborted load stops at once and cancels its tag in the fetcher, even when the fetcher's answer never comes", async () => {
    const held = heldClient();
    const api = createGridFetchApi({ client: held.client });
    const cancelled: string[] = [];
    // a fetcher whose answers never arrive (its thread busy), but whose cancels do
    const fetcher = { fetchGrid: () => new Promise<never>(() => undefined), cancelTag: (tag: string) => void cancelled.push(tag) };
    const queue = createDownloadQueue({ client: fetcherGridSource(fetcher, 'job-9|1', createProgressRoutes()), cache: null, locks: null });
    const ctl = new AbortController();
    const load = queue.load([1, 2], { signal: ctl.signal, onGrid: () => undefined });
    await Promise.resolve();
    ctl.abort();
    await expect(load).rejects.toMatchObject({ kind: 'aborted' });
    expect(cancelled).toContain('job-9|1');
    expect(api.version()).toBe(GRID_FETCH_VERSION);
  });
});
