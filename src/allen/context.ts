import type { DownloadSource, DownloadSourceMemory } from './download-sources.ts';
import type { Http } from './http.ts';

/** What every endpoint function needs: the HTTP layer and the two base URLs (no trailing slash). */
export interface AllenContext {
  readonly http: Http;
  readonly apiBase: string;
  readonly downloadBase: string;
  /** Annotation sources in order (default: downloadBase directly) and the one that served last. */
  readonly downloadSources?: readonly DownloadSource[];
  readonly sourceMemory?: DownloadSourceMemory;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}
