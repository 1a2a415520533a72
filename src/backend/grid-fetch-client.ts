// The download queue's grid source when a grid fetcher (grid-fetch-api.ts, in its own worker)
// is attached: each fetch goes to it tagged with the load it belongs to, and the load's signal
// aborting cancels that tag there. The result is the queue's GridDownload: packed when the
// fetcher could decode it, else the bytes as downloaded; a fetcher error comes back as the
// AllenError it was.
import * as Comlink from 'comlink';
import { AllenError } from '../allen/index.ts';
import type { FetchedGrid, GridFetchApi } from '../protocol/grid-fetch-contract.ts';
import type { GridDownload, GridSource } from './download-queue.ts';

/**
 * The part of a (remote) fetcher the backend uses; tests pass the API itself. expandLabelRuns is
 * optional: a fetcher without it leaves the atlas's expansion to the compute worker.
 */
type FetcherPart = Pick<GridFetchApi, 'fetchGrid' | 'cancelTag'> & Partial<Pick<GridFetchApi, 'expandLabelRuns'>>;
export type GridFetcher = FetcherPart | Comlink.Remote<FetcherPart>;

function aborted(experimentId: number): AllenError {
  return new AllenError({ kind: 'aborted', what: `Download of experiment ${experimentId}`, detail: 'the load was cancelled', url: '', experimentId });
}

/** A grid source whose fetches carry `tag` ("<jobId>|<n>"). */
export function fetcherGridSource(fetcher: GridFetcher, tag: string, remote: boolean): GridSource {
  return {
    async fetchDensityGrid(experimentId, opts = {}): Promise<GridDownload> {
      const { signal } = opts;
      if (signal?.aborted) throw aborted(experimentId);
      // progress comes over a channel of its own, so it may arrive after the answer: dropped
      // then (a 'downloading' status after 'done' would count the grid as still loading)
      let settled = false;
      const report = opts.onProgress;
      const progress = report
        ? (received: number, total: number | null): void => {
            if (!settled) report(received, total);
          }
        : undefined;
      const onProgress = progress && remote ? Comlink.proxy(progress) : progress;
      const cancel = (): void => void fetcher.cancelTag(tag);
      signal?.addEventListener('abort', cancel, { once: true });
      let got: FetchedGrid;
      try {
        // the load stops waiting at once when aborted: the fetcher's answer may come later
        got = await new Promise<FetchedGrid>((resolve, reject) => {
          signal?.addEventListener('abort', () => reject(aborted(experimentId)), { once: true });
          (fetcher.fetchGrid(experimentId, opts.route ?? 'auto', tag, onProgress) as Promise<FetchedGrid>).then(resolve, reject);
        });
      } finally {
        settled = true;
        signal?.removeEventListener('abort', cancel);
      }
      if (!got.ok) throw new AllenError(got.error);
      return { experimentId, format: got.format, bytes: got.bytes, url: got.url };
    },
  };
}
