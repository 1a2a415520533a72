// Injection Coordinate Search: experiments injected near a CCF point, nearest first, with the
// distance; from service::mouse_connectivity_injection_coordinate, or, when it fails, from the
// experiment list's injection coordinates (the same Euclidean distance).
import { useId } from 'react';
import { productLabel } from '../../allen/experiment-filters.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { useProductNames } from '../../hooks/use-allen.ts';
import { useCoordinateSearch } from '../../hooks/use-searches.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { DEFAULT_SEARCH, SEARCH_LIMITS, searchParams } from '../../state/search-params.ts';
import { coordinateSearchCsv } from './search-csv.ts';
import { SearchHitsTable } from './search-hits-table.tsx';
import { SearchTabs } from './search-tabs.tsx';
import { SeedForm } from './seed-form.tsx';
import type { SearchPanelProps } from './target-search-panel.tsx';

export function CoordinateSearchPanel({ ontology, allExperiments }: SearchPanelProps) {
  const { seedUm, maxDistanceUm } = searchParams.useStore((s) => s.value);
  const draft = useQueryStore((s) => s.draft);
  const search = useCoordinateSearch(seedUm, draft, ontology, allExperiments);
  const near = search.data?.hits.filter((h) => h.distanceUm <= maxDistanceUm);
  const products = useProductNames(near?.flatMap((h) => (h.experiment.productId === null ? [] : [h.experiment.productId])) ?? []);
  const distanceId = useId();
  const data = search.data;
  const renderState = search.isError ? 'error' : seedUm && (search.isPending || !ontology) ? 'loading' : 'ready';

  return (
    <section className="panel" aria-labelledby="coordinate-search-title" data-testid="coordinate-search" data-render-state={renderState}>
      <h2 id="coordinate-search-title">Experiments</h2>
      <SearchTabs />
      <SeedForm value={seedUm} legend="Injections near a point (CCF µm)" onSearch={(p) => searchParams.useStore.getState().set({ seedUm: p })}>
        <label className="seed-field" htmlFor={distanceId}>
          within (µm)
          <input
            id={distanceId}
            type="number"
            min={SEARCH_LIMITS.minDistanceUm}
            max={SEARCH_LIMITS.maxDistanceUm}
            step={100}
            value={maxDistanceUm}
            onChange={(e) => {
              const d = Number(e.target.value);
              if (Number.isInteger(d) && d >= SEARCH_LIMITS.minDistanceUm && d <= SEARCH_LIMITS.maxDistanceUm)
                searchParams.useStore.getState().set({ maxDistanceUm: d });
            }}
          />
        </label>
      </SeedForm>
      <p className="muted small">Mouse line and products filter as set in the query panel (default distance {DEFAULT_SEARCH.maxDistanceUm} µm).</p>
      {!seedUm && <p className="empty-state">Type a point to list the experiments injected near it, nearest first.</p>}
      {seedUm && search.isPending && (
        <p className="muted" role="status">
          Searching…
        </p>
      )}
      {search.isError && (
        <ErrorMessage title="The injection coordinate search failed." onRetry={() => void search.refetch()}>
          {search.error.message} The other searches and every view of the current query still work.
        </ErrorMessage>
      )}
      {seedUm && data && near && (
        <>
          <div className="status-line">
            <span data-testid="result-count">
              {near.length} experiment{near.length === 1 ? '' : 's'} injected within {maxDistanceUm} µm of AP {seedUm[0]}, DV {seedUm[1]}, ML {seedUm[2]} µm
              (CCF), nearest first
              <span className="muted"> (of {data.hits.length.toLocaleString('en')} ranked)</span>
            </span>
            {data.source === 'cached-list' && (
              <span className="muted" data-testid="offline-note" title={data.fallbackReason ?? undefined}>
                (offline: distances computed from the injection coordinates in the experiment list cached in this browser)
              </span>
            )}
            {data.source === 'api-connectivity' && (
              <span className="muted" data-testid="fallback-note" title={data.fallbackReason ?? undefined}>
                (the Allen injection coordinate service did not answer; distances computed from the experiment list's injection coordinates instead)
              </span>
            )}
          </div>
          {near.length > 0 && (
            <ExportButtons
              items={[
                {
                  label: 'CSV',
                  filename: `coordinate-search-${seedUm.join('_')}.csv`,
                  title: 'The listed experiments with their distance and the provenance header',
                  make: () =>
                    new Blob([coordinateSearchCsv({ result: data, seedUm, maxDistanceUm, query: draft, products: products.data, url: window.location.href })], {
                      type: 'text/csv',
                    }),
                },
              ]}
            />
          )}
          {near.length === 0 ? (
            <p className="empty-state">
              No injection within {maxDistanceUm} µm with these filters{data.hits[0] ? `; the nearest is ${Math.round(data.hits[0].distanceUm)} µm away` : ''}.
            </p>
          ) : (
            <SearchHitsTable
              testId="coordinate-search-table"
              caption={`Experiments injected near the point, ${near.length} rows`}
              experiments={near.map((h) => h.experiment)}
              colorOf={(id) => ontology?.color(id) ?? '#cccccc'}
              productOf={(id) => productLabel(id, products.data)}
              columns={[
                {
                  label: 'Distance (µm)',
                  title: 'Euclidean distance between the injection coordinate and the point, CCF µm',
                  cell: (i) => <span data-testid="distance">{Math.round(near[i]?.distanceUm ?? Number.NaN)}</span>,
                },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
