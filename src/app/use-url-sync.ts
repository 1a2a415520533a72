// Keeps the submitted query and the address bar in step: the URL is read once at start and on
// back/forward; each new search pushes one history entry.
import { useEffect } from 'react';
import { useQueryStore } from '../state/query-store';
import { parseUrlState, serializeUrlState } from '../state/url-state';

function applyLocation(): void {
  const parsed = parseUrlState(window.location.search);
  useQueryStore.getState().hydrate(parsed.query, parsed.notices);
}

export function useUrlSync(): void {
  useEffect(() => {
    applyLocation();
    window.addEventListener('popstate', applyLocation);
    const unsubscribe = useQueryStore.subscribe((state, previous) => {
      if (state.submitted === previous.submitted || state.submitted === null) return;
      const next = serializeUrlState(state.submitted);
      if (next !== window.location.search) window.history.pushState(null, '', next);
    });
    return () => {
      window.removeEventListener('popstate', applyLocation);
      unsubscribe();
    };
  }, []);
}
