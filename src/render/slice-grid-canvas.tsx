// On-screen slice grid (slice grid and threshold views): one WebGL canvas draws every panel
// (HeatmapRenderer: one context, a scissor box per panel) and an SVG overlay of React text draws
// the furniture from the same GridLayout as the SVG export. `onDrawn(figure)` fires after the
// canvas shows `figure`; `onError` when WebGL is unavailable or a draw throws.
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { colormapLut, rgbToHex } from './colormaps';
import { createHeatmapRenderer, type HeatmapRenderer } from './heatmap-renderer';
import { formatTicks, niceTicks } from './scale-bar';
import { gridHitTest, gridPanels, type GridFigure, type GridHit } from './slice-grid-figure';
import { orientationMark } from './orientation-mark';
import { OrientationMarkView } from './orientation-mark-view';
import { wrapWords } from './slice-grid-layout';

/** Width of an element in CSS px, kept up to date with a ResizeObserver. */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

export interface SliceGridCanvasProps {
  readonly figure: GridFigure;
  readonly ariaLabel: string;
  readonly onDrawn: (figure: GridFigure) => void;
  readonly onError: (message: string) => void;
  /** The bin under the pointer (null when it leaves the panels). */
  readonly onHover?: (hit: GridHit | null) => void;
}

/**
 * Where the pointer was last over a slice grid (viewport px), until it leaves it: kept across a
 * canvas made again while the pointer stays still (no mouseleave fires for a removed element).
 */
let pointer: { clientX: number; clientY: number } | null = null;

export function SliceGridCanvas({ figure, ariaLabel, onDrawn, onError, onHover }: SliceGridCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const renderer = useRef<HeatmapRenderer | null>(null);
  const { width, height } = figure.layout;

  /** Draws the current figure (kept for a redraw once a lost context is back). */
  const drawCurrent = useRef<() => void>(() => undefined);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const make = (): void => {
      renderer.current?.destroy();
      renderer.current = null;
      renderer.current = createHeatmapRenderer(canvas);
    };
    try {
      make();
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
    // A lost context is asked back; once it is, the figure is drawn again on a new renderer (regl
    // rebuilds its own objects, not the frame, which would otherwise stay blank).
    const onLost = (e: Event): void => e.preventDefault();
    const onRestored = (): void => {
      try {
        make();
        drawCurrent.current();
      } catch (e) {
        onError(e instanceof Error ? e.message : String(e));
      }
    };
    canvas.addEventListener('webglcontextlost', onLost);
    canvas.addEventListener('webglcontextrestored', onRestored);
    return () => {
      canvas.removeEventListener('webglcontextlost', onLost);
      canvas.removeEventListener('webglcontextrestored', onRestored);
      renderer.current?.destroy();
      renderer.current = null;
    };
    // The renderer lives as long as the canvas.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const draw = (): void => {
      const r = renderer.current;
      if (!r) return;
      try {
        r.resize(width, height, window.devicePixelRatio || 1);
        r.draw({ panels: gridPanels(figure) });
        onDrawn(figure);
      } catch (e) {
        onError(e instanceof Error ? e.message : String(e));
      }
    };
    drawCurrent.current = draw;
    draw();
  }, [figure, width, height, onDrawn, onError]);

  // A new figure under a still pointer (plane, grouping, colormap …; the canvas may have been made
  // again after a load) refreshes the hover readout, which would otherwise describe the old one.
  const stageRef = useRef<HTMLDivElement | null>(null);
  const hoverRef = useRef(onHover);
  useEffect(() => {
    hoverRef.current = onHover;
  });
  useEffect(() => {
    const box = stageRef.current?.getBoundingClientRect();
    const at = pointer && box ? { x: pointer.clientX - box.left, y: pointer.clientY - box.top } : null;
    const inside = at && box && at.x >= 0 && at.y >= 0 && at.x < box.width && at.y < box.height;
    hoverRef.current?.(inside ? gridHitTest(figure, at.x, at.y) : null);
  }, [figure]);

  return (
    <div
      ref={stageRef}
      className="slice-grid-stage"
      style={{ position: 'relative', width, height }}
      onMouseMove={
        onHover &&
        ((e) => {
          const box = e.currentTarget.getBoundingClientRect();
          pointer = { clientX: e.clientX, clientY: e.clientY };
          onHover(gridHitTest(figure, e.clientX - box.left, e.clientY - box.top));
        })
      }
      onMouseLeave={
        onHover &&
        (() => {
          pointer = null;
          onHover(null);
        })
      }
    >
      <canvas ref={canvasRef} style={{ position: 'absolute', left: 0, top: 0, width, height }} aria-hidden="true" />
      <svg
        className="slice-grid-overlay"
        width={width}
        height={height}
        role="img"
        aria-label={ariaLabel}
        style={{ position: 'absolute', left: 0, top: 0, pointerEvents: 'none' }}
      >
        <Furniture figure={figure} />
      </svg>
    </div>
  );
}

function Furniture({ figure }: { readonly figure: GridFigure }) {
  const L = figure.layout;
  const f = L.fontPx;
  const s = L.scaleBar;
  return (
    <g fontFamily="Helvetica, Arial, sans-serif" fontSize={f}>
      <text x={8} y={L.titleY} fontWeight="bold">
        {figure.title}
      </text>
      {L.columnLabels.map((a, c) => (
        <g key={`c${c}`} textAnchor="middle" data-testid="slice-column-label">
          <text x={a.x} y={a.y}>
            {figure.columnLabels[c]?.[0]}
          </text>
          <text x={a.x} y={a.y + 1.2 * f} fill="#555">
            {figure.columnLabels[c]?.[1]}
          </text>
        </g>
      ))}
      {L.rowLabels.map((a, r) => (
        <g key={`r${r}`} textAnchor="end" data-testid="slice-row-label">
          <text x={a.x} y={a.y} fontWeight="bold">
            {figure.rowLabels[r]?.[0]}
          </text>
          <text x={a.x} y={a.y + 1.2 * f} fill="#555">
            {figure.rowLabels[r]?.[1]}
          </text>
        </g>
      ))}
      {L.captions.map((row, r) =>
        row.map((a, c) => (
          <text key={`k${r}-${c}`} x={a.x} y={a.y} textAnchor="middle" fontSize={f * 0.9} data-testid="cell-caption">
            {figure.captions?.[r]?.[c] ?? ''}
          </text>
        )),
      )}
      {L.cells.map((row, r) =>
        row.map((cell, c) =>
          figure.cells[r]?.[c] ? null : (
            <text key={`e${r}-${c}`} x={cell.x + cell.width / 2} y={cell.y + cell.height / 2} textAnchor="middle" fill="#888">
              no voxels
            </text>
          ),
        ),
      )}
      {s && (
        <g data-testid="scale-bar">
          <line x1={s.x} y1={s.y} x2={s.x + s.lengthPx} y2={s.y} stroke="#000" strokeWidth={2} />
          <text x={s.x + s.lengthPx / 2} y={s.y + 1.3 * f} textAnchor="middle">
            {s.label}
          </text>
        </g>
      )}
      {figure.orientation && <Orientation figure={figure} />}
      {figure.colorBar && <ColorBar figure={figure} />}
    </g>
  );
}

function Orientation({ figure }: { readonly figure: GridFigure }) {
  if (!figure.orientation) return null;
  return <OrientationMarkView mark={orientationMark(figure.layout, figure.orientation)} />;
}

function ColorBar({ figure }: { readonly figure: GridFigure }) {
  const spec = figure.colorBar;
  if (!spec) return null;
  const { x, y, height: h } = figure.layout.colorBar;
  const f = figure.layout.fontPx;
  const lut = colormapLut(spec.colormap);
  const stops = Array.from({ length: 17 }, (_, k) => {
    const i = Math.min(255, k * 16);
    return rgbToHex([(lut[3 * i] ?? 0) / 255, (lut[3 * i + 1] ?? 0) / 255, (lut[3 * i + 2] ?? 0) / 255]);
  });
  const [lo, hi] = spec.limits;
  const id = `cbar-${spec.colormap}`;
  const ticks = hi > lo ? niceTicks(lo, hi, 5) : [];
  const labels = formatTicks(ticks);
  return (
    <g data-testid="color-bar">
      <defs>
        <linearGradient id={id} x1="0" y1="1" x2="0" y2="0">
          {stops.map((c, k) => (
            <stop key={k} offset={`${(k / 16) * 100}%`} stopColor={c} />
          ))}
        </linearGradient>
      </defs>
      <rect x={x} y={y} width={f} height={h} fill={`url(#${id})`} stroke="#333" strokeWidth={0.5} />
      {ticks.map((t, k) => {
        const ty = y + h - ((t - lo) / (hi - lo)) * h;
        return (
          <g key={t}>
            <line x1={x + f} y1={ty} x2={x + f + 4} y2={ty} stroke="#333" strokeWidth={0.75} />
            <text x={x + f + 6} y={ty + f * 0.35}>
              {labels[k]}
            </text>
          </g>
        );
      })}
      <ColorBarLabel x={x} y={y - f} text={spec.label ?? ''} f={f} />
    </g>
  );
}

/** The label wraps into lines of ~22 characters above the bar. */
function ColorBarLabel({ x, y, text, f }: { readonly x: number; readonly y: number; readonly text: string; readonly f: number }) {
  const lines = wrapWords(text, 22);
  return (
    <text x={x} y={y - (lines.length - 1) * 1.2 * f} data-testid="color-bar-label">
      {lines.map((l, i) => (
        <tspan key={i} x={x} dy={i === 0 ? 0 : 1.2 * f}>
          {l}
        </tspan>
      ))}
    </text>
  );
}
