// The experiments of the submitted query (injection regions, line, primary-only), shared by the
// experiments table and every analysis view, with the acronyms the ontology does not know.
import { useMemo } from 'react';
import type { Ontology } from '../allen/index.ts';
import type { Experiment } from '../allen/types.ts';
import { useQueryStore } from '../state/query-store.ts';
import { experimentCountsByStructure, resolveQuery, useExperimentSearch } from './use-allen.ts';

export interface QueryExperiments {
  /** Injection region acronyms of the submitted query ([] before any search). */
  readonly regions: readonly string[];
  readonly experiments: readonly Experiment[] | undefined;
  readonly unknown: ReadonlyArray<{ readonly acronym: string; readonly suggestions: readonly string[] }>;
  readonly loading: boolean;
  readonly error: Error | null;
}

export function useQueryExperiments(ontology: Ontology | undefined, allExperiments: readonly Experiment[] | undefined): QueryExperiments {
  const submitted = useQueryStore((s) => s.submitted);
  const counts = useMemo(() => experimentCountsByStructure(allExperiments), [allExperiments]);
  const resolved = useMemo(() => (submitted && ontology ? resolveQuery(submitted, ontology, counts) : null), [submitted, ontology, counts]);
  const search = useExperimentSearch(resolved, ontology);
  return {
    regions: submitted?.regions ?? [],
    experiments: search.data?.experiments,
    unknown: resolved?.unknown ?? [],
    loading: search.isLoading,
    error: search.error,
  };
}
