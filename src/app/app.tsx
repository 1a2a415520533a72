// Composition root: providers, layout, view switching, URL sync. Views live in src/features.
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../data/query-client.ts';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { CopyLinkButton } from '../components/copy-link-button.tsx';
import { MetadataUnavailable, type MetadataFailure } from '../components/metadata-unavailable.tsx';
import { NoticeBar } from '../components/notice-bar.tsx';
import { OfflineIndicator } from '../components/offline-indicator.tsx';
import type { AnalysisControlsProps, AnalysisViewProps } from '../components/view-props.ts';
import { Brain3dControls, Brain3dView } from '../features/brain-3d/brain-3d-view.tsx';
import { CachePanel } from '../features/cache-panel/cache-panel.tsx';
import { ExperimentsView } from '../features/experiments-table/experiments-view.tsx';
import { HelpPanel } from '../features/help/help-panel.tsx';
import { ProjectomeControls } from '../features/projectome/projectome-controls.tsx';
import { InjectionsControls, InjectionsView } from '../features/injections/injections-view.tsx';
import { MatrixControls, MatrixView } from '../features/matrix/matrix-view.tsx';
import { ProjectomeView } from '../features/projectome/projectome-view.tsx';
import { QueryPanel } from '../features/query-panel/query-panel.tsx';
import { SliceGridControls, SliceGridView } from '../features/slice-grid/slice-grid-view.tsx';
import { SubregionsControls, SubregionsView } from '../features/subregions/subregions-view.tsx';
import { ThresholdControls, ThresholdView } from '../features/threshold/threshold-view.tsx';
import { getComputeWorker, isAbort } from '../data/services.ts';
import { useAtlasPrefetch } from '../hooks/use-aggregate.ts';
import { useAllExperiments, useFilterLists, useOntology } from '../hooks/use-allen.ts';
import { useHelpStore } from '../state/help-store.ts';
import { useQueryStore } from '../state/query-store.ts';
import type { ViewName } from '../state/url-state.ts';
import { useViewStore } from '../state/view-store.ts';
import { useUrlSync } from './use-url-sync.ts';
import './app.css';

// Wrap the compute worker the page's entry started (main.tsx) and configure it, and start the grid
// fetchers, while React renders the first time: every view but the experiments table needs them.
getComputeWorker();

const TABS: ReadonlyArray<{ view: ViewName; label: string }> = [
  { view: 'experiments', label: 'Experiments' },
  { view: 'projectome', label: 'Upstream projectome' },
  { view: 'slices', label: 'Slices' },
  { view: 'threshold', label: 'Threshold' },
  { view: 'matrix', label: 'Matrix' },
  { view: 'subregions', label: 'Subregions' },
  { view: 'injections', label: 'Injections' },
  { view: 'brain3d', label: '3D' },
];

/**
 * "Slices — CP · Brain Street View": the view's tab label and, for views of the shared target,
 * that target (the experiments table has none; the matrix has its own list of targets).
 */
export function pageTitle(view: ViewName, target: string | null): string {
  const label = TABS.find((t) => t.view === view)?.label ?? view;
  return `${label}${target && view !== 'experiments' && view !== 'matrix' ? ` — ${target}` : ''} · Brain Street View`;
}

/**
 * Views that analyse the experiments of the injection query (the query panel stays on top of
 * their controls, so the query carries over between them). Each is a (main, side panel) pair.
 */
const ANALYSIS_VIEWS: Partial<
  Record<ViewName, { readonly Main: (p: AnalysisViewProps) => ReactNode; readonly Controls: (p: AnalysisControlsProps) => ReactNode }>
> = {
  slices: { Main: SliceGridView, Controls: SliceGridControls },
  threshold: { Main: ThresholdView, Controls: ThresholdControls },
  matrix: { Main: MatrixView, Controls: MatrixControls },
  subregions: { Main: SubregionsView, Controls: SubregionsControls },
  injections: { Main: InjectionsView, Controls: InjectionsControls },
  brain3d: { Main: Brain3dView, Controls: Brain3dControls },
};

function Shell() {
  useUrlSync();
  const notices = useQueryStore((s) => s.notices);
  const view = useViewStore((s) => s.view);
  const ontology = useOntology();
  const all = useAllExperiments();
  const lists = useFilterLists(all.data);
  const [showCache, setShowCache] = useState(false);
  const helpOpen = useHelpStore((s) => s.open);
  const header = useRef<HTMLElement>(null);
  const helpButton = useRef<HTMLButtonElement>(null);
  const analysis = ANALYSIS_VIEWS[view];
  const target = useViewStore((s) => s.target);
  const retryMetadata = useCallback(() => {
    if (ontology.isError) void ontology.refetch();
    // a download of the experiment list waits for the ontology, so it failed with it
    if (all.isError) void all.refetch();
  }, [ontology, all]);
  // the browser coming back online retries what failed
  useEffect(() => {
    window.addEventListener('online', retryMetadata);
    return () => window.removeEventListener('online', retryMetadata);
  }, [retryMetadata]);
  const failure = view === 'experiments' ? null : metadataFailure(view, ontology.error, all.error);
  // Every view but the experiments table computes on the 100 µm atlas; the projectome, 3D and
  // injection views also draw on the 50 µm one.
  // the projectome starts them itself, after its link's stored frame was read (projectome-view.tsx)
  useAtlasPrefetch(view !== 'experiments' && view !== 'projectome', view === 'brain3d' || view === 'injections');

  // the tab's title names the view and its target (history, bookmarks, screen readers)
  useEffect(() => {
    document.title = pageTitle(view, target);
  }, [view, target]);

  return (
    <div className="app">
      <a className="skip-link" href="#main-view">
        Skip to the view
      </a>
      <header className="app-header" ref={header}>
        <h1>Brain Street View</h1>
        <nav className="tabs" aria-label="Views">
          {TABS.map((t) => (
            <button
              key={t.view}
              type="button"
              aria-current={view === t.view ? 'page' : undefined}
              className={view === t.view ? 'active' : undefined}
              onClick={() => useViewStore.getState().setView(t.view)}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <span className="spacer">
          <OfflineIndicator />
        </span>
        <CopyLinkButton />
        <button type="button" aria-expanded={showCache} onClick={() => setShowCache((v) => !v)}>
          Cache
        </button>
        <button
          ref={helpButton}
          type="button"
          aria-expanded={helpOpen}
          aria-haspopup="dialog"
          onClick={(e) => (helpOpen ? useHelpStore.getState().close() : useHelpStore.getState().openAt(null, e.currentTarget))}
        >
          Help
        </button>
      </header>
      <HelpPanel anchorRef={header} returnFocusRef={helpButton} />
      <NoticeBar notices={notices} onDismiss={() => useQueryStore.getState().dismissNotices()} />
      <div className="layout">
        <aside>
          {view === 'projectome' ? (
            <ProjectomeControls ontology={ontology.data} experiments={all.data} lines={lists?.lines ?? []} products={lists?.products ?? []} />
          ) : (
            <QueryPanel ontology={ontology.data} lines={lists?.lines ?? []} products={lists?.products ?? []} />
          )}
          {analysis && <analysis.Controls ontology={ontology.data} allExperiments={all.data} lines={lists?.lines ?? []} />}
          {all.isError && !ontology.isError && (
            <p className="muted" role="status">
              The full experiment list is unavailable ({all.error.message}); searching still works, upstream sources do not.
            </p>
          )}
          {showCache && <CachePanel />}
        </aside>
        <main id="main-view" tabIndex={-1}>
          {failure ? (
            <MetadataUnavailable failure={failure} onRetry={retryMetadata} />
          ) : analysis ? (
            <analysis.Main ontology={ontology.data} allExperiments={all.data} />
          ) : view === 'projectome' ? (
            <ProjectomeView ontology={ontology.data} experiments={all.data} />
          ) : (
            <ExperimentsView ontology={ontology.data} ontologyError={ontology.error} onRetryOntology={retryMetadata} allExperiments={all.data} />
          )}
        </main>
      </div>
      <footer className="app-footer">
        Data: Allen Mouse Brain Connectivity Atlas (Oh et al., Nature 2014) and CCFv3 (Wang et al., Cell 2020), © Allen Institute,{' '}
        <a href="https://alleninstitute.org/terms-of-use/" target="_blank" rel="noreferrer noopener">
          terms of use
        </a>
        . Coordinates are CCF µm. Methods after Brain Street View (Fabre).
      </footer>
    </div>
  );
}

/** The metadata failure that keeps `view` from drawing, if any (a cancelled load is not one). */
function metadataFailure(view: ViewName, ontologyError: Error | null, listError: Error | null): MetadataFailure | null {
  if (ontologyError && !isAbort(ontologyError)) {
    return {
      what: 'The structure ontology',
      error: ontologyError,
      stillWorks:
        'Nothing that names a region can be computed until it loads; the cache panel still works. Retry asks Allen again (so does the app when the browser comes back online).',
    };
  }
  if (view === 'projectome' && listError && !isAbort(listError)) {
    return {
      what: 'The list of all experiments',
      error: listError,
      stillWorks:
        'The projectome needs it to find and average the upstream sources; the experiments view can still search by injection region. Retry asks Allen again (so does the app when the browser comes back online).',
    };
  }
  return null;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}
