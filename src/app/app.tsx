// Composition root: providers, layout, URL sync. Views live in src/features.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { NoticeBar } from '../components/notice-bar.tsx';
import { CachePanel } from '../features/cache-panel/cache-panel.tsx';
import { ExperimentsView } from '../features/experiments-table/experiments-view.tsx';
import { QueryPanel } from '../features/query-panel/query-panel.tsx';
import { useAllExperiments, useFilterLists, useOntology } from '../hooks/use-allen.ts';
import { useQueryStore } from '../state/query-store.ts';
import { useUrlSync } from './use-url-sync.ts';
import './app.css';

function Shell() {
  useUrlSync();
  const notices = useQueryStore((s) => s.notices);
  const ontology = useOntology();
  const all = useAllExperiments(ontology.data);
  const lists = useFilterLists(all.data);
  const [showCache, setShowCache] = useState(false);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Brain Street View</h1>
        <span className="tagline">Which regions project into my target, and where inside it?</span>
        <span className="spacer" />
        <button type="button" aria-expanded={showCache} onClick={() => setShowCache((v) => !v)}>
          Cache
        </button>
      </header>
      <NoticeBar notices={notices} onDismiss={() => useQueryStore.getState().dismissNotices()} />
      <div className="layout">
        <aside>
          <QueryPanel ontology={ontology.data} lines={lists?.lines ?? []} />
          {all.isError && (
            <p className="muted" role="status">
              The list of mouse lines is unavailable ({all.error.message}); searching still works.
            </p>
          )}
          {showCache && <CachePanel />}
        </aside>
        <main>
          <ExperimentsView
            ontology={ontology.data}
            ontologyError={ontology.error}
            onRetryOntology={() => void ontology.refetch()}
            allExperiments={all.data}
          />
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
