// The CCF 2017 annotation volumes, loaded into the worker's held annotations (DESIGN §4):
// - NUMERIC (100 µm, annotation_100): every number's masks, the density grid's own voxels;
// - DRAWING (50 µm, annotation_50): drawn boundaries, target shading and surfaces only;
// - FINE DRAWING (25 µm, annotation_25, when the user chooses it): boundaries and target shading
//   of the drawn sections. Its 308 MB of labels are never expanded: the gzip NRRD (a few MB) is
//   inflated a window at a time into label runs (compute/label-runs-stream.ts), which the cache
//   keeps and the worker holds as they are (holdAnnotationRuns). That load is cancelled when every
//   caller has given up (a 25 µm download is the user's choice, not shared groundwork).
// Cache first: the run-length form written after a first load (expands 3–5× faster than the gzip
// NRRD inflates), else the cached NRRD, else a download. Either form is expanded by a grid fetcher
// when one is attached (its own thread), else here: on a warm start the compute worker averages
// the means meanwhile; on a cold one it keeps asking for and adding grids, which a 50 µm NRRD
// inflated on its thread held up for ~0.6 s. One load per resolution is shared by
// every caller and is not tied to any caller's signal: a caller that gives up stops waiting while
// the load carries on for the others.
import { raceAbort } from '../allen/http.ts';
import { annotationNrrdToRuns } from '../compute/label-runs-stream.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import { annotationKey, type AtlasProgress, type AtlasResolution, type AtlasSourceInfo } from '../protocol/data-contract.ts';
import { createAtlasSourceBook } from './atlas-sources.ts';
import type { BackendContext } from './context.ts';
import type { AnnotationForm } from '../protocol/grid-fetch-contract.ts';
import type { AnnotationExpander } from './grid-fetch-pool.ts';

/** Encoding the runs takes ~50 ms at 50 µm: done after the first frame had its chance. */
const RUNS_WRITE_DELAY_MS = 2000;

/** How long an annotation waits for a fetcher to expand it (runs ~0.1–0.3 s, the 50 µm NRRD ~0.6 s) before this thread does. */
export const EXPAND_WAIT_MS = 5000;

/** Annotations kept as label runs in the worker (never expanded). */
export const RUNS_ONLY_RESOLUTIONS: ReadonlySet<AtlasResolution> = new Set([25]);

/** How long a runs-only load outlives its last caller, for the next request to join it. */
export const CANCEL_GRACE_MS = 1000;

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

interface FineLoad {
  readonly promise: Promise<void>;
  readonly ctl: AbortController;
  readonly listeners: Set<(p: AtlasProgress) => void>;
  waiters: number;
}

export interface AtlasLoader {
  ensure(resolution: AtlasResolution, signal?: AbortSignal, onProgress?: (p: AtlasProgress) => void): Promise<string>;
  /** Where this session's annotations came from. */
  sources(): AtlasSourceInfo[];
}

/**
 * `expander` (data-api.ts: the grid fetch pool's) gives the fetcher that expands an annotation,
 * or null while none is attached.
 */
export function createAtlasLoader(ctx: () => BackendContext, compute: ComputeWorkerApi, expander: () => AnnotationExpander | null = () => null): AtlasLoader {
  const loads = new Map<AtlasResolution, Promise<void>>();
  const fineLoads = new Map<AtlasResolution, FineLoad>();
  const stats = new Map<AtlasResolution, Pick<AtlasSourceInfo, 'downloadBytes' | 'heldBytes' | 'buildMs'>>();
  const book = createAtlasSourceBook(
    () => ctx().cache,
    () => ctx().sourceMemory,
  );

  /**
   * Holds an annotation's labels, expanded from its runs or its NRRD: by a fetcher when one is
   * attached, else (or when its answer is not usable) on this thread, where bytes that do not
   * expand throw. Resolves to the time this thread spent expanding.
   */
  async function holdExpanded(key: string, resolution: AtlasResolution, bytes: Uint8Array, form: AnnotationForm): Promise<number> {
    const expand = expander();
    if (expand) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        // a fetcher that never answers (its script did not load) must not hold the atlas up
        const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), EXPAND_WAIT_MS)));
        const got = await Promise.race([expand(bytes.slice().buffer, form), late]);
        compute.holdAnnotation(key, new Uint32Array(got.labels), got.shape);
        performance.measure(`bsv:atlas${resolution}-expand-in-fetcher`, { start: performance.now() - got.ms, duration: got.ms });
        return 0;
      } catch {
        // expanded here instead: bytes that do not expand throw again (runs are then rebuilt)
      } finally {
        clearTimeout(timer);
      }
    }
    const here = form === 'runs' ? compute.loadAnnotationRuns(key, bytes.slice().buffer) : compute.loadAnnotation(key, bytes.slice().buffer);
    return here.decodeMs;
  }

  async function load(resolution: AtlasResolution): Promise<void> {
    const { cache, client } = ctx();
    const key = annotationKey(resolution);
    const runsKey = cache.key('annotation', 'ccf2017-runs', resolution);
    const t0 = performance.now();
    const runs = await cache.get(runsKey);
    if (runs) {
      try {
        const decodeMs = await holdExpanded(key, resolution, runs.bytes, 'runs');
        await book.fromCache(resolution);
        performance.measure(`bsv:atlas${resolution}-read`, { start: t0, duration: performance.now() - t0 - decodeMs });
        performance.measure(`bsv:atlas${resolution}-decode-in-worker`, { start: performance.now() - decodeMs, duration: decodeMs });
        return;
      } catch {
        // passed the checksum but does not expand (an older encoder): rebuild it from the NRRD
        await cache.delete(runsKey);
      }
    }
    const nrrdKey = cache.key('annotation', 'ccf2017', resolution);
    const cached = await cache.get(nrrdKey);
    let bytes: Uint8Array;
    if (cached) {
      bytes = cached.bytes;
      await book.fromCache(resolution);
    } else {
      await book.beforeDownload();
      const download = await client.fetchAnnotation(resolution);
      bytes = new Uint8Array(download.bytes);
      await cache.put(nrrdKey, bytes, { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] });
      await book.downloaded(resolution, download);
    }
    const t1 = performance.now();
    const decodeMs = await holdExpanded(key, resolution, bytes, 'nrrd');
    performance.measure(cached ? `bsv:atlas${resolution}-read` : `bsv:atlas${resolution}-download`, { start: t0, end: t1 });
    performance.measure(`bsv:atlas${resolution}-decode-in-worker`, { start: t1, duration: decodeMs });
    setTimeout(() => {
      try {
        if (!compute.hasAnnotation(key)) return;
        const encoded = compute.annotationRuns(key);
        void cache.put(runsKey, new Uint8Array(encoded), { dtype: 'uint8', dims: [encoded.byteLength, 1, 1] });
      } catch {
        // optional: the next visit reads the NRRD again
      }
    }, RUNS_WRITE_DELAY_MS);
  }

  /** A runs-only annotation: cached runs, else download → runs while inflating → cache → hold. */
  async function loadRuns(resolution: AtlasResolution, signal: AbortSignal, progress: (p: AtlasProgress) => void): Promise<void> {
    const { cache, client } = ctx();
    const key = annotationKey(resolution);
    const runsKey = cache.key('annotation', 'ccf2017-runs', resolution);
    const t0 = performance.now();
    const cached = await cache.get(runsKey);
    signal.throwIfAborted();
    if (cached) {
      try {
        const summary = compute.holdAnnotationRuns(key, cached.bytes.slice().buffer);
        await book.fromCache(resolution);
        stats.set(resolution, { heldBytes: summary.bytes });
        performance.measure(`bsv:atlas${resolution}-read`, { start: t0, end: performance.now() });
        return;
      } catch {
        await cache.delete(runsKey); // does not index (an older encoder): download again
      }
    }
    await book.beforeDownload();
    const download = await client.fetchAnnotation(resolution, {
      signal,
      onProgress: (done, total) => progress({ phase: 'download', done, total }),
    });
    const t1 = performance.now();
    const built = await annotationNrrdToRuns(new Uint8Array(download.bytes), {
      signal,
      pause: macrotask,
      onVoxels: (done, total) => progress({ phase: 'build', done, total }),
    });
    signal.throwIfAborted();
    // cached before it is held, so a reload never downloads again; a quota error is reported by the cache
    await cache.put(runsKey, built.runs, { dtype: 'uint8', dims: [built.runs.byteLength, 1, 1] }).catch(() => undefined);
    const summary = compute.holdAnnotationRuns(key, built.runs.buffer as ArrayBuffer);
    await book.downloaded(resolution, download);
    stats.set(resolution, { downloadBytes: download.bytes.byteLength, heldBytes: summary.bytes, buildMs: built.ms });
    performance.measure(`bsv:atlas${resolution}-download`, { start: t0, end: t1 });
    performance.measure(`bsv:atlas${resolution}-build-runs`, { start: t1, duration: built.ms });
  }

  async function ensureRuns(resolution: AtlasResolution, signal?: AbortSignal, onProgress?: (p: AtlasProgress) => void): Promise<void> {
    let load = fineLoads.get(resolution);
    // a load being cancelled is not joined: a new caller starts afresh
    if (!load || load.ctl.signal.aborted) {
      const ctl = new AbortController();
      const listeners = new Set<(p: AtlasProgress) => void>();
      const promise = loadRuns(resolution, ctl.signal, (p) => listeners.forEach((l) => l(p))).finally(() => {
        if (fineLoads.get(resolution) === load) fineLoads.delete(resolution);
      });
      promise.catch(() => undefined);
      load = { promise, ctl, listeners, waiters: 0 };
      fineLoads.set(resolution, load);
    }
    const shared = load;
    shared.waiters++;
    if (onProgress) shared.listeners.add(onProgress);
    const leave = (): void => {
      if (onProgress) shared.listeners.delete(onProgress);
      // the last caller gone: stop downloading and encoding, unless another caller joins within
      // the grace period (a projectome request replaced by the next one, e.g. a new thickness)
      if (--shared.waiters === 0) {
        const reason: unknown = signal?.reason;
        setTimeout(() => {
          if (shared.waiters === 0) shared.ctl.abort(reason);
        }, CANCEL_GRACE_MS);
      }
    };
    try {
      if (signal) await raceAbort(shared.promise, signal, () => signal.reason as unknown);
      else await shared.promise;
    } catch (e) {
      if (signal?.aborted) leave();
      else shared.waiters--;
      throw e;
    }
    shared.waiters--;
    if (onProgress) shared.listeners.delete(onProgress);
  }

  return {
    sources: () => book.list().map((s) => ({ ...s, ...stats.get(s.resolution) })),
    async ensure(resolution, signal, onProgress) {
      signal?.throwIfAborted();
      const key = annotationKey(resolution);
      if (compute.hasAnnotation(key)) return key;
      if (RUNS_ONLY_RESOLUTIONS.has(resolution)) {
        await ensureRuns(resolution, signal, onProgress);
        return key;
      }
      let pending = loads.get(resolution);
      if (!pending) {
        pending = load(resolution).finally(() => loads.delete(resolution));
        loads.set(resolution, pending);
      }
      if (signal) await raceAbort(pending, signal, () => signal.reason as unknown);
      else await pending;
      return key;
    },
  };
}
