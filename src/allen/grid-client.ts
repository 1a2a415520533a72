// The part of the Allen client that downloads density grids, over the same HTTP layer (retries,
// per-host cap), without the JSON endpoints. It imports no row schemas, so a thread that only
// downloads (the grid fetcher, backend/grid-fetch-api.ts) does not load zod: zod was 61 % of the
// fetcher's bundle, and evaluating it costs ~21–26 ms per JS context in headless Chromium on the
// test machine (7 December). createAllenClient builds its context here.
import type { AllenContext } from './context.ts';
import { createSourceMemory, type DownloadSource, type DownloadSourceMemory } from './download-sources.ts';
import { fetchDensityGrid, type DownloadOptions } from './grids.ts';
import { createHttp, type HttpOptions } from './http.ts';
import type { DensityDownload } from './types.ts';

export interface AllenClientOptions extends HttpOptions {
  /** Base of api/v2, structure_graph_download and grid_data (no trailing slash). */
  readonly apiBase: string;
  /** Base of informatics-archive paths (annotation volumes). */
  readonly downloadBase: string;
  /** Annotation sources in the order to try (default: downloadBase directly). */
  readonly downloadSources?: readonly DownloadSource[];
  /** The source that served last, tried first (default: remembered by this client). */
  readonly sourceMemory?: DownloadSourceMemory;
}

/** The endpoints' context from the client's options: one HTTP layer, bases without trailing slashes. */
export function createAllenContext(options: AllenClientOptions): AllenContext {
  return {
    http: createHttp(options),
    apiBase: options.apiBase.replace(/\/+$/, ''),
    downloadBase: options.downloadBase.replace(/\/+$/, ''),
    downloadSources: options.downloadSources,
    sourceMemory: options.sourceMemory ?? createSourceMemory(),
  };
}

export interface AllenGridClient {
  fetchDensityGrid(experimentId: number, opts?: DownloadOptions): Promise<DensityDownload>;
}

export function createAllenGridClient(options: AllenClientOptions): AllenGridClient {
  const ctx = createAllenContext(options);
  return {
    fetchDensityGrid: (id, opts) => fetchDensityGrid(ctx, id, opts),
  };
}
