// The compute worker, created as early as the page can: the page's entry (main.tsx) calls
// startComputeWorker() before it even loads the app's own bundle, so the worker's script is
// fetched, compiled and evaluated while the main thread still parses React and the app (~0.9 MB).
// Nothing else lives here, so the entry chunk stays a few kB; services.ts wraps the same Worker
// with Comlink (messages posted before the worker has evaluated its module wait in its queue).
// The grid fetchers are started by services.ts with the app, not here: only downloads need them.
// (Starting them later still, at the first download, measured no faster warm start.)

let compute: Worker | null = null;

/** The compute worker (workers/compute.worker.ts), created on the first call. */
export function startComputeWorker(): Worker {
  compute ??= new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'bsv-compute' });
  return compute;
}
