// Slice grid (bsv plot_connectivity / plot_connectivity_multi_region with grouped rows): the mean
// projection density of each group (row) in slices (columns) through the shared target region.
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { ViewDownloadProgress } from '../../components/download-progress.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { FigureExportBar } from '../../components/figure-export-bar.tsx';
import { SliceSettingsForm } from '../../components/slice-settings-form.tsx';
import type { AnalysisControlsProps, AnalysisViewProps } from '../../components/view-props.ts';
import { useSliceResults } from '../../hooks/use-slice-results.ts';
import { useSliceVoxelPick, voxelPx } from '../../hooks/use-slice-voxel-pick.ts';
import { VoxelPickHint, VoxelPicker } from '../../components/voxel-picker.tsx';
import { searchAtVoxel } from '../../state/search-actions.ts';
import { hexToRgb } from '../../render/colormaps.ts';
import { SliceGridCanvas, useElementWidth } from '../../render/slice-grid-canvas.tsx';
import { gridFigureSvg, type GridFigure, type GridHit } from '../../render/slice-grid-figure.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { slicesParams } from '../../state/slices-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import { sliceCsvContext } from '../../components/csv-parameters.ts';
import { buildSliceFigure, sliceGridCsv, sliceRegionMeansCsv } from './slice-grid-build.ts';
import './slice-grid.css';

export function SliceGridView({ ontology, allExperiments }: AnalysisViewProps) {
  const params = slicesParams.useStore((s) => s.value);
  const target = useViewStore((s) => s.target);
  const [attempt, setAttempt] = useState(0);
  const load = useSliceResults(ontology, allExperiments, params, target, attempt);
  const wrap = useRef<HTMLDivElement | null>(null);
  const width = useElementWidth(wrap);
  const [drawn, setDrawn] = useState<GridFigure | null>(null);
  const [drawError, setDrawError] = useState<string | null>(null);
  const [hover, setHover] = useState<GridHit | null>(null);

  const ready = load.state === 'ready' ? load : null;
  // The hook returns a fresh object per render: depend on its parts.
  const outcome = ready?.outcome ?? null;
  const groups = useMemo(
    () =>
      outcome?.groups.map((g) => ({ label: g.label, axis: g.axis, centerUm: g.centerUm, rangeUm: g.rangeUm, experiments: g.usedExperimentIds.length })) ?? [],
    [outcome],
  );
  const result = ready?.result ?? null;
  const targetId = ready?.targetId ?? 0;
  const figure = useMemo(() => {
    if (!result || !target || width <= 0) return null;
    const color = hexToRgb(ontology?.color(targetId) ?? '#888888');
    return buildSliceFigure({ result, groups, params, widthPx: width, target, targetColor: color });
  }, [result, targetId, groups, params, width, target, ontology]);
  const onError = useCallback((m: string) => setDrawError(m), []);
  const pickAt = useSliceVoxelPick(figure, result);
  const pickHint = useId();

  const submitted = useQueryStore((s) => s.submitted);
  const queryRegions = submitted?.regions;
  const groupLabels = outcome?.groups.map((g) => g.label) ?? [];
  const missingRegions = params.grouping === 'region' && outcome ? (queryRegions ?? []).filter((r) => !outcome.groups.some((g) => g.label === r)) : [];
  const renderState = load.state === 'ready' ? (drawError ? 'error' : figure && drawn === figure ? 'ready' : 'loading') : load.state;
  const plane = params.plane;

  return (
    <section className="panel slice-grid-view" data-testid="slice-grid-view">
      <h2>Slice grid{target ? ` — ${target}` : ''}</h2>
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
      {drawError && <ErrorMessage title="The slice grid could not be drawn.">{drawError}</ErrorMessage>}
      <div ref={wrap} className="slice-grid-figure" data-testid="slice-grid-figure" data-render-state={renderState} data-aggregate-from={ready?.outcome.from}>
        {figure && (
          <VoxelPicker hitTest={pickAt} stepPx={voxelPx(figure)} onPick={searchAtVoxel} name={`Slice grid of ${target ?? ''}`} inline hintId={pickHint}>
            <SliceGridCanvas
              figure={figure}
              onDrawn={setDrawn}
              onError={onError}
              onHover={setHover}
              ariaLabel={`Slice grid of ${target ?? ''}: ${figure.rowLabels.length} rows (groups) by ${figure.columnLabels.length} ${plane} slices`}
            />
          </VoxelPicker>
        )}
      </div>
      {figure && <VoxelPickHint id={pickHint} />}
      {ready && figure && target && (
        <>
          <p className="hover-readout muted" data-testid="grid-hover" aria-live="off">
            {hover
              ? `${figure.rowLabels[hover.row]?.[0] ?? ''} · ${figure.columnLabels[hover.column]?.[0] ?? ''} slice · DV ${Math.round(hover.dvUm)}, ${plane === 'coronal' ? 'ML' : 'AP'} ${Math.round(hover.acrossUm)} µm (CCF) — ${Number.isFinite(hover.value) ? hover.value.toPrecision(3) : 'no data'}`
              : 'Hover over a panel for the value and its CCF position.'}
          </p>
          <FigureExportBar
            baseName={`slices-${target}-${plane}`}
            caption={`Slice grid of ${target} (${plane})`}
            figure={() => ({ svg: gridFigureSvg(figure), width: figure.layout.width, height: figure.layout.height })}
            csv={() =>
              submitted ? sliceGridCsv(ready.result, groupLabels, sliceCsvContext(`Slice grid of ${target}`, target, submitted, params, ready.outcome)) : null
            }
            extraCsv={{
              label: 'Region means CSV',
              filename: `slices-${target}-${plane}-region-means.csv`,
              title: 'Per slice and group: the mean over every voxel of the region in the slab',
              make: () =>
                submitted
                  ? sliceRegionMeansCsv(ready.result, groupLabels, sliceCsvContext(`Slice grid of ${target}`, target, submitted, params, ready.outcome))
                  : null,
            }}
          />
          <p className="muted small" data-testid="slice-grid-info">
            {ready.result.slices.length} slices × {ready.result.groups} groups, {ready.outcome.groups.reduce((n, g) => n + g.usedExperimentIds.length, 0)}{' '}
            experiments; sliced in {ready.computeMs.toFixed(0)} ms. Column labels: slice centre in CCF µm and the 1-based 100 µm section
            {plane === 'coronal' ? ' (ARA level = ⌊AP/100⌋ + 1)' : ' (⌊ML/100⌋ + 1)'}; outline: bins holding any part of {target} in their slab.
          </p>
          {missingRegions.length > 0 && (
            <p className="muted small" data-testid="regions-without-experiments">
              No experiments (with these filters) for: {missingRegions.join(', ')}.
            </p>
          )}
          {ready.outcome.failed.size > 0 && (
            <ErrorMessage
              title={`${ready.outcome.failed.size} experiments could not be loaded and were left out of the means.`}
              onRetry={() => setAttempt((a) => a + 1)}
            />
          )}
        </>
      )}
    </section>
  );
}

export function SliceGridControls({ ontology }: AnalysisControlsProps) {
  const value = slicesParams.useStore((s) => s.value);
  const target = useViewStore((s) => s.target);
  return (
    <section className="panel" aria-labelledby="slice-controls-title">
      <h2 id="slice-controls-title">Slice grid</h2>
      <SliceSettingsForm
        ontology={ontology}
        target={target}
        value={value}
        onTarget={(a) => useViewStore.getState().setTarget(a)}
        onChange={(patch) => slicesParams.useStore.getState().set(patch)}
      />
    </section>
  );
}
