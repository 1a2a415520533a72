// The four ways into the experiments: by injection region (Source Search), by target (Target
// Search, "virtual retrograde"), by a voxel with signal (Spatial Search) and by injection
// coordinate. A tab list: ←/→ move between tabs, the choice is in the URL (`search`).
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { searchParams, type SearchMode } from '../../state/search-params.ts';
import './search.css';

const TABS: ReadonlyArray<{ mode: SearchMode; label: string; title: string }> = [
  { mode: 'source', label: 'Injection region', title: 'Experiments injected in regions (Source Search)' },
  { mode: 'target', label: 'Target', title: 'Experiments with signal in target structures, by projection volume there (Target Search)' },
  { mode: 'spatial', label: 'Voxel', title: 'Experiments with signal at a point (Spatial Search), also from the grids in this browser' },
  { mode: 'coordinate', label: 'Injection coordinate', title: 'Experiments injected near a point (Injection Coordinate Search)' },
];

/** Each search renders its own tab list: a keyboard switch asks the next one to take the focus. */
let focusOnMount = false;

export function SearchTabs() {
  const mode = searchParams.useStore((s) => s.value.mode);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  useEffect(() => {
    if (!focusOnMount) return;
    focusOnMount = false;
    refs.current[TABS.findIndex((t) => t.mode === mode)]?.focus();
  }, [mode]);
  const choose = (m: SearchMode): void => searchParams.useStore.getState().set({ mode: m });
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const at = TABS.findIndex((t) => t.mode === mode);
    const next = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const i = (next + TABS.length) % TABS.length;
    const tab = TABS[i];
    if (!tab) return;
    focusOnMount = true;
    choose(tab.mode);
    refs.current[i]?.focus();
  }
  return (
    <div className="search-tabs" role="tablist" aria-label="Find experiments by" onKeyDown={onKeyDown}>
      <span className="muted small">Find experiments by</span>
      {TABS.map((t, i) => (
        <button
          key={t.mode}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          aria-selected={mode === t.mode}
          tabIndex={mode === t.mode ? 0 : -1}
          className={mode === t.mode ? 'active' : undefined}
          title={t.title}
          onClick={() => choose(t.mode)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
