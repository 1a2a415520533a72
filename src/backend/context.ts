// What every backend job needs: the configuration the main thread sent (Allen hosts, data
// release), the Allen client (fetch with retries and a per-host cap; its JSON endpoints, with zod,
// load on first use: allen/lazy-client.ts) and the IndexedDB cache, made
// once per worker. Cache problems (quota, evicted corrupt records) go to the listeners the main
// thread registered, so the UI can say what happened.
import type { AllenClient } from '../allen/client.ts';
import { createSourceMemory, type DownloadSourceMemory } from '../allen/download-sources.ts';
import { createLazyAllenClient } from '../allen/lazy-client.ts';
import type { BackendConfig, CacheProblemMessage } from '../protocol/data-contract.ts';
import { createVolumeCache, type VolumeCache } from './cache/index.ts';

export interface BackendContext {
  readonly config: BackendConfig;
  readonly client: AllenClient;
  readonly cache: VolumeCache;
  /** The annotation source that served last (tried first); absent when a test injects the client. */
  readonly sourceMemory?: DownloadSourceMemory;
}

export interface BackendOverrides {
  /** Tests inject a scripted client and an in-memory cache. */
  readonly client?: AllenClient;
  readonly cache?: VolumeCache;
}

export function createBackendContext(config: BackendConfig, onProblem: (p: CacheProblemMessage) => void, overrides: BackendOverrides = {}): BackendContext {
  const cache =
    overrides.cache ?? createVolumeCache({ release: config.release, onError: (problem) => onProblem({ kind: problem.kind, message: problem.message }) });
  // records of another release, schema or a retired kind, and damaged ones, are removed by the
  // repair scan (cache-health.ts) once the first view has had its turn
  const sourceMemory = createSourceMemory();
  return {
    config,
    client:
      overrides.client ??
      createLazyAllenClient({ apiBase: config.apiBase, downloadBase: config.downloadBase, downloadSources: config.downloadSources, sourceMemory }),
    cache,
    sourceMemory,
  };
}
