// The submitted query's experiments as injection sites, one group per query region (experiments
// join the first region whose subtree holds them: allen/assign-sources.ts), each region coloured
// as source i of the query's set in the chosen palette (URL `pal`).
import { useMemo } from 'react';
import type { Ontology } from '../allen/index.ts';
import { assignSources } from '../allen/assign-sources.ts';
import type { Experiment } from '../allen/types.ts';
import { useQueryExperiments, type QueryExperiments } from './use-query-experiments.ts';
import { injectionSites, type InjectionSites } from '../render/injection-sites.ts';
import { sourceColor } from '../render/source-palette.ts';
import { useQueryStore } from '../state/query-store.ts';
import { useViewStore } from '../state/view-store.ts';

export function useInjectionSites(
  ontology: Ontology | undefined,
  allExperiments: readonly Experiment[] | undefined,
): { readonly query: QueryExperiments; readonly sites: InjectionSites | null } {
  const query = useQueryExperiments(ontology, allExperiments);
  const submitted = useQueryStore((s) => s.submitted);
  const palette = useViewStore((s) => s.sourcePalette);
  const experiments = query.experiments;
  const sites = useMemo(() => {
    if (!experiments || !ontology || !submitted) return null;
    const { sources } = assignSources(submitted.regions, experiments, ontology, submitted.line, submitted.primaryOnly, submitted.products);
    const assigned = new Set(sources.flatMap((s) => s.experiments.map((e) => e.id)));
    return injectionSites(
      sources.map((s, i) => ({
        label: s.structure.acronym,
        name: s.structure.name,
        color: sourceColor(palette, i, s.structure.id, ontology),
        experiments: s.experiments,
      })),
      experiments.filter((e) => !assigned.has(e.id)),
    );
  }, [experiments, ontology, submitted, palette]);
  return { query, sites };
}
