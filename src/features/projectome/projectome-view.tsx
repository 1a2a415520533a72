// The upstream projectome: which regions project into the target, and where inside it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Ontology } from '../../allen/index.ts';
import type { Experiment } from '../../allen/types.ts';
import { CacheNotice } from '../../components/cache-notice.tsx';
import { ViewDownloadProgress } from '../../components/download-progress.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { hexToRgb } from '../../render/colormaps.ts';
import { sourceColor } from '../../render/source-palette.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { projectomeActions } from '../../state/projectome-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import { axisName, sliceRangeOf, useProjectomeParams } from './ap-position.ts';
import { planeToCcf } from '../../compute/section-plane.ts';
import { PlaneChoice, PLANE_ORIENTATION } from './plane-choice.tsx';
import { ApSlider, ApText } from './ap-slider.tsx';
import { ProjectomeCanvas } from './projectome-canvas.tsx';
import type { ProjectomeStage } from './projectome-stage.ts';
import { hoverInfo, type ShownFrame, type StageData } from './shown-frame.ts';
import { HoverReadout, setProjectomeHover } from './hover-readout.tsx';
import { ExportBar } from './export-bar.tsx';
import { densityLabelOf, ProjectomeLegend } from './projectome-legend.tsx';
import { projectomeRequestOf } from './projectome-request.ts';
import { shownBy, useProjectome } from './use-projectome.ts';
import { useFirstApSnapshot, useMovedOff, useSaveFrame, useWholeSnapshot } from './use-frame-snapshot.ts';
import { cachedPrefix } from './frame-snapshot.ts';
import { VoxelPicker, type VoxelHit } from '../../components/voxel-picker.tsx';
import { searchAtVoxel } from '../../state/search-actions.ts';
import { dismissPagePicture } from '../../data/page-picture.ts';
import { markFirstFrameSettled } from '../../state/first-frame.ts';
import { capturePagePictureLater } from '../../data/page-picture-capture.ts';

export interface ProjectomeViewProps {
  readonly ontology: Ontology | undefined;
  readonly experiments: readonly Experiment[] | undefined;
}

const PHASE_TEXT = {
  atlas: 'Loading the atlas (100 µm for the numbers, 50 µm for the boundaries)…',
  atlas25: 'Loading the atlas (100 µm for the numbers, 25 µm for the boundaries)…',
  volumes: 'Loading projection volumes…',
  averaging: 'Averaging per source…',
  preparing: 'Preparing the projectome…',
} as const;

const PLANE_NAME = { coronal: 'Coronal', sagittal: 'Sagittal', horizontal: 'Horizontal' } as const;

export function ProjectomeView({ ontology, experiments }: ProjectomeViewProps) {
  // not the AP position: this view does not render per AP step (the stage, slider and labels follow the store)
  const p = useProjectomeParams();
  const target = useViewStore((s) => s.target);
  const drawingAtlasUm = useViewStore((s) => s.drawingAtlasUm);
  const palette = useViewStore((s) => s.sourcePalette);
  const line = useQueryStore((s) => s.draft.line);
  const primaryOnly = useQueryStore((s) => s.draft.primaryOnly);
  const products = useQueryStore((s) => s.draft.products);
  const [attempt, setAttempt] = useState(0);
  const [drawError, setDrawError] = useState<string | null>(null);
  const { sources, normalization, subtractOtherHemisphere, sliceThickness, densityPercentile, plane } = p;
  const request = useMemo(
    () =>
      projectomeRequestOf(
        { target, drawingAtlasUm, line, primaryOnly, products },
        { sources, normalization, subtractOtherHemisphere, sliceThickness, densityPercentile, plane },
      ),
    [target, drawingAtlasUm, line, primaryOnly, products, sources, normalization, subtractOtherHemisphere, sliceThickness, densityPercentile, plane],
  );
  // A repeat visit draws the link's stored first frame at once, while the pipeline checks it;
  const requestKey = request ? JSON.stringify(request) : null;
  const { snapshot: first, settled, wholeStored } = useFirstApSnapshot(requestKey);
  // the pipeline waits for that read (one IndexedDB record): its atlas and mean reads would delay it
  const load = useProjectome(request, ontology, experiments, attempt, settled);
  // the whole stored snapshot only when the first AP's is not enough before the checked frame;
  // a first-AP record is drawn only at the AP it holds (a link opened at another AP waits for the whole one)
  const movedOff = useMovedOff(first);
  const whole = useWholeSnapshot(requestKey, settled && wholeStored && load.state !== 'ready' && (first === null || movedOff || load.state === 'error'));
  const snapshot = whole ?? (first && !movedOff ? first : null);
  const save = useSaveFrame(requestKey, first);
  // a view that failed is not the page a repeat visit's stored picture shows (data/page-picture.ts),
  // and its first frame has settled: the upstream-source list waits for that (state/first-frame.ts)
  useEffect(() => {
    if (load.state !== 'error') return;
    dismissPagePicture();
    markFirstFrameSettled();
  }, [load.state]);
  // No atlas is prefetched: the first frame needs the target's mask and drawn sections, stored
  // with the atlas after a first load (backend/mask-cache.ts, section-cache.ts); the pipeline
  // loads the 100 µm atlas only for a target never masked before, the 50 µm one only for sections
  // never cut before, a 25 µm one with progress (switching back to 50 µm cancels it).
  const cached = useMemo(
    () =>
      snapshot
        ? {
            // never the computed result's key: the stage loads that one from the worker when it
            // arrives; the first-AP record and the whole snapshot are different data
            result: {
              ...snapshot.result,
              key: `${cachedPrefix(snapshot)}${snapshot.result.key}`,
              stackKey: `${cachedPrefix(snapshot)}${snapshot.result.stackKey}`,
            },
            data: { stack: snapshot.stack, sections: snapshot.sections },
          }
        : null,
    [snapshot],
  );
  const stage = useRef<ProjectomeStage | null>(null);
  const [umPerPx, setUmPerPx] = useState(Number.NaN);

  // While volumes arrive, previews of the means so far are drawn (marked partial).
  // While a new request loads, the last projectome stays on screen (the canvas says "loading").
  // Shown from the cache until this request's own result (or a preview of it) exists; also after
  // an error (offline: the figure stays, marked as not checked).
  const showCached = cached !== null && load.state !== 'ready' && !(load.state === 'loading' && load.preview);
  const result = showCached ? cached.result : (shownBy(load) ?? null);
  const stale = load.state === 'loading' && !load.preview && !showCached && result !== null;
  // figure, legend, dots and exports; the source table beside it colours the same set (source-picker.tsx)
  const colors = useMemo(() => (result?.sources ?? []).map((s, i) => sourceColor(palette, i, s.structureId, ontology)), [result, palette, ontology]);
  const visible = useMemo(() => (result?.sources ?? []).map((s) => !p.hidden.includes(s.acronym)), [result, p.hidden]);
  const summary = result?.summary;
  const validRange = useMemo(() => (summary ? sliceRangeOf(summary) : null), [summary]);
  // while another plane's projectome loads, the one on screen has no position in the new plane
  const otherPlane = result !== null && result.plane !== p.plane;
  // the plane of the canvas: the shown projectome's, else the one asked for (the canvas is made early)
  const shownPlane = result?.plane ?? p.plane;
  // where the pointer is over the frame (CSS px), so the readout follows a new frame drawn under it
  const pointer = useRef<{ x: number; y: number } | null>(null);
  // a state update when the scale changes (a resize), never per AP step; the hover readout (its own
  // store) follows every frame drawn under a resting pointer: a new AP, plane, source set or processing
  const shownUmPerPx = useRef(Number.NaN);
  const onShown = useCallback((d: ShownFrame) => {
    // compared here: React may render once to bail out of an unchanged state it was handed
    if (!Object.is(shownUmPerPx.current, d.viewport.umPerCssPx)) {
      shownUmPerPx.current = d.viewport.umPerCssPx;
      setUmPerPx(d.viewport.umPerCssPx);
    }
    const at = pointer.current && d.viewport.cssPxToCcf(pointer.current.x, pointer.current.y);
    if (pointer.current) setProjectomeHover(at ? hoverInfo(d, at.dvUm, at.mlUm) : null);
  }, []);
  /** Shows an AP position and resolves once its frame is drawn (for the sweep recording). */
  const showAp = useCallback((i: number) => {
    const s = stage.current;
    if (!s) return Promise.reject(new Error('the projectome canvas is not mounted'));
    const shown = s.whenShown(i);
    projectomeActions.setPosition(i * 100);
    return shown;
  }, []);
  // Spatial search from the section: the voxel under a CSS pixel of the frame on screen.
  const pickAt = useCallback(
    (x: number, y: number): VoxelHit | null => {
      const d = stage.current?.current();
      if (!d) return null;
      // (x, y) are the picker's px; the viewport is the canvas's (inside the wrapper's border)
      const picker = d.canvas.closest('.voxel-picker')?.getBoundingClientRect();
      const canvasBox = d.canvas.getBoundingClientRect();
      const at = d.viewport.cssPxToCcf(x - (canvasBox.left - (picker?.left ?? canvasBox.left)), y - (canvasBox.top - (picker?.top ?? canvasBox.top)));
      if (!at) return null;
      const id = hoverInfo(d, at.dvUm, at.mlUm).structureId;
      const where = id === 0 ? 'outside the brain' : (ontology?.byId(id)?.acronym ?? `#${id}`);
      // the canvas's section µm are the plane's rows and columns
      const plane = d.data.result.plane;
      const [ap, dv, ml] = planeToCcf(plane, d.apIndex * 100, Math.floor(at.dvUm / 100) * 100, Math.floor(at.mlUm / 100) * 100);
      return {
        pointUm: planeToCcf(plane, d.apIndex * 100, at.dvUm, at.mlUm),
        label: `AP ${ap}, DV ${dv}, ML ${ml} µm (CCF) — ${where}`,
      };
    },
    [ontology],
  );
  const targetHex = target && ontology?.byAcronym(target) ? ontology.color(ontology.byAcronym(target)?.id ?? 0) : (snapshot?.targetHex ?? '#888888');
  const onLoaded = useCallback(
    (d: StageData, apIndex: number) => {
      save(d, targetHex, apIndex);
      // and the page as it looks, for the next visit of this URL in this window (data/page-picture.ts)
      capturePagePictureLater(() => stage.current?.renderState === 'ready');
    },
    [save, targetHex],
  );
  const targetColor = useMemo(() => hexToRgb(targetHex), [targetHex]);

  if (!request) {
    return (
      <section className="panel" data-testid="projectome-view" data-render-state="ready">
        <h2>Projectome</h2>
        <p className="empty-state">
          {target
            ? 'Tick one or more upstream sources (or type one) to draw their projections into the target.'
            : 'Choose a target region to see which regions project into it.'}
        </p>
      </section>
    );
  }

  return (
    <section
      className="panel"
      data-testid="projectome-view"
      data-render-state={load.state === 'ready' ? 'ready' : load.state === 'error' ? 'error' : 'loading'}
      data-aggregate-from={result?.aggregateFrom}
    >
      <h2>
        Projections into {target}
        {/* an AP position only once there is a projectome (while loading or after an error there is none) */}
        {validRange && !otherPlane && (
          <span className="muted">
            {' '}
            — <ApText range={validRange} /> (CCF)
          </span>
        )}
      </h2>
      <PlaneChoice />
      {load.state === 'loading' && (
        <p className="muted" role="status">
          {PHASE_TEXT[load.phase === 'atlas' && drawingAtlasUm === 25 ? 'atlas25' : load.phase]}
        </p>
      )}
      {showCached && (
        <p className="partial-note" role="status" data-testid="cached-note">
          {load.state === 'error'
            ? 'Drawn from this browser’s cache of this link (an earlier visit); it could not be checked against the current data.'
            : 'Drawn from this browser’s cache of this link (an earlier visit); checking it against the current data…'}
        </p>
      )}
      {result?.partial && (
        <p className="partial-note" role="status" data-testid="partial-note">
          Preview: the means of {result.partial.received} of {result.partial.total} experiments so far; the figure updates as volumes arrive.
        </p>
      )}
      {load.state === 'idle' && (
        <p className="muted" role="status" data-testid="projectome-waiting">
          {!ontology
            ? 'Loading the structure ontology…'
            : 'Loading the list of all experiments… (if it fails, the side panel says why and sources cannot be averaged)'}
        </p>
      )}
      <ViewDownloadProgress loading={load.state === 'loading'} onRetry={() => setAttempt((a) => a + 1)} />
      <CacheNotice />
      {load.state === 'error' && (
        <ErrorMessage title="The projectome could not be built." onRetry={() => setAttempt((a) => a + 1)}>
          {load.message}
        </ErrorMessage>
      )}
      {drawError && <ErrorMessage title="The frame could not be drawn.">{drawError}</ErrorMessage>}
      {result?.drawingNotice && (
        <p className="partial-note" role="alert" data-testid="atlas-fallback">
          {result.drawingNotice}
        </p>
      )}
      {result && result.unknownSources.length > 0 && (
        <ErrorMessage title="Some sources are not in the ontology and were left out.">{result.unknownSources.join(', ')}</ErrorMessage>
      )}
      {/* the canvas (and its WebGL context) is made while the first data is read, not after */}
      {(result || (request !== null && load.state !== 'error')) && (
        <>
          <div className="projectome-stage">
            <div
              className="projectome-frame"
              onMouseMove={(e) => {
                const d = stage.current?.current();
                if (!d) return;
                // the viewport is in the canvas's CSS px (inside the wrapper's border)
                const box = d.canvas.getBoundingClientRect();
                pointer.current = { x: e.clientX - box.left, y: e.clientY - box.top };
                const at = d.viewport.cssPxToCcf(pointer.current.x, pointer.current.y);
                setProjectomeHover(at ? hoverInfo(d, at.dvUm, at.mlUm) : null);
              }}
              onMouseLeave={() => {
                pointer.current = null;
                setProjectomeHover(null);
              }}
            >
              <VoxelPicker
                hitTest={pickAt}
                stepPx={100 / umPerPx}
                onPick={searchAtVoxel}
                name={`${PLANE_NAME[shownPlane]} section (${axisName(shownPlane)} position: see the slider)`}
              >
                <ProjectomeCanvas
                  result={result}
                  plane={shownPlane}
                  stale={stale}
                  colors={colors}
                  visible={visible}
                  targetColor={targetColor}
                  stageRef={stage}
                  onShown={onShown}
                  onError={setDrawError}
                  snapshot={showCached ? cached.data : undefined}
                  onLoaded={onLoaded}
                />
              </VoxelPicker>
            </div>
            {result && (
              <ProjectomeLegend
                sources={result.sources}
                colors={colors}
                visible={visible}
                onToggle={projectomeActions.toggleHidden}
                ceiling={result.summary.ceiling}
                umPerCssPx={umPerPx}
                targetAcronym={target ?? ''}
                densityLabel={densityLabelOf(p.normalization)}
                percentile={p.densityPercentile}
              />
            )}
          </div>
          {result && (
            <>
              {!result.partial && !stale && !showCached && (
                <ExportBar
                  stage={stage}
                  result={result}
                  request={request}
                  target={target ?? ''}
                  apRange={validRange}
                  colors={colors}
                  visible={visible}
                  showAp={showAp}
                />
              )}
              {result.plane !== 'coronal' && (
                <p className="muted" data-testid="plane-orientation">
                  {PLANE_ORIENTATION[result.plane]}
                </p>
              )}
              {otherPlane ? (
                <p className="muted">The slider returns once the {p.plane} sections are drawn.</p>
              ) : validRange ? (
                <ApSlider range={validRange} />
              ) : (
                <p className="muted">The target has no voxels on the density grid.</p>
              )}
              <HoverReadout plane={result.plane} sources={result.sources} ontology={ontology} />
            </>
          )}
        </>
      )}
    </section>
  );
}
