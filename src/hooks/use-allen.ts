// react-query hooks for Allen metadata. Keys derive from the submitted query; the ontology and
// the experiment list are read once per session by the worker (IndexedDB first,
// backend/metadata-cache.ts).
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { filterLists } from '../allen/experiment-filters.ts';
import { editDistance, type Ontology } from '../allen/ontology.ts';
import type { Structure } from '../allen/index.ts';
import type { Experiment, ExperimentQuery, ExperimentSearchResult, FilterLists } from '../allen/types.ts';
import { allExperimentsQuery, ontologyQuery, productNamesQuery } from '../data/queries.ts';
import { getAllenClient } from '../data/services.ts';
import type { QueryState } from '../state/url-state.ts';
import { useOnline } from './use-online-status.ts';

export function useOntology() {
  return useQuery(ontologyQuery);
}

/**
 * The list of all experiments, read (IndexedDB first, else downloaded) and validated in the
 * worker, in parallel with the ontology.
 */
export function useAllExperiments() {
  return useQuery(allExperimentsQuery);
}

/**
 * The region autocomplete's search: the exact acronym first, then prefix matches, each rank
 * ordered by how many experiments were injected in the structure and its descendants (typing
 * "vis" offers VISp and VISl before VISrll), then graph order.
 */
export function useRegionSearch(ontology: Ontology | undefined): (text: string, limit: number) => readonly Structure[] {
  const all = useAllExperiments();
  const totals = useMemo(() => (ontology && all.data ? ontology.subtreeTotals(experimentCountsByStructure(all.data)) : null), [ontology, all.data]);
  return useCallback(
    (text: string, limit: number): readonly Structure[] => ontology?.search(text, limit, totals ? (s) => totals.get(s.id) ?? 0 : undefined) ?? [],
    [ontology, totals],
  );
}

/** Experiments per primary injection structure id, for ranking suggestions. */
export function experimentCountsByStructure(experiments: readonly Experiment[] | undefined): Map<number, number> {
  const counts = new Map<number, number>();
  for (const e of experiments ?? []) counts.set(e.structureId, (counts.get(e.structureId) ?? 0) + 1);
  return counts;
}

/** Names of Allen products (the Products filter's labels); undefined while loading or on failure. */
export function useProductNames(ids: readonly number[]) {
  return useQuery(productNamesQuery(ids));
}

export function useFilterLists(experiments: readonly Experiment[] | undefined): FilterLists | undefined {
  const q = useQuery({
    queryKey: ['filter-lists', experiments?.length ?? 0],
    queryFn: () => filterLists(experiments ?? []),
    enabled: experiments !== undefined,
    staleTime: Infinity,
  });
  return q.data;
}

export interface ResolvedQuery {
  readonly query: ExperimentQuery;
  /** Acronyms in the URL that are not in the ontology, with suggestions. */
  readonly unknown: ReadonlyArray<{ readonly acronym: string; readonly suggestions: readonly string[] }>;
}

/**
 * "Did you mean": the nearest acronyms by edit distance; among equally near ones, structures
 * with more experiments come first (a user searching injections most likely meant one of those).
 */
export function suggestAcronyms(text: string, ontology: Ontology, experimentCounts: ReadonlyMap<number, number>, n = 3): string[] {
  return ontology
    .nearestAcronyms(text, 40)
    .map((acronym, rank) => {
      const id = ontology.byAcronym(acronym)?.id;
      return { acronym, rank, d: editDistance(text, acronym), count: id === undefined ? 0 : (experimentCounts.get(id) ?? 0) };
    })
    .sort((a, b) => a.d - b.d || b.count - a.count || a.rank - b.rank)
    .slice(0, n)
    .map((x) => x.acronym);
}

/** Acronyms → ids through the ontology (case-sensitive), collecting the ones it does not know. */
export function resolveQuery(state: QueryState, ontology: Ontology, experimentCounts: ReadonlyMap<number, number> = new Map()): ResolvedQuery {
  const regionIds: number[] = [];
  const unknown: Array<{ acronym: string; suggestions: string[] }> = [];
  for (const acronym of state.regions) {
    const s = ontology.byAcronym(acronym);
    if (s) regionIds.push(s.id);
    else unknown.push({ acronym, suggestions: suggestAcronyms(acronym, ontology, experimentCounts) });
  }
  return { query: { regionIds, line: state.line, primaryOnly: state.primaryOnly, productIds: state.products }, unknown };
}

/**
 * The source search. Offline (navigator.onLine false) it waits for the experiment list (cached in
 * IndexedDB) and filters it at once instead of asking the service (source 'cached-list'); online
 * the held list replaces a second download when the service fails. Being offline is part of the
 * key, so going offline or back online searches again.
 */
export function useExperimentSearch(resolved: ResolvedQuery | null, ontology: Ontology | undefined) {
  const query = resolved?.query;
  const offline = !useOnline();
  const list = useAllExperiments();
  const allExperiments = list.data;
  return useQuery<ExperimentSearchResult>({
    queryKey: ['experiment-search', query?.regionIds, query?.line, query?.primaryOnly, query?.productIds, offline],
    queryFn: ({ signal }) => {
      if (!query || !ontology) throw new Error('search called without a query');
      return getAllenClient().searchExperiments(query, ontology, { signal, allExperiments, offline });
    },
    enabled: query !== undefined && query.regionIds.length > 0 && ontology !== undefined && (!offline || !list.isPending),
    staleTime: 10 * 60_000,
    retry: false,
  });
}
