// Keeps the stores and the address bar in step: the URL is read at start and on back/forward.
// Changes of what is shown (view, query, target, and what each view's codec calls major, e.g. the
// projectome's sources) push a history entry at once; fine-tuning (AP position, thickness,
// percentile, visibility, colormaps) replaces the current one, so Back does not step through
// every slider position, at most every MINOR_WRITE_MS (the last change always lands): a played
// sweep or a held arrow key would otherwise call replaceState 30 times a second, which browsers
// throttle (and which costs a task per step).
import { useEffect } from 'react';
import { useQueryStore } from '../state/query-store.ts';
import { parseUrlState, serializeUrlState, type UrlState } from '../state/url-state.ts';
import { DEFAULT_QUERY } from '../state/url-state.ts';
import { searchParams } from '../state/search-params.ts';
import { VIEW_PARAMS } from '../state/view-params-registry.ts';
import { useViewStore } from '../state/view-store.ts';

function applyLocation(): void {
  const parsed = parseUrlState(window.location.search);
  const notices = [...parsed.notices];
  // Only the shown view's own parameters are in the URL; other views keep what they had.
  VIEW_PARAMS[parsed.view]?.hydrate(new URLSearchParams(window.location.search), notices);
  useQueryStore.getState().hydrate(parsed.query, notices);
  useViewStore.getState().hydrate(parsed.view, parsed.target, parsed.drawingAtlasUm, parsed.sourcePalette);
}

function writeViewParams(params: URLSearchParams): void {
  VIEW_PARAMS[useViewStore.getState().view]?.write(params);
}

function currentState(): UrlState {
  const { view, target, drawingAtlasUm, sourcePalette } = useViewStore.getState();
  const { submitted, draft } = useQueryStore.getState();
  const query = submitted ?? { ...DEFAULT_QUERY, regions: [] };
  // The projectome uses the line, primary-only and products filters as set, without a search;
  // so do the target, spatial and coordinate searches, whose regions (a target search's source
  // filter) also apply as set.
  if (view === 'experiments' && searchParams.useStore.getState().value.mode !== 'source') return { view, query: draft, target, drawingAtlasUm, sourcePalette };
  return {
    view,
    query: view === 'projectome' ? { ...query, line: draft.line, primaryOnly: draft.primaryOnly, products: draft.products } : query,
    target,
    drawingAtlasUm,
    sourcePalette,
  };
}

function majorKey(s: UrlState): string {
  return JSON.stringify([s.view, s.query, s.target, s.drawingAtlasUm, VIEW_PARAMS[s.view]?.major() ?? null]);
}

const MINOR_WRITE_MS = 250;

export function useUrlSync(): void {
  useEffect(() => {
    applyLocation();
    let lastMajor = majorKey(currentState());
    let applying = false;
    let lastMinorAt = -Infinity;
    let minorTimer: number | undefined;
    const write = () => {
      if (applying) return;
      const state = currentState();
      const next = serializeUrlState(state, writeViewParams);
      window.clearTimeout(minorTimer);
      minorTimer = undefined;
      if (next === window.location.search) return;
      const major = majorKey(state);
      if (major !== lastMajor) window.history.pushState(null, '', next);
      else {
        const wait = lastMinorAt + MINOR_WRITE_MS - performance.now();
        if (wait > 0) {
          minorTimer = window.setTimeout(write, wait);
          return;
        }
        lastMinorAt = performance.now();
        window.history.replaceState(null, '', next);
      }
      lastMajor = major;
    };
    // Store changes made together (a matrix cell sets query, target and view) become one entry.
    let scheduled = false;
    const schedule = () => {
      if (applying || scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        write();
      });
    };
    const onPop = () => {
      window.clearTimeout(minorTimer);
      applying = true;
      try {
        applyLocation();
      } finally {
        applying = false;
      }
      lastMajor = majorKey(currentState());
    };
    window.addEventListener('popstate', onPop);
    const unsubQuery = useQueryStore.subscribe((s, prev) => {
      const d = s.draft,
        pd = prev.draft;
      if (s.submitted !== prev.submitted || d.regions !== pd.regions || d.line !== pd.line || d.primaryOnly !== pd.primaryOnly || d.products !== pd.products)
        schedule();
    });
    const unsubView = useViewStore.subscribe((s, prev) => {
      // the palette is not in majorKey: a change of colours replaces the history entry, like colormaps
      if (s.view !== prev.view || s.target !== prev.target || s.drawingAtlasUm !== prev.drawingAtlasUm || s.sourcePalette !== prev.sourcePalette) schedule();
    });
    const unsubParams = Object.values(VIEW_PARAMS).map((vp) => vp.subscribe(schedule));
    return () => {
      window.clearTimeout(minorTimer);
      window.removeEventListener('popstate', onPop);
      unsubQuery();
      unsubView();
      unsubParams.forEach((u) => u());
    };
  }, []);
}
