// The app's long-lived service objects, made lazily once: the Allen client (JSON queries the main
// thread asks: search, upstream sources, product names) and the worker, which owns everything
// heavy — grids, the cache, decoding, averaging, atlases (src/backend, src/compute). Tests build
// their own instead.
import * as Comlink from 'comlink';
import { createAllenClient, type AllenClient } from '../allen/index.ts';
import { allenConfig } from '../config/allen.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import type { CacheProblemMessage, DataWorkerApi, WorkerMeasure } from '../protocol/data-contract.ts';

export type AppWorker = Comlink.Remote<ComputeWorkerApi & DataWorkerApi>;

let client: AllenClient | null = null;
let worker: AppWorker | null = null;
const cacheListeners = new Set<(problem: CacheProblemMessage) => void>();

export function getAllenClient(): AllenClient {
  client ??= createAllenClient({ apiBase: allenConfig.apiBase, downloadBase: allenConfig.downloadHost, downloadSources: allenConfig.downloadSources });
  return client;
}

/** The worker. There is no main-thread fallback: if it cannot start, the app says so. */
export function getComputeWorker(): AppWorker {
  if (!worker) {
    const w = new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'bsv-compute' });
    worker = Comlink.wrap<ComputeWorkerApi & DataWorkerApi>(w);
    // comlink delivers calls in order: configure runs before anything asked later
    void worker.configure({
      apiBase: allenConfig.apiBase,
      downloadBase: allenConfig.downloadHost,
      downloadSources: allenConfig.downloadSources,
      release: allenConfig.release,
    });
    void worker.onCacheProblem(Comlink.proxy((p: CacheProblemMessage) => cacheListeners.forEach((l) => l(p))));
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
  const cancel = (): void => void w.cancel(jobId);
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
