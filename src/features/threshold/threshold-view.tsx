// Threshold (bsv threshold_connectivity): the slice grid's matrices normalised, thresholded, and
// the bins above threshold marked (no statistical test is done). Uses the slice grid's settings and therefore its aggregate.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { ThresholdResult } from '../../compute/threshold.ts';
import { ViewDownloadProgress } from '../../components/download-progress.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { FigureExportBar } from '../../components/figure-export-bar.tsx';
import { NumberField, SliceSettingsForm } from '../../components/slice-settings-form.tsx';
import type { AnalysisControlsProps, AnalysisViewProps } from '../../components/view-props.ts';
import { getComputeWorker } from '../../data/services.ts';
import { useSliceResults } from '../../hooks/use-slice-results.ts';
import { hexToRgb } from '../../render/colormaps.ts';
import { SliceGridCanvas, useElementWidth } from '../../render/slice-grid-canvas.tsx';
import { gridFigureSvg, type GridFigure, type GridHit } from '../../render/slice-grid-figure.ts';
import { THRESHOLD_METHODS, THRESHOLD_NORMALIZATIONS, thresholdParams, thresholdRange, withMethod } from '../../state/threshold-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import { buildThresholdFigure, thresholdCsv } from './threshold-build.ts';
import './threshold.css';
import { sliceCsvContext } from '../../components/csv-parameters.ts';
import { FieldHead } from '../../components/help-hint.tsx';
import { useQueryStore } from '../../state/query-store.ts';

export function ThresholdView({ ontology, allExperiments }: AnalysisViewProps) {
  const params = thresholdParams.useStore((s) => s.value);
  const target = useViewStore((s) => s.target);
  const [attempt, setAttempt] = useState(0);
  const load = useSliceResults(ontology, allExperiments, params, target, attempt);
  const wrap = useRef<HTMLDivElement | null>(null);
  const width = useElementWidth(wrap);
  const [drawn, setDrawn] = useState<GridFigure | null>(null);
  const [drawError, setDrawError] = useState<string | null>(null);
  const [hover, setHover] = useState<GridHit | null>(null);
  const ready = load.state === 'ready' ? load : null;
  const slices = ready?.result ?? null;
  const tp = params.threshold;
  const submitted = useQueryStore((s) => s.submitted);

  // bsv thresholds the binned matrices before display smoothing: send the unsmoothed ones.
  const thr = useQuery({
    queryKey: ['threshold', ready?.resultKey, tp],
    queryFn: (): Promise<ThresholdResult> => {
      if (!slices) throw new Error('threshold asked without slices');
      const matrices = slices.slices.map((s) => ({ rows: s.rows, cols: s.cols, matrices: s.unsmoothed }));
      return getComputeWorker().thresholdSlices(matrices, { threshold: tp.value, thresholdMethod: tp.method, normalizationMethod: tp.normalization });
    },
    enabled: slices !== null,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
  const result = thr.data ?? null;
  // The hook returns a fresh object per render: depend on its parts.
  const outcome = ready?.outcome ?? null;
  const groups = useMemo(
    () =>
      outcome?.groups.map((g) => ({ label: g.label, axis: g.axis, centerUm: g.centerUm, rangeUm: g.rangeUm, experiments: g.usedExperimentIds.length })) ?? [],
    [outcome],
  );
  const targetId = ready?.targetId ?? 0;
  const figure = useMemo(() => {
    if (!slices || !result || !target || width <= 0) return null;
    const targetColor = hexToRgb(ontology?.color(targetId) ?? '#888888');
    return buildThresholdFigure({ slices, threshold: result, groups, params, widthPx: width, target, targetColor });
  }, [slices, result, groups, params, width, target, targetId, ontology]);
  const onError = useCallback((m: string) => setDrawError(m), []);
  const thrError = thr.isError ? thr.error.message : null;
  const renderState = load.state === 'ready' ? (drawError || thrError ? 'error' : figure && drawn === figure ? 'ready' : 'loading') : load.state;

  return (
    <section className="panel threshold-view" data-testid="threshold-view">
      <h2>Threshold{target ? ` — ${target}` : ''}</h2>
      {load.state === 'loading' && (
        <p className="muted" role="status">
          {load.message}
        </p>
      )}
      <ViewDownloadProgress loading={load.state === 'loading'} onRetry={() => setAttempt((a) => a + 1)} />
      {load.state === 'empty' && <p className="empty-state">{load.message}</p>}
      {load.state === 'error' && (
        <ErrorMessage title={load.title} onRetry={() => setAttempt((a) => a + 1)}>
          {load.message}
        </ErrorMessage>
      )}
      {thrError && <ErrorMessage title="The threshold could not be applied.">{thrError}</ErrorMessage>}
      {drawError && <ErrorMessage title="The threshold grid could not be drawn.">{drawError}</ErrorMessage>}
      {result && (
        <p data-testid="threshold-summary">
          <strong>{result.above}</strong> of {result.count} region bins are above T = {Number(result.threshold.toPrecision(4))} (
          {result.count > 0 ? ((100 * result.above) / result.count).toFixed(1) : '0'} %; normalised mean {result.mean.toPrecision(3)} ±{' '}
          {result.std.toPrecision(3)} SD).
        </p>
      )}
      <div ref={wrap} className="slice-grid-figure" data-testid="threshold-figure" data-render-state={renderState} data-aggregate-from={ready?.outcome.from}>
        {figure && (
          <SliceGridCanvas
            figure={figure}
            onDrawn={setDrawn}
            onError={onError}
            onHover={setHover}
            ariaLabel={`Threshold grid of ${target ?? ''}: bins above threshold outlined in red inside the region outline, ${figure.rowLabels.length} groups by ${figure.columnLabels.length} slices`}
          />
        )}
      </div>
      {figure && slices && result && target && (
        <p className="hover-readout muted" data-testid="grid-hover" aria-live="off">
          {hover
            ? `${figure.rowLabels[hover.row]?.[0] ?? ''} · ${figure.columnLabels[hover.column]?.[0] ?? ''} slice · DV ${Math.round(hover.dvUm)} µm (CCF) — normalised ${Number.isFinite(hover.value) ? hover.value.toPrecision(3) : 'no data'}${hover.marked ? ' · above threshold' : ''}`
            : 'Hover over a panel for the normalised value.'}
        </p>
      )}
      {figure && slices && result && target && (
        <FigureExportBar
          baseName={`threshold-${target}-${tp.method}`}
          caption={`Threshold of ${target} (${tp.method})`}
          figure={() => ({ svg: gridFigureSvg(figure), width: figure.layout.width, height: figure.layout.height })}
          csv={() =>
            submitted && outcome
              ? thresholdCsv(
                  slices,
                  result,
                  outcome.groups.map((g) => g.label),
                  sliceCsvContext(`Threshold of ${target}`, target, submitted, params, outcome),
                )
              : null
          }
        />
      )}
    </section>
  );
}

export function ThresholdControls({ ontology }: AnalysisControlsProps) {
  const value = thresholdParams.useStore((s) => s.value);
  const target = useViewStore((s) => s.target);
  const ids = { m: useId(), n: useId() };
  const set = thresholdParams.useStore.getState().set;
  const t = value.threshold;
  const range = thresholdRange(t.method);
  return (
    <section className="panel threshold-settings" aria-labelledby="threshold-controls-title">
      <h2 id="threshold-controls-title">Threshold</h2>
      <div className="field">
        <FieldHead topic="thresholdMethod">
          <label htmlFor={ids.m}>Threshold method</label>
        </FieldHead>
        <select
          id={ids.m}
          value={t.method}
          onChange={(e) => {
            const m = THRESHOLD_METHODS.find((x) => x === e.target.value);
            if (m) set({ threshold: withMethod(t, m) });
          }}
        >
          {THRESHOLD_METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <FieldHead topic="thresholdNormalization">
          <label htmlFor={ids.n}>Slice normalisation</label>
        </FieldHead>
        <select
          id={ids.n}
          value={t.normalization}
          onChange={(e) => {
            const n = THRESHOLD_NORMALIZATIONS.find((x) => x === e.target.value);
            if (n) set({ threshold: { ...t, normalization: n } });
          }}
        >
          {THRESHOLD_NORMALIZATIONS.map((n) => (
            <option key={n} value={n}>
              {n === 'minmax' ? 'minmax (bsv default)' : n}
            </option>
          ))}
        </select>
      </div>
      <NumberField
        key={t.method}
        label={`Threshold (${range.unit}, ${range.min}–${range.max})`}
        help="thresholdValue"
        value={t.value}
        min={range.min}
        max={range.max}
        step={range.step}
        integer={false}
        onCommit={(v) => set({ threshold: { ...thresholdParams.useStore.getState().value.threshold, value: v } })}
      />
      <SliceSettingsForm
        ontology={ontology}
        target={target}
        value={value}
        onTarget={(a) => useViewStore.getState().setTarget(a)}
        onChange={(patch) => set(patch)}
        showColorLimits={false}
      />
    </section>
  );
}
