// Several grid fetchers (each its own worker, grid-fetch-api.ts) seen as one: the download
// queue's fetches go to the fetcher with the fewest grids in flight, so inflating and packing
// gzip NRRDs — the cold start's main cost after the network — runs on as many threads as there
// are fetchers (services.ts sizes the pool from navigator.hardwareConcurrency). A cancellation is
// sent to every fetcher: a tag's grids may be on any of them. How many grids are asked at once is
// still the queue's concurrency, and services.ts divides the per-host cap among the fetchers.
// The atlas's labels are expanded by the least busy fetcher too (expander).
import * as Comlink from 'comlink';
import type { AnnotationForm, ExpandedLabels } from '../protocol/grid-fetch-contract.ts';
import type { GridFetcher } from './grid-fetch-client.ts';

/** Expands an annotation's runs or NRRD on a fetcher's thread (`bytes` is transferred). */
export type AnnotationExpander = (bytes: ArrayBuffer, form: AnnotationForm) => Promise<ExpandedLabels>;

export interface GridFetchPool {
  /** One fetcher's endpoint more (the pool grows as services.ts attaches them). */
  add(fetcher: GridFetcher): void;
  /** The pool as one fetcher, or null while it is empty. */
  fetcher(): GridFetcher | null;
  /** An annotation expanded by the least busy fetcher that can, or null when none can. */
  expander(): AnnotationExpander | null;
}

export function createGridFetchPool(): GridFetchPool {
  const members: Array<{ readonly fetcher: GridFetcher; busy: number }> = [];
  /** The least busy member with `can`; ties go to the earliest attached (a pool of one behaves as one fetcher). */
  const leastBusy = (can: (f: GridFetcher) => boolean) =>
    members.filter((m) => can(m.fetcher)).reduce<(typeof members)[number] | null>((best, x) => (best === null || x.busy < best.busy ? x : best), null);
  /** Runs `call` on member `m`, counted as one job in flight while it runs. */
  const busyWhile = <T>(m: (typeof members)[number], call: () => T | Promise<T>): Promise<T> => {
    m.busy++;
    const done = (): void => {
      m.busy--;
    };
    let answer: Promise<T>;
    try {
      answer = Promise.resolve(call());
    } catch (e) {
      answer = Promise.reject(e as Error);
    }
    answer.then(done, done);
    return answer;
  };
  const pooled: GridFetcher = {
    fetchGrid(experimentId, route, tag, progress) {
      const m = leastBusy(() => true);
      if (!m) throw new Error('the grid fetch pool is empty');
      return busyWhile(m, () => m.fetcher.fetchGrid(experimentId, route, tag, progress));
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
    expander() {
      const m = leastBusy((f) => typeof f.expandAnnotation === 'function');
      if (!m) return null;
      // a member that passed `leastBusy`'s test has the method (a remote's always looks callable)
      const f = m.fetcher as { expandAnnotation(bytes: ArrayBuffer, form: AnnotationForm): ExpandedLabels | Promise<ExpandedLabels> };
      return (bytes, form) => busyWhile(m, () => f.expandAnnotation(Comlink.transfer(bytes, [bytes]), form));
    },
  };
}
