// Results of the submitted query: which route answered, the experiments table, and the download
// of their density volumes with per-experiment status. The tabs switch to the other searches.
import { useCallback, useEffect, useMemo } from 'react';
import { productLabel } from '../../allen/experiment-filters.ts';
import type { Ontology } from '../../allen/ontology.ts';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { useInjectionVolumes } from '../../hooks/use-injection-volumes.ts';
import { experimentsCsv } from './experiments-csv.ts';
import { CacheNotice } from '../../components/cache-notice.tsx';
import { DownloadProgress } from '../../components/download-progress.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { experimentCountsByStructure, resolveQuery, useExperimentSearch, useProductNames } from '../../hooks/use-allen.ts';
import type { Experiment } from '../../allen/types.ts';
import { useDensityDownload } from '../../hooks/use-density-download.ts';
import { countStatuses, describeStatus, failedDownloads, useDownloadStore } from '../../state/download-store.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { searchParams } from '../../state/search-params.ts';
import { CoordinateSearchPanel } from './coordinate-search-panel.tsx';
import { ExperimentsTable } from './experiments-table.tsx';
import { SearchTabs } from './search-tabs.tsx';
import { SpatialSearchPanel } from './spatial-search-panel.tsx';
import { TargetSearchPanel } from './target-search-panel.tsx';
import { PERSIST_TEXT } from '../../data/persistent-storage.ts';
import { useQuery } from '@tanstack/react-query';
import { cacheEntriesQuery } from '../../data/queries.ts';
import { downloadLabel, downloadTitle, estimateDownload } from './download-estimate.ts';

export interface ExperimentsViewProps {
  readonly ontology: Ontology | undefined;
  readonly ontologyError: Error | null;
  readonly onRetryOntology: () => void;
  /** All experiments (ApiConnectivity), when loaded: ranks "did you mean" suggestions. */
  readonly allExperiments: readonly Experiment[] | undefined;
}

/** The experiments view: the search chosen in the tabs (URL `search`), the source search by default. */
export function ExperimentsView(props: ExperimentsViewProps) {
  const mode = searchParams.useStore((s) => s.value.mode);
  if (mode === 'target') return <TargetSearchPanel ontology={props.ontology} allExperiments={props.allExperiments} />;
  if (mode === 'spatial') return <SpatialSearchPanel ontology={props.ontology} allExperiments={props.allExperiments} />;
  if (mode === 'coordinate') return <CoordinateSearchPanel ontology={props.ontology} allExperiments={props.allExperiments} />;
  return <SourceSearchView {...props} />;
}

function SourceSearchView({ ontology, ontologyError, onRetryOntology, allExperiments }: ExperimentsViewProps) {
  const submitted = useQueryStore((s) => s.submitted);
  const counts0 = useMemo(() => experimentCountsByStructure(allExperiments), [allExperiments]);
  const resolved = useMemo(() => (submitted && ontology ? resolveQuery(submitted, ontology, counts0) : null), [submitted, ontology, counts0]);
  const search = useExperimentSearch(resolved, ontology);
  const download = useDensityDownload();
  const phase = useDownloadStore((s) => s.phase);
  const requested = useDownloadStore((s) => s.requested);
  const statuses = useDownloadStore((s) => s.statuses);
  const persistence = useDownloadStore((s) => s.persistence);

  // A new query cancels the previous query's downloads.
  useEffect(() => {
    download.abort();
    useDownloadStore.getState().reset();
  }, [submitted, download]);

  const experiments = search.data?.experiments;
  const psu = useInjectionVolumes(experiments?.map((e) => e.id));
  const productNames = useProductNames(experiments?.flatMap((e) => (e.productId === null ? [] : [e.productId])) ?? []);
  const psuVolumeOf = useCallback((id: number) => psu.data?.volumes.get(id), [psu.data]);
  const psuFailed = psu.data?.failed.size ?? 0;
  const receivedBytes = useDownloadStore((s) => s.receivedBytes);
  const sample = useDownloadStore((s) => s.measured);
  const counts = countStatuses(requested, statuses, receivedBytes);
  const cacheEntries = useQuery(cacheEntriesQuery);
  const cachedGrids = useMemo(
    () => new Set((cacheEntries.data ?? []).flatMap((e) => (e.kind === 'grid' && e.current && e.id !== null ? [Number(e.id)] : []))),
    [cacheEntries.data],
  );
  const estimate = useMemo(
    () =>
      experiments
        ? estimateDownload(
            experiments.map((e) => e.id),
            cachedGrids,
            sample,
          )
        : null,
    [experiments, cachedGrids, sample],
  );
  const failed = failedDownloads(requested, statuses);

  const renderState: 'loading' | 'ready' | 'error' =
    ontologyError || search.isError
      ? 'error'
      : !ontology
        ? 'loading'
        : !resolved || resolved.query.regionIds.length === 0
          ? 'ready' // nothing to search, or only unknown acronyms (explained below)
          : search.isPending
            ? 'loading'
            : 'ready';

  return (
    <section className="panel" aria-labelledby="results-title" data-testid="experiments-view" data-render-state={renderState}>
      <h2 id="results-title">Experiments</h2>
      <SearchTabs />
      {ontologyError && (
        <ErrorMessage title="The structure ontology could not be loaded, so regions cannot be searched." onRetry={onRetryOntology}>
          {ontologyError.message}
        </ErrorMessage>
      )}
      {!submitted && ontology && <p className="empty-state">Choose one or more injection regions and press Search.</p>}
      {resolved && resolved.unknown.length > 0 && (
        <ErrorMessage title="Some regions are not in the Allen ontology and were left out.">
          <ul>
            {resolved.unknown.map((u) => (
              <li key={u.acronym}>
                “{u.acronym}”{u.suggestions.length > 0 ? ` — did you mean ${u.suggestions.join(', ')}?` : ''}
              </li>
            ))}
          </ul>
        </ErrorMessage>
      )}
      {search.isPending && resolved && resolved.query.regionIds.length > 0 && <p className="muted">Searching…</p>}
      {search.isError && (
        <ErrorMessage title="The experiment search failed." onRetry={() => void search.refetch()}>
          {search.error.message}
        </ErrorMessage>
      )}
      {search.data && experiments && (
        <>
          <div className="status-line">
            <span data-testid="result-count">
              {experiments.length} experiment{experiments.length === 1 ? '' : 's'}
            </span>
            {search.data.source === 'api-connectivity' && (
              <span className="muted" data-testid="fallback-note" title={search.data.fallbackReason ?? undefined}>
                (the Allen search service did not answer; filtered the full experiment list instead)
              </span>
            )}
            {search.data.source === 'cached-list' && (
              <span className="muted" data-testid="offline-note" title={search.data.fallbackReason ?? undefined}>
                (offline: filtered the copy of the experiment list cached in this browser)
              </span>
            )}
            <span style={{ flex: 1 }} />
            {experiments.length > 0 && (
              <>
                <button
                  type="button"
                  className="primary"
                  data-testid="download-button"
                  disabled={phase === 'running'}
                  title={estimate ? downloadTitle(estimate, sample) : undefined}
                  onClick={() => void download.start(experiments.map((e) => e.id))}
                >
                  {estimate ? downloadLabel(estimate) : `Download ${experiments.length} volume${experiments.length === 1 ? '' : 's'}`}
                </button>
                <button
                  type="button"
                  disabled={phase === 'running'}
                  title="Download again from Allen, ignoring the browser cache"
                  onClick={() =>
                    void download.start(
                      experiments.map((e) => e.id),
                      { reload: true },
                    )
                  }
                >
                  Reload
                </button>
              </>
            )}
          </div>
          <CacheNotice />
          {(psu.isError || psuFailed > 0) && (
            <p className="muted small" role="status" data-testid="psu-status">
              The PSU injection volumes of {psu.isError ? 'these' : psuFailed} experiments could not be fetched
              {psu.error ? ` (${psu.error.message})` : ''}; the table and downloads still work, injection-volume normalisation will ask again.
            </p>
          )}
          {experiments.length > 0 && submitted && (
            <ExportButtons
              items={[
                {
                  label: 'CSV',
                  filename: `experiments-${submitted.regions
                    .join('-')
                    .replace(/[^A-Za-z0-9_-]+/g, '_')
                    .slice(0, 60)}.csv`,
                  title: 'Every column shown, plus product and both injection volumes',
                  make: () =>
                    new Blob([experimentsCsv(experiments, psuVolumeOf, productNames.data, submitted, search.data?.source ?? 'service', window.location.href)], {
                      type: 'text/csv',
                    }),
                },
              ]}
            />
          )}
          {/* A cancelled download of an earlier query may report after the reset: nothing to show. */}
          {phase !== 'idle' && requested.length > 0 && (
            <DownloadProgress
              counts={counts}
              running={phase === 'running'}
              failed={failed}
              onCancel={download.abort}
              onRetryFailed={() =>
                void download.start(
                  failed.map((f) => f.experimentId),
                  { retry: true },
                )
              }
            />
          )}
          {persistence && phase !== 'idle' && (
            <p className="muted" data-testid="persistence-note">
              {PERSIST_TEXT[persistence]}
            </p>
          )}
          {experiments.length === 0 ? (
            <p className="empty-state">No experiments match this query. Try all mouse lines, or untick “primary injection structure only”.</p>
          ) : (
            <ExperimentsTable
              experiments={experiments}
              colorOf={(id) => ontology?.color(id) ?? '#cccccc'}
              productOf={(id) => productLabel(id, productNames.data)}
              psuVolumeOf={psuVolumeOf}
              psuState={psu.isError ? 'error' : psu.data ? 'ready' : 'loading'}
              statusOf={phase === 'idle' ? undefined : (id) => describeStatus(statuses.get(id))}
            />
          )}
        </>
      )}
    </section>
  );
}
