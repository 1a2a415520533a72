// Subregions (bsv analyze_cp_subregions, generalised): mean projection of the query experiments
// per child structure of the shared target (or per label of the user's annotation volume inside
// it), per slice and per group; bar chart + table + CSV.
import { useMemo, useState } from 'react';
import { ViewDownloadProgress } from '../../components/download-progress.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import type { AnalysisViewProps } from '../../components/view-props.ts';
import { SceneSvg } from '../../render/scene-svg.tsx';
import { subregionsParams } from '../../state/subregions-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { subregionsCsv, subregionsPng, subregionsScene, subregionsSvg } from './subregions-export.ts';
import { SubregionsTable } from './subregions-table.tsx';
import { spreadLabel, subregionsOf } from './subregion-math.ts';
import { useSubregionsData } from './use-subregions-data.ts';
import './subregions.css';
import { useQueryStore } from '../../state/query-store.ts';
import { useUserAnnotation } from './use-user-annotation.ts';

export { SubregionsControls } from './subregions-controls.tsx';

export function SubregionsView({ ontology, allExperiments }: AnalysisViewProps) {
  const p = subregionsParams.useStore((s) => s.value);
  const target = useViewStore((s) => s.target);
  const setTarget = useViewStore((s) => s.setTarget);
  const [attempt, setAttempt] = useState(0);
  const [sliceGroup, setSliceGroup] = useState(0);
  const userMeta = useUserAnnotation().meta;
  const load = useSubregionsData(ontology, allExperiments, target, p, attempt);
  // a target without subregions: its parent has some (the target itself)
  const parentWithSubregions = useMemo(() => {
    const s = target && ontology ? ontology.byAcronym(target) : undefined;
    if (!s || !ontology || s.parentId === null || p.level === 'user' || subregionsOf(s, ontology, p.level).total > 0) return null;
    return ontology.byId(s.parentId) ?? null;
  }, [target, ontology, p.level]);
  const data = load.state === 'ready' ? load.data : null;
  const submitted = useQueryStore((s) => s.submitted);
  const scene = useMemo(() => (data ? subregionsScene(data) : null), [data]);
  const group = data ? Math.min(sliceGroup, data.result.groups - 1) : 0;
  const base = `subregions-${target ?? ''}`;
  const missing = data ? data.rows.filter((r) => r.index < 0).map((r) => r.structure.acronym) : [];

  return (
    <section className="panel subregions-view" data-testid="subregions-view" data-render-state={load.state}>
      <h2>Subregions{target ? ` of ${target}` : ''}</h2>
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
      {load.state === 'empty' && parentWithSubregions && (
        <button type="button" onClick={() => setTarget(parentWithSubregions.acronym)}>
          Measure the subregions of {parentWithSubregions.acronym}
        </button>
      )}
      {load.state === 'empty' && parentWithSubregions && userMeta && (
        <button type="button" onClick={() => subregionsParams.useStore.getState().set({ level: 'user' })}>
          Divide {target} by your annotation
        </button>
      )}
      {data && data.totalChildren > data.rows.length && (
        <p className="muted" role="status">
          Only the first {data.rows.length} of {data.totalChildren} subregions are measured.
        </p>
      )}
      {missing.length > 0 && (
        <p className="muted" role="status">
          No voxels in the annotation for: {missing.join(', ')}.
        </p>
      )}
      <div
        className="subregions-figure"
        data-testid="subregions-figure"
        data-render-state={load.state}
        data-compute-ms={data ? data.computeMs.toFixed(1) : undefined}
        data-aggregate-from={data?.aggregateFrom}
        role="figure"
        aria-label={
          data
            ? `Bar chart of the mean projection density in ${data.result.subregions.length} subregions of ${data.target.acronym}, ${data.result.groups} group(s)`
            : 'Subregions bar chart'
        }
      >
        {scene && (
          <div className="subregions-chart">
            <SceneSvg scene={scene} label={scene.title} />
          </div>
        )}
      </div>
      {data && (
        <>
          <ExportButtons
            caption={`Mean projection density per subregion of ${data.target.acronym}`}
            items={[
              { label: 'PNG', filename: `${base}.png`, make: ({ scale }) => subregionsPng(data, scale) },
              { label: 'SVG', filename: `${base}.svg`, make: () => subregionsSvg(data) },
              {
                label: 'CSV',
                filename: `${base}.csv`,
                make: () => {
                  if (!submitted) throw new Error('there is no query to export');
                  return subregionsCsv(data, submitted, p, window.location.href);
                },
              },
            ]}
          />
          {data.result.groups > 1 && (
            <div className="subregions-options">
              <label htmlFor="sub-slice-group">Per-slice means of</label>
              <select id="sub-slice-group" value={group} onChange={(e) => setSliceGroup(Number(e.target.value))}>
                {data.groupLabels.map((g, i) => (
                  <option key={i} value={i}>
                    {g}
                  </option>
                ))}
              </select>
            </div>
          )}
          <SubregionsTable data={data} sliceGroup={group} plane={p.plane} />
          <p className="muted small">
            {data.annotation &&
              `Subregions: the labels of your annotation volume ${data.annotation} (majority label per 100 µm voxel) inside ${data.target.acronym}. `}
            Means of the 100 µm density over each subregion's 100 µm voxels in {data.result.windows.length} {p.plane} slab(s) spanning {data.target.acronym};
            no-data voxels are skipped and zeros are counted (bsv dropped values ≤ 0).{' '}
            <span data-testid="subregions-error-bars">
              Error bars: {spreadLabel(data.spread)} — the sample SD (n − 1) of each experiment&apos;s own mean in the subregion (its grid processed as the
              average); N counts the experiments with data there (shown per bar in the table and CSV).
            </span>
            {data.spreadFailed.size > 0 && ` ${data.spreadFailed.size} experiment(s) could not be measured for the error bars and are not counted.`}
          </p>
        </>
      )}
    </section>
  );
}
