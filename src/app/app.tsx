// Composition root: providers, layout, view switching, URL sync. Views live in src/features.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { CopyLinkButton } from '../components/copy-link-button.tsx';
import { NoticeBar } from '../components/notice-bar.tsx';
import { CachePanel } from '../features/cache-panel/cache-panel.tsx';
import { ExperimentsView } from '../features/experiments-table/experiments-view.tsx';
import { ProjectomeControls } from '../features/projectome/projectome-controls.tsx';
import { ProjectomeView } from '../features/projectome/projectome-view.tsx';
import { QueryPanel } from '../features/query-panel/query-panel.tsx';
import { useAllExperiments, useFilterLists, useOntology } from '../hooks/use-allen.ts';
import { useQueryStore } from '../state/query-store.ts';
import type { ViewName } from '../state/url-state.ts';
import { useViewStore } from '../state/view-store.ts';
import { useUrlSync } from './use-url-sync.ts';
import './app.css';

const TABS: ReadonlyArray<{ view: ViewName; label: string }> = [
  { view: 'experiments', label: 'Experiments' },
  { view: 'projectome', label: 'Upstream projectome' },
];

function Shell() {
  useUrlSync();
  const notices = useQueryStore((s) => s.notices);
  const view = useViewStore((s) => s.view);
  const ontology = useOntology();
  const all = useAllExperiments(ontology.data);
  const lists = useFilterLists(all.data);
  const [showCache, setShowCache] = useState(false);

  return (
    <div className="app">
      <header className="app-header">
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
        <span className="spacer" />
        <CopyLinkButton />
        <button type="button" aria-expanded={showCache} onClick={() => setShowCache((v) => !v)}>
          Cache
        </button>
      </header>
      <NoticeBar notices={notices} onDismiss={() => useQueryStore.getState().dismissNotices()} />
      <div className="layout">
        <aside>
          {view === 'experiments' ? (
            <QueryPanel ontology={ontology.data} lines={lists?.lines ?? []} />
          ) : (
            <ProjectomeControls ontology={ontology.data} experiments={all.data} lines={lists?.lines ?? []} />
          )}
          {all.isError && (
            <p className="muted" role="status">
              The full experiment list is unavailable ({all.error.message}); searching still works, upstream sources do not.
            </p>
          )}
          {showCache && <CachePanel />}
        </aside>
        <main>
          {view === 'experiments' ? (
            <ExperimentsView
              ontology={ontology.data}
              ontologyError={ontology.error}
              onRetryOntology={() => void ontology.refetch()}
              allExperiments={all.data}
            />
          ) : (
            <ProjectomeView ontology={ontology.data} experiments={all.data} />
          )}
        </main>
      </div>
      <footer className="app-footer">
        Data: Allen Mouse Brain Connectivity Atlas (Oh et al., Nature 2014) and CCFv3 (Wang et al., Cell 2020), ©
        Allen Institute,{' '}
        <a href="https://alleninstitute.org/terms-of-use/" target="_blank" rel="noreferrer noopener">
          terms of use
        </a>
        . Coordinates are CCF µm. Methods after Brain Street View (Fabre).
      </footer>
    </div>
  );
}

export function App() {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } }));
  return (
    <QueryClientProvider client={client}>
      <Shell />
    </QueryClientProvider>
  );
}
