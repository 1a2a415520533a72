// The projectome frame's canvas: one ProjectomeStage per mount (created in the effect, destroyed
// in its cleanup, so React StrictMode's mount → unmount → mount gets a fresh renderer and the
// first stage's pending work stops). Inputs reach the stage in an effect; the AP position does
// not pass through React at all (the stage follows the params store). data-render-state and
// data-drawn-ap on the wrapper are the stage's (see projectome-stage.ts). Over the canvas, an SVG
// overlay draws the orientation mark where the PNG and SVG exports put it (overlay-layout.ts).
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Rgb } from '../../render/colormaps.ts';
import { getComputeWorker } from '../../data/services.ts';
import type { SectionPlane } from '../../compute/section-plane.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';
import { ProjectomeStage, type StageInputs } from './projectome-stage.ts';
import { axisName } from './ap-position.ts';
import type { ShownFrame, StageData } from './shown-frame.ts';
import { sectionOrientation } from '../../render/orientation-mark.ts';
import { OrientationMarkView } from '../../render/orientation-mark-view.tsx';
import { overlayLayout } from '../../render/overlay-layout.ts';
import type { SectionViewport } from '../../render/section-viewport.ts';

export interface ProjectomeCanvasProps {
  /** null while the first data is read: the stage (and its WebGL context) is made, nothing is drawn. */
  readonly result: ProjectomeResult | null;
  /** The plane of the section drawn, or about to be drawn. */
  readonly plane: SectionPlane;
  /** An older projectome kept on screen while a new one loads: drawn, never "ready". */
  readonly stale?: boolean;
  readonly colors: readonly Rgb[];
  readonly visible: readonly boolean[];
  readonly targetColor: Rgb;
  /** The live stage (hover readout, exports, sweep recording); null while unmounted. */
  readonly stageRef: RefObject<ProjectomeStage | null>;
  /** After each draw or resize (not React state: the caller decides what to keep). */
  readonly onShown: (shown: ShownFrame) => void;
  readonly onError: (message: string | null) => void;
  /** The result's data as stored for its link: drawn at once, marked "cached" (StageInputs.snapshot). */
  readonly snapshot?: StageInputs['snapshot'];
  /** A final result's data arrived from the worker and is drawn (e.g. to store it for the link). */
  readonly onLoaded?: (data: StageData, apIndex: number) => void;
}

const CANVAS_PLANE = { coronal: 'Coronal', sagittal: 'Sagittal', horizontal: 'Horizontal' } as const;
export function ProjectomeCanvas({
  result,
  plane,
  stale = false,
  colors,
  visible,
  targetColor,
  stageRef,
  onShown,
  onError,
  snapshot,
  onLoaded,
}: ProjectomeCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const callbacks = useRef({ onShown, onError, onLoaded });
  // the drawn section's place in the canvas (changes on resize only)
  const [viewport, setViewport] = useState<SectionViewport | null>(null);
  useEffect(() => {
    callbacks.current = { onShown, onError, onLoaded };
  });

  useEffect(() => {
    const wrap = wrapRef.current;
    const canvas = canvasRef.current;
    if (!wrap || !canvas) return;
    let shownViewport: SectionViewport | null = null;
    const stage = new ProjectomeStage(wrap, canvas, getComputeWorker(), {
      onError: (m) => callbacks.current.onError(m),
      onLoaded: (d, ap) => callbacks.current.onLoaded?.(d, ap),
      onShown: (s) => {
        // compared here, not in an updater: React may render once to bail out of an unchanged
        // state it was handed, and a frame drawn per AP step must render none
        if (!shownViewport || !sameRect(shownViewport, s.viewport)) {
          shownViewport = s.viewport;
          setViewport(s.viewport);
        }
        callbacks.current.onShown(s);
      },
    });
    stageRef.current = stage;
    return () => {
      stage.destroy();
      if (stageRef.current === stage) stageRef.current = null;
    };
  }, [stageRef]);

  // Declared after the stage's effect, so a (re)mounted stage gets the inputs in the same commit.
  useEffect(() => {
    if (result) stageRef.current?.setInputs({ result, stale, colors, visible, targetColor, snapshot });
  }, [stageRef, result, stale, colors, visible, targetColor, snapshot]);

  return (
    <div ref={wrapRef} className="projectome-canvas" data-testid="projectome-canvas" data-render-state="loading" data-plane={plane}>
      <canvas ref={canvasRef} aria-label={`${CANVAS_PLANE[plane]} section with source projections (${axisName(plane)} position: see the slider)`} role="img" />
      {viewport && result && <OrientationOverlay viewport={viewport} plane={result.plane} />}
    </div>
  );
}

function sameRect(a: SectionViewport, b: SectionViewport): boolean {
  const p = a.rect,
    q = b.rect;
  return p.x === q.x && p.y === q.y && p.width === q.width && p.height === q.height && a.box.width === b.box.width && a.box.height === b.box.height;
}

function OrientationOverlay({ viewport, plane }: { readonly viewport: SectionViewport; readonly plane: ProjectomeResult['plane'] }) {
  const words = sectionOrientation(plane);
  const mark = overlayLayout({ orientation: words, scaleBar: false }, viewport, viewport.box.width).orientation;
  if (!mark) return null;
  return (
    <svg className="projectome-overlay" role="img" aria-label={`Orientation: ${words.up} up, ${words.right} to the right`}>
      <OrientationMarkView mark={mark} />
    </svg>
  );
}
