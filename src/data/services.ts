// The app's long-lived service objects, created lazily once: the Allen client, the volume cache,
// the compute worker and the download queue. Tests build their own instead.
import * as Comlink from 'comlink';
import { createAllenClient, type AllenClient } from '../allen/index.ts';
import { allenConfig } from '../config/allen.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import { createVolumeCache, type CacheProblem, type VolumeCache } from './cache/index.ts';
import { createDownloadQueue, type DownloadQueue } from './download-queue.ts';

let client: AllenClient | null = null;
let cache: VolumeCache | null = null;
let worker: Comlink.Remote<ComputeWorkerApi> | null = null;
let queue: DownloadQueue | null = null;
const cacheListeners = new Set<(problem: CacheProblem) => void>();

export function getAllenClient(): AllenClient {
  client ??= createAllenClient({ apiBase: allenConfig.apiBase, downloadBase: allenConfig.downloadBase });
  return client;
}

export function getVolumeCache(): VolumeCache {
  cache ??= createVolumeCache({
    release: allenConfig.release,
    onError: (problem) => cacheListeners.forEach((listener) => listener(problem)),
  });
  return cache;
}

/** Cache problems (quota, corrupt entries evicted) for the UI to report. */
export function onCacheProblem(listener: (problem: CacheProblem) => void): () => void {
  cacheListeners.add(listener);
  return () => cacheListeners.delete(listener);
}

/** The compute worker. There is no main-thread fallback: if it cannot start, the app says so. */
export function getComputeWorker(): Comlink.Remote<ComputeWorkerApi> {
  if (!worker) {
    const w = new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), {
      type: 'module',
      name: 'bsv-compute',
    });
    worker = Comlink.wrap<ComputeWorkerApi>(w);
  }
  return worker;
}

export function getDownloadQueue(): DownloadQueue {
  queue ??= createDownloadQueue({
    client: getAllenClient(),
    cache: getVolumeCache(),
    decode: async (download) => {
      const decoded = await getComputeWorker().decodeDensity(
        Comlink.transfer(download.bytes, [download.bytes]),
        download.format,
      );
      return decoded.buffer;
    },
  });
  return queue;
}
