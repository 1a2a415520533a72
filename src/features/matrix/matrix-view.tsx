// Connectivity matrix (bsv plot_connectivity_matrix): sources (the query's regions) × targets,
// mean / max / volume, row / column normalisation, annotated cells, sortable headers; a cell
// opens the slice grid (or the projectome) for its pair.
import { useMemo, useRef, useState } from 'react';
import { ViewDownloadProgress } from '../../components/download-progress.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import type { AnalysisViewProps } from '../../components/view-props.ts';
import { colorBar, matrixLimits, matrixNotation, matrixOrder, matrixValueLabel, type MatrixFigureInput } from '../../render/matrix-figure.ts';
import { SceneSvg } from '../../render/scene-svg.tsx';
import { matrixParams } from '../../state/matrix-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import { effectiveTargets } from './effective-targets.ts';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { matrixPng, matrixSvg, openProjectome, openSliceGrid } from './matrix-actions.ts';
import { matrixCsvText } from './matrix-csv.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { normaliseMatrix } from './matrix-normalise.ts';
import { MatrixTable, type MatrixCell } from './matrix-table.tsx';
import { screenColorBarBox } from './color-bar-box.ts';
import { useGridRows } from './use-grid-rows.ts';
import { useMatrixData } from './use-matrix-data.ts';
import './matrix.css';

export { MatrixControls } from './matrix-controls.tsx';

export function MatrixView({ ontology, allExperiments }: AnalysisViewProps) {
  const p = matrixParams.useStore((s) => s.value);
  const shared = useViewStore((s) => s.target);
  const targets = useMemo(() => effectiveTargets(p.targets, shared), [p.targets, shared]);
  const [attempt, setAttempt] = useState(0);
  const inputs = useMemo(
    () => ({ targets, metric: p.metric, hemisphere: p.hemisphere, normalization: p.normalization, subtractOtherHemisphere: p.subtractOtherHemisphere }),
    [targets, p.metric, p.hemisphere, p.normalization, p.subtractOtherHemisphere],
  );
  const { load, noExperiments, unknownRegions } = useMatrixData(ontology, allExperiments, inputs, attempt);
  const [active, setActive] = useState<MatrixCell | null>(null);

  const data = load.state === 'ready' ? load.data : null;
  const submitted = useQueryStore((s) => s.submitted);
  const figure = useMemo<MatrixFigureInput | null>(() => {
    if (!data) return null;
    const values = normaliseMatrix(data.values, data.sources.length, data.targets.length, p.normalisation);
    const rowLabels = data.sources.map((s) => s.acronym);
    const order = matrixOrder(values, rowLabels, data.targets, p.sortRows, p.sortCols);
    const valueLabel = matrixValueLabel(
      data.metric,
      p.normalisation === 'row' || p.normalisation === 'both',
      p.normalisation === 'col' || p.normalisation === 'both',
    );
    return {
      values,
      rowLabels,
      colLabels: data.targets,
      rowOrder: order.rows,
      colOrder: order.cols,
      metric: data.metric,
      limits: matrixLimits(values),
      colormap: p.colormap,
      valueLabel,
      title: `Source → target connectivity (${valueLabel})`,
    };
  }, [data, p.normalisation, p.sortRows, p.sortCols, p.colormap]);

  const renderState = load.state === 'ready' ? 'ready' : load.state;
  const base = `matrix-${data?.metric ?? 'mean'}-${(figure?.rowLabels ?? []).join('_').slice(0, 60)}`;
  // the colour bar beside the table spans its rows (color-bar-box.ts), its top at BAR_Y in its SVG
  // (room for the top tick label, which then stays below the table's top)
  const scroll = useRef<HTMLDivElement>(null);
  const rows = useGridRows(scroll, figure);
  const BAR_Y = 8;
  const box = rows ? screenColorBarBox(rows, BAR_Y) : null;
  const bar =
    figure && box
      ? colorBar(8, BAR_Y, 16, box.height, figure.limits, figure.colormap, figure.valueLabel, 11, matrixNotation(figure.values, figure.metric), 'exact')
      : null;
  const colourBar = bar ? { width: bar.width, height: bar.height, items: bar.items, title: 'Colour bar' } : null;

  return (
    <section className="panel matrix-view" data-testid="matrix-view" data-render-state={renderState}>
      <h2>Connectivity matrix</h2>
      {unknownRegions.length > 0 && (
        <ErrorMessage title="Some query regions are not in the ontology and were left out.">{unknownRegions.join(', ')}</ErrorMessage>
      )}
      {noExperiments.length > 0 && (
        <p className="muted" role="status">
          No experiments for: {noExperiments.join(', ')} (left out of the rows).
        </p>
      )}
      {load.state === 'loading' && (
        <p className="muted" role="status">
          {load.message}
        </p>
      )}
      <ViewDownloadProgress loading={load.state === 'loading'} onRetry={() => setAttempt((a) => a + 1)} />
      {load.state === 'error' && (
        <ErrorMessage title={load.title} onRetry={() => setAttempt((a) => a + 1)}>
          {load.message}
        </ErrorMessage>
      )}
      {load.state === 'empty' && <p className="empty-state">{load.message}</p>}
      {data && (data.unknownTargets.length > 0 || data.emptyTargets.length > 0) && (
        <p className="muted" role="status" data-testid="matrix-dropped-targets">
          Left out of the columns:{' '}
          {[
            ...data.unknownTargets.map((t) => `${t} (not in the ontology)`),
            ...data.emptyTargets.map((t) => `${t} (no voxels${p.hemisphere === 'both' ? '' : ` in the ${p.hemisphere} hemisphere`})`),
          ].join(', ')}
        </p>
      )}
      <div
        className="matrix-figure"
        data-testid="matrix-figure"
        data-render-state={renderState}
        data-compute-ms={data ? data.computeMs.toFixed(1) : undefined}
        data-aggregate-from={data?.aggregateFrom}
        aria-label={
          figure ? `Connectivity matrix, ${figure.rowLabels.length} sources by ${figure.colLabels.length} targets, ${figure.valueLabel}` : 'Connectivity matrix'
        }
        role="figure"
      >
        {data && figure && (
          <div className="matrix-stage">
            <div className="matrix-scroll" ref={scroll}>
              <MatrixTable
                values={figure.values as Float64Array}
                sources={data.sources}
                targets={data.targets}
                targetNames={data.targets.map((t) => ontology?.byAcronym(t)?.name ?? t)}
                rowOrder={figure.rowOrder}
                colOrder={figure.colOrder}
                metric={data.metric}
                limits={figure.limits}
                colormap={figure.colormap}
                sortRows={p.sortRows}
                sortCols={p.sortCols}
                onSortRows={(sortRows) => matrixParams.useStore.getState().set({ sortRows })}
                onSortCols={(sortCols) => matrixParams.useStore.getState().set({ sortCols })}
                onActivate={(c) => openSliceGrid(c.source, c.target)}
                onFocusCell={setActive}
              />
            </div>
            {colourBar && box && (
              <div style={{ marginTop: box.top - BAR_Y }}>
                <SceneSvg
                  scene={colourBar}
                  testId="matrix-color-bar"
                  label={`Colour bar: ${figure.valueLabel}, ${figure.limits[0].toPrecision(3)} to ${figure.limits[1].toPrecision(3)}`}
                />
              </div>
            )}
          </div>
        )}
      </div>
      {data && figure && (
        <>
          <p className="matrix-active" aria-live="polite">
            {active ? (
              <>
                <strong>{active.source}</strong> → <strong>{active.target}</strong>:{' '}
                <button type="button" onClick={() => openSliceGrid(active.source, active.target)}>
                  Open in slice grid
                </button>{' '}
                <button type="button" onClick={() => openProjectome(active.source, active.target)}>
                  Open in projectome
                </button>
              </>
            ) : (
              <span className="muted">Hover or focus a cell to open its pair in the slice grid or the projectome; click a cell for the slice grid.</span>
            )}
          </p>
          <ExportButtons
            caption="Connectivity matrix"
            items={[
              { label: 'PNG', filename: `${base}.png`, make: ({ scale }) => matrixPng(figure, scale) },
              { label: 'SVG', filename: `${base}.svg`, make: () => matrixSvg(figure) },
              {
                label: 'CSV',
                filename: `${base}.csv`,
                make: () => {
                  if (load.state !== 'ready' || !submitted) throw new Error('there is no matrix to export yet');
                  return new Blob([matrixCsvText(data, figure, load.outcome, submitted, p, window.location.href)], { type: 'text/csv' });
                },
              },
            ]}
          />
          <p className="muted small">
            {data.sources.map((s) => `${s.acronym}: ${s.used} of ${s.planned} experiments`).join(' · ')}. Target masks: the 100 µm annotation (each voxel wholly
            in or out), {p.hemisphere === 'both' ? 'both hemispheres (as bsv)' : `${p.hemisphere} hemisphere`}
            {p.subtractOtherHemisphere ? ', after hemisphere subtraction (injected − mirror, other half 0)' : ''}; no-data cells show n/a (bsv wrote 0).
          </p>
        </>
      )}
    </section>
  );
}
