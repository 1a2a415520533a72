// The CCF 2017 annotation volumes, loaded into the worker's held annotations (DESIGN §4):
// - NUMERIC (100 µm, annotation_100): every number's masks, the density grid's own voxels;
// - DRAWING (50 µm, annotation_50): drawn boundaries, target shading and surfaces only.
// Cache first: the run-length form written after a first load (expands 3–5× faster than the gzip
// NRRD inflates), else the cached NRRD, else a download. One load per resolution is shared by
// every caller and is not tied to any caller's signal: a caller that gives up stops waiting while
// the load carries on for the others.
import { raceAbort } from '../allen/http.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import type { AtlasResolution } from '../protocol/data-contract.ts';
import type { AtlasSourceInfo } from '../protocol/data-contract.ts';
import { createAtlasSourceBook } from './atlas-sources.ts';
import type { BackendContext } from './context.ts';

export const annotationKey = (resolution: AtlasResolution): string => `annotation-${resolution}`;

/** Encoding the runs takes ~50 ms at 50 µm: done after the first frame had its chance. */
const RUNS_WRITE_DELAY_MS = 2000;

export interface AtlasLoader {
  ensure(resolution: AtlasResolution, signal?: AbortSignal): Promise<string>;
  /** Where this session's annotations came from. */
  sources(): AtlasSourceInfo[];
}

export function createAtlasLoader(ctx: () => BackendContext, compute: ComputeWorkerApi): AtlasLoader {
  const loads = new Map<AtlasResolution, Promise<void>>();
  const book = createAtlasSourceBook(
    () => ctx().cache,
    () => ctx().sourceMemory,
  );

  async function load(resolution: AtlasResolution): Promise<void> {
    const { cache, client } = ctx();
    const key = annotationKey(resolution);
    const runsKey = cache.key('annotation', 'ccf2017-runs', resolution);
    const t0 = performance.now();
    const runs = await cache.get(runsKey);
    if (runs) {
      try {
        const { decodeMs } = compute.loadAnnotationRuns(key, runs.bytes.slice().buffer);
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
    let bytes: ArrayBuffer;
    if (cached) {
      bytes = cached.bytes.slice().buffer;
      await book.fromCache(resolution);
    } else {
      await book.beforeDownload();
      const download = await client.fetchAnnotation(resolution);
      bytes = download.bytes;
      await cache.put(nrrdKey, new Uint8Array(bytes), { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] });
      await book.downloaded(resolution, download);
    }
    const t1 = performance.now();
    const { decodeMs } = compute.loadAnnotation(key, bytes);
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

  return {
    sources: () => book.list(),
    async ensure(resolution, signal) {
      signal?.throwIfAborted();
      const key = annotationKey(resolution);
      if (compute.hasAnnotation(key)) return key;
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
