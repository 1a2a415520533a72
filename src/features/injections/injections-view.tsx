// Injection sites (bsv plot_injections_combined / plot_multi_region_injections, redone as what
// they are meant to show): where the query's experiments were injected, in orthographic top /
// side (/ front) views of the brain outline, coloured by query region and sized by injection
// volume, with the excluded experiments listed with their reason.
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { AnalysisControlsProps, AnalysisViewProps } from '../../components/view-props.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { injectionFigureLayout, panelOutline, type PanelKind } from '../../render/injection-figure-layout.ts';
import type { PanelOutlineSvg } from '../../render/injection-figure-svg.ts';
import { injectionsParams } from '../../state/injections-params.ts';
import { InjectionsExportBar } from './injections-export-bar.tsx';
import { InjectionsFigure } from './injections-figure.tsx';
import { useBrainOutline } from './use-brain-outline.ts';
import { useInjectionSites } from '../../hooks/use-injection-sites.ts';
import './injections.css';
import { useQueryStore } from '../../state/query-store.ts';
import { queryParameters } from '../../components/csv-parameters.ts';
import { FieldHead, HintRow } from '../../components/help-hint.tsx';
import { SourcePaletteControl } from '../../components/source-palette-control.tsx';

export function InjectionsView(props: AnalysisViewProps) {
  const [attempt, setAttempt] = useState(0);
  return <InjectionsBody key={attempt} {...props} onRetry={() => setAttempt((a) => a + 1)} />;
}

function Empty({ children }: { readonly children: string }) {
  return (
    <section className="panel" data-testid="injections-view">
      <h2>Injection sites</h2>
      <div data-testid="injections-figure" data-render-state="empty">
        <p className="empty-state">{children}</p>
      </div>
    </section>
  );
}

function InjectionsBody({ ontology, allExperiments, onRetry }: AnalysisViewProps & { readonly onRetry: () => void }) {
  const params = injectionsParams.useStore((s) => s.value);
  const queryClient = useQueryClient();
  const { query, sites } = useInjectionSites(ontology, allExperiments);
  const submitted = useQueryStore((s) => s.submitted);
  const hasSites = (sites?.sites.length ?? 0) > 0;
  const outline = useBrainOutline(ontology, hasSites);
  const title = `Injection sites — ${query.regions.join(', ')}`;
  const layout = useMemo(
    () => (sites ? injectionFigureLayout(sites, { showFront: params.showFront, sizing: params.sizing, title }) : null),
    [sites, params.showFront, params.sizing, title],
  );
  const outlines = useMemo(() => {
    const out: Partial<Record<PanelKind, PanelOutlineSvg>> = {};
    if (outline.state !== 'ready' || !layout) return out;
    for (const p of layout.panels) out[p.kind] = panelOutline(p, outline.outline.silhouettes[p.kind], layout.pxPerUm);
    return out;
  }, [outline, layout]);

  if (query.regions.length === 0) return <Empty>Choose one or more injection regions and press Search to see where their experiments were injected.</Empty>;
  if (query.error)
    return (
      <section className="panel" data-testid="injections-view">
        <h2>Injection sites</h2>
        <div data-testid="injections-figure" data-render-state="error">
          <ErrorMessage title="The experiment search failed." onRetry={() => void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' })}>
            {query.error.message}
          </ErrorMessage>
        </div>
      </section>
    );
  if (!sites || !layout || query.loading)
    return (
      <section className="panel" data-testid="injections-view">
        <h2>Injection sites</h2>
        <div data-testid="injections-figure" data-render-state="loading">
          <p className="muted" role="status">
            Searching experiments…
          </p>
        </div>
      </section>
    );
  if (sites.sites.length === 0 && sites.excluded.length === 0) return <Empty>No experiments match this query (regions, line and primary-only filter).</Empty>;

  const state = !hasSites ? 'empty' : outline.state === 'ready' ? 'ready' : outline.state === 'error' ? 'error' : 'loading';
  const counts = sites.groups.map((g) => `${g.label}: ${g.drawn}`).join(', ');
  return (
    <section className="panel" data-testid="injections-view">
      <h2>Injection sites</h2>
      {outline.state === 'loading' && (
        <p className="muted" role="status">
          Loading the 50 µm atlas for the brain outline…
        </p>
      )}
      {outline.state === 'error' && (
        <ErrorMessage title="The brain outline could not be built; the injection sites are drawn without it." onRetry={onRetry}>
          {outline.message}
        </ErrorMessage>
      )}
      {!hasSites && <p className="empty-state">None of the {sites.excluded.length} experiments has a usable injection coordinate and volume (see below).</p>}
      <div
        className="injections-figure"
        data-testid="injections-figure"
        data-render-state={state}
        data-outline-triangles={outline.state === 'ready' ? outline.outline.triangles : undefined}
        data-isosurface-ms={outline.state === 'ready' ? Math.round(outline.outline.isosurfaceMs) : undefined}
        data-project-ms={outline.state === 'ready' ? Math.round(outline.outline.projectMs) : undefined}
      >
        {hasSites && (
          <InjectionsFigure
            layout={layout}
            sites={sites}
            outlines={outlines}
            ariaLabel={`Injection sites of ${sites.sites.length} experiments in top and side views of the brain (CCF µm), coloured by region: ${counts}.`}
          />
        )}
      </div>
      {hasSites && (
        <InjectionsExportBar
          layout={layout}
          sites={sites}
          outlines={outlines}
          regions={query.regions}
          parameters={submitted ? queryParameters(submitted) : []}
        />
      )}
      {sites.excluded.length > 0 && (
        <details className="injections-excluded" data-testid="injections-excluded" open={sites.excluded.length <= 10}>
          <summary>
            {sites.excluded.length} experiment{sites.excluded.length === 1 ? '' : 's'} not drawn
          </summary>
          <ul>
            {sites.excluded.map((e) => (
              <li key={e.experimentId}>
                {e.experimentId} — {e.structureAcronym}
                {e.groupLabel ? ` (${e.groupLabel})` : ''}: {e.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="muted small">
        Circles: injection coordinate (CCF µm) of each experiment; radius = that of a sphere of the injection volume at figure scale (so radius ∝ volume^⅓),
        clamped to 2–24 px. Hover or focus a circle for details; it links to the Allen experiment page.
      </p>
    </section>
  );
}

export function InjectionsControls(_props: AnalysisControlsProps) {
  const params = injectionsParams.useStore((s) => s.value);
  return (
    <section className="panel" aria-labelledby="inj-controls-title">
      <h2 id="inj-controls-title">Injection sites</h2>
      <HintRow topic="injectionFront">
        <label className="checkbox">
          <input type="checkbox" checked={params.showFront} onChange={(e) => injectionsParams.useStore.getState().set({ showFront: e.target.checked })} />
          Front view (ML × DV)
        </label>
      </HintRow>
      <div className="field">
        <FieldHead topic="injectionSizing">
          <label htmlFor="inj-sizing">Point size</label>
        </FieldHead>
        <select
          id="inj-sizing"
          value={params.sizing}
          onChange={(e) => injectionsParams.useStore.getState().set({ sizing: e.target.value === 'equal' ? 'equal' : 'volume' })}
        >
          <option value="volume">By injection volume</option>
          <option value="equal">All equal</option>
        </select>
      </div>
      <SourcePaletteControl />
    </section>
  );
}
