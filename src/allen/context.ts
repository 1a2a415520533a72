import type { DownloadSource, DownloadSourceMemory } from './download-sources.ts';
import type { Http } from './http.ts';
import type { Experiment } from './types.ts';

/** What every endpoint function needs: the HTTP layer and the two base URLs (no trailing slash). */
export interface AllenContext {
  readonly http: Http;
  readonly apiBase: string;
  readonly downloadBase: string;
  /** Annotation sources in order (default: downloadBase directly) and the one that served last. */
  readonly downloadSources?: readonly DownloadSource[];
  readonly sourceMemory?: DownloadSourceMemory;
}

/** Experiments per injection-volume (PSU) request (keeps URLs ~600 characters). */
export const INJECTION_VOLUME_BATCH = 50;

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Options of a search that can answer from the full experiment list instead of a service. */
export interface ListSearchOptions extends CallOptions {
  /** The full experiment list when already held (e.g. cached): used instead of downloading it. */
  readonly allExperiments?: readonly Experiment[];
  /** The device is offline: answer from `allExperiments` at once, without asking the service. */
  readonly offline?: boolean;
}

/** Why an offline search answered from the list (fallbackReason of source 'cached-list'). */
export const OFFLINE_LIST_REASON = 'the browser is offline: filtered the experiment list cached in this browser';

/**
 * Attempts at the service for a search that can answer from the list: one when the list is held
 * (a failing network falls back to it at once instead of after the retries' backoff), else the
 * retry policy's (undefined).
 */
export function serviceAttempts(opts: ListSearchOptions): number | undefined {
  return opts.allExperiments !== undefined ? 1 : undefined;
}

/** Offline with the list at hand: the service is not asked (it would only fail after a timeout). */
export function answerFromList(opts: ListSearchOptions): readonly Experiment[] | null {
  return opts.offline === true && opts.allExperiments !== undefined ? opts.allExperiments : null;
}
