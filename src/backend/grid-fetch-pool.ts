// Several grid fetchers (each its own worker, grid-fetch-api.ts) seen as one: the download
// queue's fetches go to the fetcher with the fewest grids in flight, so inflating and packing
// gzip NRRDs — the cold start's main cost after the network — runs on as many threads as there
// are fetchers (services.ts sizes the pool from navigator.hardwareConcurrency). A cancellation is
// sent to every fetcher: a tag's grids may be on any of them. How many grids are asked at once is
// still the queue's concurrency, and services.ts divides the per-host cap among the fetchers.
import type { GridFetcher } from './grid-fetch-client.ts';

export interface GridFetchPool {
  /** One fetcher's endpoint more (the pool grows as services.ts attaches them). */
  add(fetcher: GridFetcher): void;
  /** The pool as one fetcher, or null while it is empty. */
  fetcher(): GridFetcher | null;
}

export function createGridFetchPool(): GridFetchPool {
  const members: Array<{ readonly fetcher: GridFetcher; busy: number }> = [];
  const pooled: GridFetcher = {
    fetchGrid(experimentId, route, tag, onProgress) {
      // the least busy; ties go to the earliest attached (a pool of one behaves as one fetcher)
      const m = members.reduce((best, x) => (x.busy < best.busy ? x : best));
      m.busy++;
      const done = (): void => {
        m.busy--;
      };
      const answer = Promise.resolve(m.fetcher.fetchGrid(experimentId, route, tag, onProgress));
      answer.then(done, done);
      return answer;
    },
    cancelTag(tag) {
      for (const m of members) void m.fetcher.cancelTag(tag);
    },
  };
  return {
    add(fetcher) {
      members.push({ fetcher, busy: 0 });
    },
    fetcher: () => (members.length === 0 ? null : members.length === 1 ? (members[0]?.fetcher ?? null) : pooled),
  };
}
