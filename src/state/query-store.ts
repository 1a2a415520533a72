// The query the user is building (regions, line, primary-only, products) and what was submitted.
// The submitted query is what the URL holds and what react-query keys derive from.
import { create } from 'zustand';
import type { MouseLineFilter } from '../allen/types';
import { DEFAULT_QUERY, URL_LIMITS, type QueryState } from './url-state';

interface QueryStore {
  /** What the search form shows. */
  readonly draft: QueryState;
  /** The last query the user ran (null before the first search). */
  readonly submitted: QueryState | null;
  /** Notices from reading the URL (values that were dropped). */
  readonly notices: readonly string[];
  /** Adds a region unless the query already holds URL_LIMITS.maxRegions (a link could not hold more). */
  addRegion(acronym: string): void;
  removeRegion(acronym: string): void;
  setLine(line: MouseLineFilter): void;
  setPrimaryOnly(primaryOnly: boolean): void;
  /** [] = every product. */
  setProducts(products: readonly number[]): void;
  submit(): void;
  /** Replace everything from a parsed URL (initial load, back/forward). */
  hydrate(query: QueryState, notices: readonly string[]): void;
  dismissNotices(): void;
}

export const useQueryStore = create<QueryStore>()((set) => ({
  draft: DEFAULT_QUERY,
  submitted: null,
  notices: [],
  addRegion: (acronym) =>
    set((s) => (s.draft.regions.includes(acronym) || regionsFull(s.draft.regions) ? s : { draft: { ...s.draft, regions: [...s.draft.regions, acronym] } })),
  removeRegion: (acronym) => set((s) => ({ draft: { ...s.draft, regions: s.draft.regions.filter((r) => r !== acronym) } })),
  setLine: (line) => set((s) => ({ draft: { ...s.draft, line } })),
  setPrimaryOnly: (primaryOnly) => set((s) => ({ draft: { ...s.draft, primaryOnly } })),
  setProducts: (products) => set((s) => ({ draft: { ...s.draft, products: [...new Set(products)].sort((a, b) => a - b) } })),
  submit: () => set((s) => ({ submitted: s.draft.regions.length > 0 ? s.draft : null })),
  hydrate: (query, notices) => set({ draft: query, submitted: query.regions.length > 0 ? query : null, notices }),
  dismissNotices: () => set({ notices: [] }),
}));

/** True when a query holds as many regions as a link can (URL_LIMITS.maxRegions): adding more is refused. */
export function regionsFull(regions: readonly string[]): boolean {
  return regions.length >= URL_LIMITS.maxRegions;
}
