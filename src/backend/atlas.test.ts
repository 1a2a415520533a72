import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it, vi } from 'vitest';
import type { AllenClient } from '../allen/index.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import { annotationKey, type AtlasResolution } from '../protocol/data-contract.ts';
import { EXPAND_WAIT_MS, createAtlasLoader } from './atlas.ts';
import { createVolumeCache, type VolumeCache } from './cache/index.ts';
import type { AnnotationExpander } from './grid-fetch-pool.ts';

const ANNOTATION_KEY = annotationKey(50);

interface AtlasDeps {
  readonly client: AllenClient;
  readonly cache: VolumeCache;
  readonly worker: ComputeWorkerApi;
}

/** The loader over these deps (a fresh one: no load shared with another test's). */
function loaderOf(d: AtlasDeps) {
  const ctx = { config: { apiBase: 'a', downloadBase: 'b', release: 'r' }, client: d.client, cache: d.cache };
  return createAtlasLoader(() => ctx, d.worker);
}
const loaders = new WeakMap<AtlasDeps, ReturnType<typeof loaderOf>>();
/** ensureAnnotation(deps, signal, resolution) on one loader per deps object (a worker's). */
function ensureAnnotation(d: AtlasDeps, signal: AbortSignal, resolution: AtlasResolution = 50): Promise<string> {
  let l = loaders.get(d);
  if (!l) {
    l = loaderOf(d);
    loaders.set(d, l);
  }
  return l.ensure(resolution, signal);
}

/** A client whose annotation download finishes when the test says so, and a worker that records loads. */
function deps(name: string) {
  let finish: (b: ArrayBuffer) => void = () => undefined;
  const fetches: (AbortSignal | undefined)[] = [];
  const resolutions: number[] = [];
  const client = {
    fetchAnnotation: (res: number, opts?: { signal?: AbortSignal }) => {
      resolutions.push(res);
      fetches.push(opts?.signal);
      return new Promise<ArrayBuffer>((resolve) => (finish = resolve)).then((bytes) => ({ bytes, source: { kind: 'direct', base: 'b' }, skipped: [] }));
    },
  } as unknown as AllenClient;
  const loaded: string[] = [];
  const fromRuns: number[] = [];
  /** Labels held as expanded by a fetcher (holdAnnotation), by length. */
  const expanded: number[] = [];
  const summary = (key: string, bytes: ArrayBuffer) => ({ key, shape: [1, 1, bytes.byteLength], bytes: bytes.byteLength, decodeMs: 0 });
  const worker = {
    hasAnnotation: (key: string) => loaded.includes(key),
    loadAnnotation: (key: string, bytes: ArrayBuffer) => {
      loaded.push(key);
      return summary(key, bytes);
    },
    loadAnnotationRuns: (key: string, bytes: ArrayBuffer) => {
      if (new Uint8Array(bytes)[0] !== 0x4c) throw new Error('label runs: bad magic');
      loaded.push(key);
      fromRuns.push(bytes.byteLength);
      return summary(key, bytes);
    },
    holdAnnotation: (key: string, labels: Uint32Array) => {
      loaded.push(key);
      expanded.push(labels.length);
      return { key, shape: [labels.length, 1, 1], bytes: labels.byteLength, decodeMs: 0 };
    },
    annotationRuns: () => new ArrayBuffer(4),
  } as unknown as ComputeWorkerApi;
  const cache = createVolumeCache({ store: createStore(`atlas-load-${name}`, 'volumes') });
  const d: AtlasDeps = { client, cache, worker };
  return { d, fetches, resolutions, loaded, fromRuns, expanded, finish: (n: number) => finish(new Uint8Array(n).fill(7).buffer) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const downloadStarted = (fetches: readonly unknown[]) => vi.waitFor(() => expect(fetches).toHaveLength(1));

describe('ensureAnnotation', () => {
  it('a caller that aborts stops waiting without cancelling the shared load of the others', async () => {
    const { d, fetches, loaded, finish } = deps('abort');
    const first = new AbortController();
    const a = ensureAnnotation(d, first.signal);
    await tick();
    const b = ensureAnnotation(d, new AbortController().signal);
    await tick();
    await downloadStarted(fetches);
    first.abort(new Error('query changed'));
    await expect(a).rejects.toThrow('query changed');
    finish(64);
    await expect(b).resolves.toBe(ANNOTATION_KEY);
    expect(fetches).toHaveLength(1);
    expect(fetches[0]).toBeUndefined();
    expect(loaded).toEqual([ANNOTATION_KEY]);
  });

  it('reads the cached atlas on the next session instead of downloading it again', async () => {
    const first = deps('cached');
    const p = ensureAnnotation(first.d, new AbortController().signal);
    await downloadStarted(first.fetches);
    first.finish(64);
    await p;
    const second = deps('cached');
    await expect(ensureAnnotation(second.d, new AbortController().signal)).resolves.toBe(ANNOTATION_KEY);
    expect(second.fetches).toHaveLength(0);
    expect(second.loaded).toEqual([ANNOTATION_KEY]);
  });

  it('loads once into the worker, and again (from the cache, not the network) when the worker dropped it', async () => {
    const { d, fetches, loaded } = deps('dropped');
    await d.cache.put(d.cache.key('annotation', 'ccf2017', 50), new Uint8Array(16), { dtype: 'uint8', dims: [16, 1, 1] });
    await ensureAnnotation(d, new AbortController().signal);
    await ensureAnnotation(d, new AbortController().signal);
    expect(loaded).toHaveLength(1);
    loaded.length = 0; // the worker dropped it (memory cap)
    await ensureAnnotation(d, new AbortController().signal);
    expect([loaded.length, fetches.length]).toEqual([1, 0]);
  });

  it('prefers the run-length record; one that does not expand is deleted and the NRRD read instead', async () => {
    const { d, fetches, fromRuns } = deps('runs');
    const runsKey = d.cache.key('annotation', 'ccf2017-runs', 50);
    await d.cache.put(runsKey, new Uint8Array(32).fill(0x4c), { dtype: 'uint8', dims: [32, 1, 1] });
    await ensureAnnotation(d, new AbortController().signal);
    expect([fromRuns, fetches.length]).toEqual([[32], 0]);

    const bad = deps('bad-runs');
    await bad.d.cache.put(runsKey, new Uint8Array(32), { dtype: 'uint8', dims: [32, 1, 1] });
    await bad.d.cache.put(bad.d.cache.key('annotation', 'ccf2017', 50), new Uint8Array(16), { dtype: 'uint8', dims: [16, 1, 1] });
    await ensureAnnotation(bad.d, new AbortController().signal);
    expect([bad.fromRuns.length, bad.loaded.length, bad.fetches.length]).toEqual([0, 1, 0]);
    expect(await bad.d.cache.get(runsKey)).toBeNull();
  });

  it('cached runs are expanded by the fetcher when one is attached; when its answer fails, here', async () => {
    const runsKey = (d: AtlasDeps) => d.cache.key('annotation', 'ccf2017-runs', 50);
    const shape = { nx: 3, ny: 2, nz: 1, resolutionUm: 50 };
    const offThread = deps('runs-in-fetcher');
    await offThread.d.cache.put(runsKey(offThread.d), new Uint8Array(32).fill(0x4c), { dtype: 'uint8', dims: [32, 1, 1] });
    const asked: string[] = [];
    const expander = (): AnnotationExpander => async (bytes, form) => {
      asked.push(`${form}:${bytes.byteLength}`);
      return { labels: new Uint32Array(6).buffer, shape, ms: 1 };
    };
    const key = await createAtlasLoader(
      () => ({ config: { apiBase: 'a', downloadBase: 'b', release: 'r' }, client: offThread.d.client, cache: offThread.d.cache }),
      offThread.d.worker,
      expander,
    ).ensure(50);
    expect([key, asked, offThread.expanded, offThread.fromRuns, offThread.fetches.length]).toEqual(['annotation-50', ['runs:32'], [6], [], 0]);

    const fallback = deps('runs-fetcher-fails');
    await fallback.d.cache.put(runsKey(fallback.d), new Uint8Array(32).fill(0x4c), { dtype: 'uint8', dims: [32, 1, 1] });
    const failing = (): AnnotationExpander => () => Promise.reject(new Error('the fetcher went away'));
    await createAtlasLoader(
      () => ({ config: { apiBase: 'a', downloadBase: 'b', release: 'r' }, client: fallback.d.client, cache: fallback.d.cache }),
      fallback.d.worker,
      failing,
    ).ensure(50);
    expect([fallback.expanded, fallback.fromRuns, fallback.loaded]).toEqual([[], [32], ['annotation-50']]);
    expect(await fallback.d.cache.get(runsKey(fallback.d))).not.toBeNull();
  });

  it('a downloaded NRRD is expanded by the fetcher (the download cached first); when its answer fails, here', async () => {
    const shape = { nx: 3, ny: 2, nz: 1, resolutionUm: 50 };
    const off = deps('nrrd-in-fetcher');
    const asked: string[] = [];
    const expander = (): AnnotationExpander => async (bytes, form) => {
      asked.push(`${form}:${bytes.byteLength}`);
      return { labels: new Uint32Array(6).buffer, shape, ms: 1 };
    };
    const ctx = (d: AtlasDeps) => () => ({ config: { apiBase: 'a', downloadBase: 'b', release: 'r' }, client: d.client, cache: d.cache });
    const loading = createAtlasLoader(ctx(off.d), off.d.worker, expander).ensure(50);
    await downloadStarted(off.fetches);
    off.finish(64);
    await expect(loading).resolves.toBe('annotation-50');
    expect([asked, off.expanded, off.loaded]).toEqual([['nrrd:64'], [6], ['annotation-50']]);
    expect((await off.d.cache.get(off.d.cache.key('annotation', 'ccf2017', 50)))?.bytes.byteLength).toBe(64);

    const fallback = deps('nrrd-fetcher-fails');
    const failing = (): AnnotationExpander => () => Promise.reject(new Error('not an annotation NRRD'));
    const again = createAtlasLoader(ctx(fallback.d), fallback.d.worker, failing).ensure(50);
    await downloadStarted(fallback.fetches);
    fallback.finish(64);
    await expect(again).resolves.toBe('annotation-50');
    expect([fallback.expanded, fallback.loaded]).toEqual([[], ['annotation-50']]);
  });

  it('a fetcher that never answers holds the atlas up for EXPAND_WAIT_MS only', async () => {
    const silent = deps('runs-fetcher-silent');
    const runsKey = silent.d.cache.key('annotation', 'ccf2017-runs', 50);
    await silent.d.cache.put(runsKey, new Uint8Array(32).fill(0x4c), { dtype: 'uint8', dims: [32, 1, 1] });
    let asked: () => void = () => undefined;
    const wasAsked = new Promise<void>((resolve) => (asked = resolve));
    const never = (): AnnotationExpander => () => {
      asked();
      return new Promise(() => undefined);
    };
    // only the timers: IndexedDB (fake-indexeddb) keeps its own scheduling
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const loading = createAtlasLoader(
        () => ({ config: { apiBase: 'a', downloadBase: 'b', release: 'r' }, client: silent.d.client, cache: silent.d.cache }),
        silent.d.worker,
        never,
      ).ensure(50);
      await wasAsked;
      await vi.advanceTimersByTimeAsync(EXPAND_WAIT_MS - 1);
      expect(silent.loaded).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(silent.loaded).toEqual(['annotation-50']);
      vi.useRealTimers();
      await expect(loading).resolves.toBe('annotation-50');
      expect([silent.expanded, silent.fromRuns]).toEqual([[], [32]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the 100 µm (numbers) and 50 µm (drawing) annotations are separate loads under their own keys', async () => {
    const { d, resolutions, loaded, finish } = deps('two-resolutions');
    const numeric = ensureAnnotation(d, new AbortController().signal, 100);
    await vi.waitFor(() => expect(resolutions).toEqual([100]));
    finish(8);
    await expect(numeric).resolves.toBe('annotation-100');
    const drawing = ensureAnnotation(d, new AbortController().signal, 50);
    await vi.waitFor(() => expect(resolutions).toEqual([100, 50]));
    finish(16);
    await expect(drawing).resolves.toBe('annotation-50');
    expect(loaded).toEqual(['annotation-100', 'annotation-50']);
    expect(await d.cache.get(d.cache.key('annotation', 'ccf2017', 100))).not.toBeNull();
  });

  it('an already aborted caller starts nothing', async () => {
    const { d, fetches } = deps('pre-aborted');
    const ctl = new AbortController();
    ctl.abort(new Error('gone'));
    await expect(ensureAnnotation(d, ctl.signal)).rejects.toThrow('gone');
    expect(fetches).toHaveLength(0);
  });
});
