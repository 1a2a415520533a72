// The app's long-lived service objects, made lazily once: the Allen client (JSON queries the main
// thread asks: the searches; its endpoints' module, with the row schemas and zod, is loaded on the
// first search, not at start-up) and the worker, which owns everything heavy — grids, the cache,
// decoding, averaging, atlases (src/backend, src/compute). Tests build their own instead.
import * as Comlink from 'comlink';
import type { AllenClient } from '../allen/client.ts';
import { DEFAULT_MAX_CONCURRENT_PER_HOST } from '../allen/http.ts';
import { createLazyAllenClient } from '../allen/lazy-client.ts';
import { allenConfig } from '../config/allen.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import type { CacheProblemMessage, DataWorkerApi, WorkerMeasure } from '../protocol/data-contract.ts';
import type { GridFetchApi } from '../protocol/grid-fetch-contract.ts';
import { startComputeWorker } from './worker-start.ts';

export type AppWorker = Comlink.Remote<ComputeWorkerApi & DataWorkerApi>;

let client: AllenClient | null = null;
let worker: AppWorker | null = null;
const fetchers: Array<Comlink.Remote<GridFetchApi>> = [];

/**
 * Grid fetchers to start: one per core but one (left to the page and the compute worker, which
 * accumulates what they inflate), at least 1, at most 4. On the 2-core test machine a second
 * fetcher measured no gain (cold start of 129 grids 7.80/7.79 s against 7.92/8.18 s with one)
 * while its start-up competed with the first frame.
 */
export function gridFetcherPoolSize(hardwareConcurrency: number | undefined): number {
  const cores = Number.isFinite(hardwareConcurrency) && (hardwareConcurrency ?? 0) >= 1 ? Math.floor(hardwareConcurrency ?? 1) : 1;
  return Math.max(1, Math.min(4, cores - 1));
}
const cacheListeners = new Set<(problem: CacheProblemMessage) => void>();

/** The Allen client; its JSON endpoints (the row schemas, zod) load on the first search (allen/lazy-client.ts). */
export function getAllenClient(): AllenClient {
  client ??= createLazyAllenClient({ apiBase: allenConfig.apiBase, downloadBase: allenConfig.downloadHost, downloadSources: allenConfig.downloadSources });
  return client;
}

/** The worker. There is no main-thread fallback: if it cannot start, the app says so. */
export function getComputeWorker(): AppWorker {
  if (!worker) {
    // created by the page's entry already (worker-start.ts), else now
    worker = Comlink.wrap<ComputeWorkerApi & DataWorkerApi>(startComputeWorker());
    // comlink delivers calls in order: configure runs before anything asked later
    void worker.configure({
      apiBase: allenConfig.apiBase,
      downloadBase: allenConfig.downloadHost,
      downloadSources: allenConfig.downloadSources,
      release: allenConfig.release,
    });
    void worker.onCacheProblem(Comlink.proxy((p: CacheProblemMessage) => cacheListeners.forEach((l) => l(p))));
    // Grids are downloaded and packed by workers of their own (a pool: inflating gzip NRRDs is a
    // cold start's main cost), which the compute worker asks over ports of its own; this thread
    // keeps an endpoint to each to cancel jobs there at once. They share the per-host cap (the
    // Allen client's default, divided among them, rounded up), so a pool opens about as many
    // connections as one fetcher.
    const size = gridFetcherPoolSize(globalThis.navigator?.hardwareConcurrency);
    for (let i = 0; i < size; i++) {
      const f = Comlink.wrap<GridFetchApi>(
        new Worker(new URL('../../workers/fetch.worker.ts', import.meta.url), { type: 'module', name: `bsv-fetch-${i + 1}` }),
      );
      fetchers.push(f);
      void f.configure({
        apiBase: allenConfig.apiBase,
        downloadBase: allenConfig.downloadHost,
        maxConcurrentPerHost: Math.ceil(DEFAULT_MAX_CONCURRENT_PER_HOST / size),
      });
      const channel = new MessageChannel();
      void f.attach(Comlink.transfer(channel.port1, [channel.port1]));
      void worker.attachGridFetcher(Comlink.transfer(channel.port2, [channel.port2]));
    }
    // the benchmarks read the worker's measures (bsv:grids, bsv:atlas100-read, …) from the page
    if (import.meta.env.MODE !== 'production') {
      const remote = worker;
      (window as unknown as { __bsvWorkerMeasures?: (prefix: string) => Promise<WorkerMeasure[]> }).__bsvWorkerMeasures = (prefix) =>
        remote.workerMeasures(prefix, performance.timeOrigin);
    }
  }
  return worker;
}

/** Cache problems the worker reported (quota, corrupt entries evicted), for the UI. */
export function onCacheProblem(listener: (problem: CacheProblemMessage) => void): () => void {
  cacheListeners.add(listener);
  return () => cacheListeners.delete(listener);
}

let jobs = 0;

/**
 * Runs one cancellable worker job: `signal` aborting (react-query's, or a caller's) cancels it in
 * the worker, where its fetches stop and its queued work is dropped.
 */
export async function workerJob<T>(signal: AbortSignal | undefined, run: (worker: AppWorker, jobId: string) => Promise<T>): Promise<T> {
  const w = getComputeWorker();
  const jobId = `job-${++jobs}`;
  signal?.throwIfAborted();
  const cancel = (): void => {
    void w.cancel(jobId);
    // the compute worker may be busy for a while: its downloads stop now
    for (const f of fetchers) void f.cancel(jobId);
  };
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await run(w, jobId);
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

/** An error a cancelled job rejects with (DataWorkerApi): not a failure to show. */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
