import type { Http } from './http.ts';

/** What every endpoint function needs: the HTTP layer and the two base URLs (no trailing slash). */
export interface AllenContext {
  readonly http: Http;
  readonly apiBase: string;
  readonly downloadBase: string;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}
