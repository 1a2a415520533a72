// The download queue's grid source when a grid fetcher (grid-fetch-api.ts, in its own worker)
// is attached: each fetch goes to it tagged with the load it belongs to, and the load's signal
// aborting cancels that tag there. The result is the queue's GridDownload: packed when the
// fetcher could decode it, else the bytes as downloaded; a fetcher error comes back as the
// AllenError it was. A grid's progress comes through the fetcher's one progress sink
// (ProgressRoutes), routed by tag and experiment to the grid still waiting for it.
import type * as Comlink from 'comlink';
import { AllenError } from '../allen/errors.ts';
import type { ProgressCallback } from '../allen/http.ts';
import type { FetchedGrid, GridFetchApi, GridProgressSink } from '../protocol/grid-fetch-contract.ts';
import type { GridDownload, GridSource } from './download-queue.ts';

/**
 * The part of a (remote) fetcher the backend uses; tests pass the API itself. expandAnnotation is
 * optional: a fetcher without it leaves the atlas's expansion to the compute worker.
 */
export type LocalGridFetcher = Pick<GridFetchApi, 'fetchGrid' | 'cancelTag'> & Partial<Pick<GridFetchApi, 'expandAnnotation' | 'setProgressSink'>>;
export type GridFetcher = LocalGridFetcher | Comlink.Remote<LocalGridFetcher>;

function aborted(experimentId: number): AllenError {
  return new AllenError({ kind: 'aborted', what: `Download of experiment ${experimentId}`, detail: 'the load was cancelled', url: '', experimentId });
}

/** The progress of the grids in flight, by tag and experiment: `sink` is every fetcher's progress sink. */
export interface ProgressRoutes {
  readonly sink: GridProgressSink;
  /** Sends a grid's progress to `to` until the returned function is called. */
  on(tag: string, experimentId: number, to: ProgressCallback): () => void;
}

export function createProgressRoutes(): ProgressRoutes {
  const routes = new Map<string, ProgressCallback>();
  const key = (tag: string, experimentId: number): string => `${tag}#${experimentId}`;
  return {
    sink: (tag, experimentId, received, total) => routes.get(key(tag, experimentId))?.(received, total),
    on(tag, experimentId, to) {
      const k = key(tag, experimentId);
      routes.set(k, to);
      return () => {
        if (routes.get(k) === to) routes.delete(k);
      };
    },
  };
}

/** A grid source whose fetches carry `tag` ("<jobId>|<n>"); progress comes through `routes`. */
export function fetcherGridSource(fetcher: GridFetcher, tag: string, routes: ProgressRoutes): GridSource {
  return {
    async fetchDensityGrid(experimentId, opts = {}): Promise<GridDownload> {
      const { signal } = opts;
      if (signal?.aborted) throw aborted(experimentId);
      // progress comes over a channel of its own, so it may arrive after the answer: dropped
      // then (a 'downloading' status after 'done' would count the grid as still loading)
      const report = opts.onProgress;
      const off = report ? routes.on(tag, experimentId, report) : null;
      const cancel = (): void => void fetcher.cancelTag(tag);
      signal?.addEventListener('abort', cancel, { once: true });
      let got: FetchedGrid;
      try {
        // the load stops waiting at once when aborted: the fetcher's answer may come later
        got = await new Promise<FetchedGrid>((resolve, reject) => {
          signal?.addEventListener('abort', () => reject(aborted(experimentId)), { once: true });
          (fetcher.fetchGrid(experimentId, opts.route ?? 'auto', tag, report !== undefined) as Promise<FetchedGrid>).then(resolve, reject);
        });
      } finally {
        off?.();
        signal?.removeEventListener('abort', cancel);
      }
      if (!got.ok) throw new AllenError(got.error);
      return { experimentId, format: got.format, bytes: got.bytes, url: got.url, downloadedBytes: got.downloadedBytes };
    },
  };
}
