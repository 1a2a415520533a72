// 3D (bsv plot_connectivity_3d): translucent brain, the target surface in its ontology colour,
// the query's injection sites as spheres (equal-volume radius, coloured by query region), and
// optionally the isosurface of the query's mean projection density. Orbit with the mouse or the
// keyboard (arrows rotate, +/- zoom); auto-rotate; PNG export.
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AnalysisViewProps } from '../../components/view-props.ts';
import { ViewDownloadProgress } from '../../components/download-progress.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { experimentPageUrl } from '../../allen/links.ts';
import { rgbToHex } from '../../render/colormaps.ts';
import type { InjectionSite } from '../../render/injection-sites.ts';
import { brain3dParams } from '../../state/brain3d-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { brainPng, type LegendLine, type SceneCapture } from './brain-3d-export.ts';
import type { OrbitHandle } from './orbit-controls.tsx';
import { DENSITY_COLOR, type SceneSurfaces } from './scene-surfaces.ts';
import type { PreparedMesh } from './use-meshes.ts';
import { useBrain3d } from './use-brain-3d.ts';
import './brain-3d.css';

// three.js and @react-three/fiber (about 1 MB of script) load only when a 3D view is shown.
const Brain3dScene = lazy(() => import('./brain-3d-scene.tsx').then((m) => ({ default: m.Brain3dScene })));

export { Brain3dControls } from './brain-3d-controls.tsx';

export function Brain3dView(props: AnalysisViewProps) {
  const [attempt, setAttempt] = useState(0);
  return <Brain3dBody key={attempt} {...props} attempt={attempt} onRetry={() => setAttempt((a) => a + 1)} />;
}

const STEP = 0.12;

function Brain3dBody({ ontology, allExperiments, attempt, onRetry }: AnalysisViewProps & { readonly attempt: number; readonly onRetry: () => void }) {
  const params = brain3dParams.useStore((s) => s.value);
  const target = useViewStore((s) => s.target);
  const d = useBrain3d(ontology, allExperiments, target, params, attempt);
  const [drawnKey, setDrawnKey] = useState<string | null>(null);
  const orbit = useRef<OrbitHandle | null>(null);
  const captureRef = useRef<SceneCapture | null>(null);
  const onDrawn = useCallback((k: string) => setDrawnKey(k), []);
  const [hovered, setHovered] = useState<InjectionSite | null>(null);

  // While a new threshold's surface is built, the previous one (same aggregate) stays in view.
  const [lastDensity, setLastDensity] = useState<PreparedMesh | null>(null);
  const densityMesh = d.density.state === 'ready' ? d.density.mesh : null;
  useEffect(() => {
    if (densityMesh) setLastDensity(densityMesh);
    else if (d.aggregate.state !== 'ready') setLastDensity(null);
  }, [densityMesh, d.aggregate.state]);
  const surfaces: SceneSurfaces = {
    outline: d.outline.state === 'ready' ? d.outline.mesh : null,
    target: d.target.state === 'ready' ? { mesh: d.target.mesh, color: d.targetColor } : null,
    density: !params.density ? null : (densityMesh ?? (d.aggregate.state === 'ready' ? lastDensity : null)),
  };
  const hasQuery = d.query.regions.length > 0;
  // the groups' colours too: a palette change (URL pal) is a new frame to draw
  const sitesKey = d.sites ? `${d.sites.sites.map((s) => s.experimentId).join(',')}|${d.sites.groups.map((g) => rgbToHex(g.color)).join(',')}` : '-';
  const sceneKey = [
    d.outline.state === 'ready' ? d.outline.key : '-',
    d.target.state === 'ready' ? d.target.key : '-',
    d.density.state === 'ready' && surfaces.density === d.density.mesh ? d.density.key : surfaces.density ? 'previous-density' : '-',
    sitesKey,
  ].join('#');

  const densityWanted = params.density && d.densityNote === null && d.aggregate.state !== 'error';
  const errors = [d.outlineError, d.targetError, d.query.error?.message ?? null, d.aggregate.state === 'error' ? d.aggregate.message : null];
  const complete =
    d.outline.state === 'ready' &&
    (!target || d.target.state === 'ready') &&
    (!hasQuery || d.sites !== null) &&
    (!densityWanted || d.density.state === 'ready');
  const state = errors.some((e) => e !== null) ? 'error' : complete && drawnKey === sceneKey ? 'ready' : 'loading';

  const legend: LegendLine[] = [
    ...(target ? [{ label: `Target: ${target}`, color: d.targetColor }] : []),
    ...(d.sites?.groups ?? []).map((g) => ({ label: `${g.label} (${g.drawn} injection${g.drawn === 1 ? '' : 's'})`, color: rgbToHex(g.color) })),
    ...(surfaces.density ? [{ label: `Mean projection density > ${params.densityThreshold}`, color: DENSITY_COLOR }] : []),
  ];
  const title = [target ? `Target ${target}` : null, hasQuery ? `injections: ${d.query.regions.join(', ')}` : null].filter(Boolean).join(' — ') || 'Brain';

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    const o = orbit.current;
    if (!o) return;
    const moves: Record<string, () => void> = {
      ArrowLeft: () => o.rotate(STEP, 0),
      ArrowRight: () => o.rotate(-STEP, 0),
      ArrowUp: () => o.rotate(0, STEP),
      ArrowDown: () => o.rotate(0, -STEP),
      '+': () => o.zoom(1.15),
      '=': () => o.zoom(1.15),
      '-': () => o.zoom(1 / 1.15),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    move();
  }

  return (
    <section className="panel" data-testid="brain-3d-view">
      <h2>3D — {title}</h2>
      {!target && !hasQuery && (
        <p className="empty-state">
          Choose a target region (side panel) and/or search for injection regions to place their surface and injection sites in the brain.
        </p>
      )}
      {state === 'loading' && (
        <p className="muted" role="status">
          {d.outline.state !== 'ready'
            ? 'Loading the 50 µm atlas and building the brain surface…'
            : d.aggregate.state === 'loading'
              ? 'Averaging the projection densities…'
              : 'Building surfaces…'}
        </p>
      )}
      {d.outlineError && (
        <ErrorMessage title="The brain surface could not be built." onRetry={onRetry}>
          {d.outlineError}
        </ErrorMessage>
      )}
      {d.targetError && (
        <ErrorMessage title={`The surface of ${target ?? 'the target'} could not be built.`} onRetry={onRetry}>
          {d.targetError}
        </ErrorMessage>
      )}
      {d.query.error && (
        <ErrorMessage title="The experiment search failed; injection sites are missing." onRetry={onRetry}>
          {d.query.error.message}
        </ErrorMessage>
      )}
      {d.aggregate.state === 'error' && (
        <ErrorMessage title="The mean projection density could not be computed." onRetry={onRetry}>
          {d.aggregate.message}
        </ErrorMessage>
      )}
      <ViewDownloadProgress loading={params.density && d.aggregate.state === 'loading'} onRetry={onRetry} onlyWhileLoading />
      {d.densityNote && (
        <p className="muted" role="status">
          {d.densityNote}
        </p>
      )}
      <div className="brain3d-stage">
        <div
          className="brain3d-figure"
          data-testid="brain-3d-figure"
          data-render-state={state}
          data-triangles={[surfaces.outline?.triangles ?? 0, surfaces.target?.mesh.triangles ?? 0, surfaces.density?.triangles ?? 0].join(',')}
          data-timings={JSON.stringify({
            outline: surfaces.outline && [Math.round(surfaces.outline.isosurfaceMs), Math.round(surfaces.outline.decimateMs), surfaces.outline.sourceTriangles],
            target: surfaces.target && [
              Math.round(surfaces.target.mesh.isosurfaceMs),
              Math.round(surfaces.target.mesh.decimateMs),
              surfaces.target.mesh.sourceTriangles,
            ],
            density: surfaces.density && [Math.round(surfaces.density.isosurfaceMs), Math.round(surfaces.density.decimateMs), surfaces.density.sourceTriangles],
          })}
          tabIndex={0}
          role="application"
          aria-roledescription="3D view"
          aria-label={`3D view: translucent brain${target ? `, ${target} surface` : ''}${d.sites ? `, ${d.sites.sites.length} injection sites` : ''}${surfaces.density ? ', mean projection density surface' : ''}. Drag or use the arrow keys to rotate, the wheel or + and − to zoom.`}
          onKeyDown={onKey}
        >
          <Suspense
            fallback={
              <p className="muted" role="status">
                Loading the 3D renderer…
              </p>
            }
          >
            <Brain3dScene
              surfaces={surfaces}
              sites={d.sites}
              sceneKey={sceneKey}
              onDrawn={onDrawn}
              preset={params.camera}
              autoRotate={params.autoRotate}
              orbit={orbit}
              captureRef={captureRef}
              onHoverSite={setHovered}
            />
          </Suspense>
        </div>
        <div className="brain3d-legend" data-testid="brain-3d-legend">
          <h3>Legend</h3>
          <ul>
            {legend.map((l) => (
              <li key={l.label}>
                <span className="swatch" style={{ background: l.color }} />
                {l.label}
              </li>
            ))}
            <li>
              <span className="swatch" style={{ background: '#d5d8dc' }} />
              Brain (root)
            </li>
          </ul>
          {d.sites && d.sites.excluded.length > 0 && (
            <details>
              <summary>{d.sites.excluded.length} not drawn</summary>
              <ul className="small">
                {d.sites.excluded.map((e) => (
                  <li key={e.experimentId}>
                    {e.experimentId} — {e.structureAcronym}: {e.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <p className="small" data-testid="brain-3d-readout" aria-live="polite">
            {hovered ? (
              <>
                <a href={experimentPageUrl(hovered.experimentId)} target="_blank" rel="noreferrer noopener">
                  Experiment {hovered.experimentId}
                </a>{' '}
                — {hovered.structureAcronym} ({hovered.structureName}), {hovered.volumeMm3.toPrecision(3)} mm³, AP {Math.round(hovered.coordUm[0])} · DV{' '}
                {Math.round(hovered.coordUm[1])} · ML {Math.round(hovered.coordUm[2])} µm (CCF)
              </>
            ) : (
              <span className="muted">Point at an injection sphere for its experiment.</span>
            )}
          </p>
          <p className="muted small">Sphere radius: the sphere of the injection volume (∛ of the volume), at scale. Coordinates: CCF µm.</p>
        </div>
      </div>
      <ExportButtons
        caption={`3D — ${title}`}
        items={[
          {
            label: 'PNG',
            filename: `brain-3d-${(target ?? 'brain').replace(/[^A-Za-z0-9_-]+/g, '_')}.png`,
            disabled: state !== 'ready',
            make: ({ scale }) => {
              const capture = captureRef.current;
              if (!capture) throw new Error('the 3D canvas is not ready');
              return brainPng(capture, scale, title, [...legend, { label: 'Brain (root)', color: '#d5d8dc' }]);
            },
          },
        ]}
      />
    </section>
  );
}
