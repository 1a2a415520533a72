// The projectome frame: owns the WebGL renderer, fetches the frame for the current AP from the
// worker (coalescing: while one frame is in flight only the newest AP is remembered), draws it,
// and reports data-render-state="ready" once the frame for the current inputs is on screen.
import { useEffect, useRef, useState } from 'react';
import { createProjectomeRenderer, type ProjectomeRenderer } from '../../render/projectome-renderer.ts';
import { markerAreaToDiameterCssPx, type ProjectomeDrawInput } from '../../render/projectome-types.ts';
import type { Rgb } from '../../render/colormaps.ts';
import type { SectionViewport } from '../../render/section-viewport.ts';
import { getComputeWorker } from '../../data/services.ts';
import { createFrameSource, type FrameData } from './frame-source.ts';
import { DRAWING_RESOLUTION } from '../../data/queries.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';

export interface DrawnFrame {
  readonly data: FrameData;
  readonly viewport: SectionViewport;
  readonly input: ProjectomeDrawInput;
  readonly canvas: HTMLCanvasElement;
  readonly cssWidth: number;
  readonly cssHeight: number;
}

export interface ProjectomeCanvasProps {
  readonly result: ProjectomeResult;
  /** A preview while volumes arrive: drawn, but data-render-state says "partial", not "ready". */
  readonly partial?: boolean;
  readonly apIndex: number;
  readonly colors: readonly Rgb[];
  readonly visible: readonly boolean[];
  readonly targetColor: Rgb;
  /** Called after each draw with what is on screen (legend, hover readout, exports). */
  readonly onDrawn: (drawn: DrawnFrame) => void;
  readonly onError: (message: string) => void;
}

function dotsOf(result: ProjectomeResult, data: FrameData, colors: readonly Rgb[], visible: readonly boolean[]) {
  const idx = data.frame.visibleInjections;
  const shown: number[] = [];
  for (const i of idx) {
    const d = result.injections[i];
    if (d && visible[d.source] !== false) shown.push(i);
  }
  const positionsUm = new Float32Array(shown.length * 2);
  const sizesPx = new Float32Array(shown.length);
  const dotColors = new Float32Array(shown.length * 3);
  shown.forEach((i, k) => {
    const d = result.injections[i];
    if (!d) return;
    positionsUm[2 * k] = d.coordUm[1];
    positionsUm[2 * k + 1] = d.coordUm[2];
    sizesPx[k] = markerAreaToDiameterCssPx(result.summary.markerSizes[i] ?? 20);
    const c = colors[d.source] ?? [0, 0, 0];
    dotColors.set(c, 3 * k);
  });
  return { positionsUm, sizesPx, colors: dotColors };
}

export function ProjectomeCanvas({ result, partial = false, apIndex, colors, visible, targetColor, onDrawn, onError }: ProjectomeCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rendererRef = useRef<ProjectomeRenderer | null>(null);
  const [drawnKey, setDrawnKey] = useState<string | null>(null);
  const latest = useRef({ result, apIndex, colors, visible, targetColor, onDrawn, onError });
  latest.current = { result, apIndex, colors, visible, targetColor, onDrawn, onError };
  const wantedKey = `${result.key}@${apIndex}|${visible.join()}`;

  // Renderer lifetime and size.
  useEffect(() => {
    const canvas = canvasRef.current;
    const wrap = wrapRef.current;
    if (!canvas || !wrap) return;
    try {
      rendererRef.current = createProjectomeRenderer(canvas);
    } catch (e) {
      latest.current.onError(`WebGL is not available: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const ro = new ResizeObserver(() => {
      const r = wrap.getBoundingClientRect();
      rendererRef.current?.resize(r.width, r.height, window.devicePixelRatio || 1);
    });
    ro.observe(wrap);
    return () => {
      ro.disconnect();
      rendererRef.current?.destroy();
      rendererRef.current = null;
    };
  }, []);

  // Frame loop: one request in flight; the newest wanted AP wins.
  const sourceRef = useRef<ReturnType<typeof createFrameSource> | null>(null);
  const busy = useRef(false);
  const shown = useRef<{ resultKey: string; data: FrameData } | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    sourceRef.current = createFrameSource(getComputeWorker(), result.key, result.annotationKey, DRAWING_RESOLUTION, result.targetIds);
    shown.current = null;
  }, [result]);

  useEffect(() => {
    // Frame latency for `npm run bench:browser`: input change → frame on screen.
    performance.mark('bsv:frame-request');
    async function pump(): Promise<void> {
      if (busy.current) return;
      busy.current = true;
      try {
        for (;;) {
          const want = latest.current;
          const key = `${want.result.key}@${want.apIndex}|${want.visible.join()}`;
          const source = sourceRef.current;
          if (!source || !rendererRef.current) return;
          const prev = shown.current;
          const data = prev && prev.resultKey === want.result.key && prev.data.apIndex === want.apIndex ? prev.data : await source.frame(want.apIndex);
          // the renderer is read after the wait: React StrictMode (dev) destroys the first one
          // and creates another on the same canvas while a frame is in flight
          const renderer = rendererRef.current;
          if (!mounted.current || !renderer) return;
          performance.measure('bsv:frame-data', 'bsv:frame-request');
          const { frame, section } = data;
          const n = frame.rows * frame.cols;
          const input: ProjectomeDrawInput = {
            background: {
              annotation: section.labels,
              labels: section.boundaries,
              inside: section.inside,
              rows: section.rows,
              cols: section.cols,
              resolutionUm: section.resolutionUm,
            },
            target: { mask: section.targetMask, rows: section.rows, cols: section.cols, resolutionUm: section.resolutionUm, color: want.targetColor },
            sources: want.result.sources.map((_, s) => ({
              alpha: new Float32Array(frame.alpha, s * n * 4, n),
              color: want.colors[s] ?? [0, 0, 0],
              visible: want.visible[s] !== false,
            })),
            sourceShape: { rows: frame.rows, cols: frame.cols, resolutionUm: 100 },
            order: frame.order,
            injections: dotsOf(want.result, data, want.colors, want.visible),
          };
          const drawStart = performance.now();
          renderer.draw(input);
          performance.measure('bsv:draw', { start: drawStart, end: performance.now() });
          source.prefetch([want.apIndex - 1, want.apIndex + 1]);
          if (prev && prev.data !== data && prev.resultKey === want.result.key) source.release(prev.data.frame);
          shown.current = { resultKey: want.result.key, data };
          const canvas = canvasRef.current;
          const box = wrapRef.current?.getBoundingClientRect();
          if (canvas) want.onDrawn({ data, viewport: renderer.viewport(), input, canvas, cssWidth: box?.width ?? 0, cssHeight: box?.height ?? 0 });
          const nowWanted = `${latest.current.result.key}@${latest.current.apIndex}|${latest.current.visible.join()}`;
          if (nowWanted === key) {
            performance.measure('bsv:frame', 'bsv:frame-request');
            setDrawnKey(key);
            return;
          }
        }
      } catch (e) {
        if (mounted.current) latest.current.onError(e instanceof Error ? e.message : String(e));
      } finally {
        busy.current = false;
      }
    }
    void pump();
  }, [wantedKey]);

  return (
    <div
      ref={wrapRef}
      className="projectome-canvas"
      data-testid="projectome-canvas"
      data-render-state={drawnKey === wantedKey ? (partial ? 'partial' : 'ready') : 'loading'}
    >
      <canvas ref={canvasRef} aria-label={`Coronal section at AP ${apIndex * 100} µm (CCF) with source projections`} role="img" />
    </div>
  );
}
