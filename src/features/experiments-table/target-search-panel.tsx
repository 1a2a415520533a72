// Target Search ("virtual retrograde"): experiments with projection signal in the chosen targets,
// largest projection volume there first. The query's injection regions, when there are any, keep
// only experiments injected there (bsv's target_regions + regions); line, primary-only and
// products filter as everywhere.
import { useMemo } from 'react';
import { topLevelTargets } from '../../allen/experiment-filters.ts';
import type { Ontology } from '../../allen/ontology.ts';
import type { Experiment } from '../../allen/types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { RegionAutocomplete } from '../../components/region-autocomplete.tsx';
import { useProductNames, useRegionSearch } from '../../hooks/use-allen.ts';
import { resolveTargetQuery, useTargetSearch } from '../../hooks/use-searches.ts';
import { formatValue } from '../../render/csv-document.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { searchParams } from '../../state/search-params.ts';
import { productLabel } from '../../allen/experiment-filters.ts';
import { targetSearchCsv } from './search-csv.ts';
import { SearchHitsTable } from './search-hits-table.tsx';
import { SearchTabs } from './search-tabs.tsx';

export interface SearchPanelProps {
  readonly ontology: Ontology | undefined;
  readonly allExperiments: readonly Experiment[] | undefined;
}

export function TargetSearchPanel({ ontology, allExperiments }: SearchPanelProps) {
  const targets = searchParams.useStore((s) => s.value.targets);
  const draft = useQueryStore((s) => s.draft);
  const resolved = useMemo(() => (ontology ? resolveTargetQuery(targets, draft, ontology) : null), [ontology, targets, draft]);
  const search = useTargetSearch(resolved, ontology, allExperiments);
  const hits = search.data?.hits;
  const products = useProductNames(hits?.flatMap((h) => (h.experiment.productId === null ? [] : [h.experiment.productId])) ?? []);
  const find = useRegionSearch(ontology);
  const setTargets = (next: readonly string[]): void => searchParams.useStore.getState().set({ targets: next });
  const topLevel = resolved && ontology ? topLevelTargets(resolved.query.targetIds, ontology) : [];
  const searched = topLevel.map((id) => ({ acronym: ontology?.byId(id)?.acronym ?? String(id), structures: ontology?.descendants(id).length ?? 1 }));
  const waiting = resolved !== null && resolved.query.targetIds.length > 0 && search.isPending;
  const renderState = search.isError ? 'error' : !ontology || waiting ? 'loading' : 'ready';

  return (
    <section className="panel" aria-labelledby="target-search-title" data-testid="target-search" data-render-state={renderState}>
      <h2 id="target-search-title">Experiments</h2>
      <SearchTabs />
      <div className="search-form">
        <RegionAutocomplete
          label="Target structures (each with its descendants)"
          placeholder={ontology ? 'e.g. CP or "caudoputamen"' : 'Loading structures…'}
          search={find}
          disabled={!ontology}
          onPick={(s) => setTargets(targets.includes(s.acronym) ? targets : [...targets, s.acronym])}
        />
        {targets.length > 0 && (
          <ul className="chips" aria-label="Target structures">
            {targets.map((acronym) => {
              const s = ontology?.byAcronym(acronym);
              const n = s ? (ontology?.descendants(s.id).length ?? 0) : 0;
              return (
                <li key={acronym} className="chip" title={s ? `${s.name}: ${n} structures including descendants` : 'unknown acronym'}>
                  {s && <span className="swatch" style={{ background: s.color }} aria-hidden />}
                  {acronym}
                  {s && n > 1 && <span className="muted"> +{n - 1}</span>}
                  <button type="button" aria-label={`Remove target ${acronym}`} onClick={() => setTargets(targets.filter((t) => t !== acronym))}>
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <p className="muted small" data-testid="target-sources">
          Sources:{' '}
          {draft.regions.length > 0
            ? `only experiments injected in ${draft.regions.join(', ')} (the query's injection regions, as bsv's target_regions + regions)`
            : 'every injection (add injection regions in the query panel to keep only those)'}
          ; mouse line, primary-only and products as set there.
        </p>
      </div>
      {resolved && resolved.unknown.length > 0 && (
        <ErrorMessage title="Some structures are not in the Allen ontology and were left out.">{resolved.unknown.join(', ')}</ErrorMessage>
      )}
      {targets.length === 0 && (
        <p className="empty-state">Choose one or more target structures: the experiments that project there are listed, largest projection volume first.</p>
      )}
      {waiting && (
        <p className="muted" role="status">
          Searching…
        </p>
      )}
      {search.isError && (
        <ErrorMessage title="The target search failed." onRetry={() => void search.refetch()}>
          {search.error.message} The search by injection region, the voxel search from the grids in this browser and every view of the current query still work.
        </ErrorMessage>
      )}
      {search.data && hits && (
        <>
          <div className="status-line">
            <span data-testid="result-count">
              {hits.length} experiment{hits.length === 1 ? '' : 's'} with signal in {searched.map((t) => t.acronym).join(', ')}, largest projection volume first
            </span>
            {search.data.source !== 'service' && (
              <span className="muted" data-testid="fallback-note" title={search.data.fallbackReason ?? undefined}>
                (the Allen target search service did not answer; summed ProjectionStructureUnionize volumes instead — the same quantity)
              </span>
            )}
          </div>
          {hits.length > 0 && (
            <ExportButtons
              items={[
                {
                  label: 'CSV',
                  filename: `target-search-${searched
                    .map((t) => t.acronym)
                    .join('-')
                    .replace(/[^A-Za-z0-9_-]+/g, '_')
                    .slice(0, 60)}.csv`,
                  title: 'Every row, with the projection volume in the targets and the provenance header',
                  make: () =>
                    new Blob([targetSearchCsv({ result: search.data, targets: searched, query: draft, products: products.data, url: window.location.href })], {
                      type: 'text/csv',
                    }),
                },
              ]}
            />
          )}
          {hits.length === 0 ? (
            <p className="empty-state">No experiment with these filters has projection signal in the targets.</p>
          ) : (
            <SearchHitsTable
              testId="target-search-table"
              caption={`Experiments with signal in ${searched.map((t) => t.acronym).join(', ')}, ${hits.length} rows`}
              experiments={hits.map((h) => h.experiment)}
              colorOf={(id) => ontology?.color(id) ?? '#cccccc'}
              productOf={(id) => productLabel(id, products.data)}
              addNote="in a target search the query's regions also keep only the experiments injected there"
              columns={[
                {
                  label: 'Projection volume in target (mm³)',
                  title: "Allen's `sum`: projection signal volume in the targets (with descendants), outside the injection site, both hemispheres",
                  cell: (i) => <span data-testid="target-volume">{formatValue(hits[i]?.sumMm3 ?? Number.NaN)}</span>,
                },
                {
                  label: 'Target voxels',
                  title: "Allen's `num-voxels` (the fallback: PSU volume ÷ 0.001 mm³)",
                  cell: (i) => hits[i]?.numVoxels ?? <span className="muted">—</span>,
                },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
