// PNG export (DOM): the WebGL canvas (created with preserveDrawingBuffer, so its last frame is
// readable) composited on a 2D canvas of exactly scale × the layout size (export-scale.ts) with the
// same title / legend / scale bar layout as the SVG export, plus an optional colour bar at the
// right edge; the furniture is drawn at that scale, so text stays sharp. Call right after a draw()
// at scale device px per CSS px (the GL frame is then copied 1:1).

import { colormapLut, rgbToHex } from './colormaps';
import { exportPixelSize, type ExportScale } from './export-scale';
import { drawOrientation } from './orientation-mark';
import { COLOR_KEY_RGB, OVERLAY_FONT, overlayLayout, type OverlaySpec } from './overlay-layout';
import { formatTicks, niceTicks } from './scale-bar';
import type { SectionViewport } from './section-viewport';
import type { ColorBarSpec } from './svg-export';

export interface PngExportInput {
  /** The renderer's canvas, drawn at `scale` device px per CSS px (stretched if it is not). */
  readonly glCanvas: HTMLCanvasElement;
  /** The renderer's viewport() at the time of the frame (CSS px). */
  readonly viewport: SectionViewport;
  /** CSS size the canvas was laid out at (resize() arguments; whole px). */
  readonly cssWidth: number;
  readonly cssHeight: number;
  readonly scale: ExportScale;
  readonly overlay?: OverlaySpec;
  readonly colorBar?: ColorBarSpec | null;
  /** Page colour under the WebGL pixels (default white). */
  readonly pageColor?: string;
}

function drawColorBar(g: CanvasRenderingContext2D, spec: ColorBarSpec, x: number, y: number, h: number, f: number): void {
  const lut = colormapLut(spec.colormap);
  for (let i = 0; i < 256; i++) {
    g.fillStyle = rgbToHex([(lut[3 * i] ?? 0) / 255, (lut[3 * i + 1] ?? 0) / 255, (lut[3 * i + 2] ?? 0) / 255]);
    g.fillRect(x, y + h - ((i + 1) / 256) * h, f, h / 256 + 0.5);
  }
  g.strokeStyle = '#333';
  g.lineWidth = 0.5;
  g.strokeRect(x, y, f, h);
  const [lo, hi] = spec.limits;
  g.fillStyle = '#000';
  g.textAlign = 'left';
  const ticks = hi > lo ? niceTicks(lo, hi, 5) : [];
  const labels = formatTicks(ticks);
  for (const [k, t] of ticks.entries()) {
    const ty = y + h - ((t - lo) / (hi - lo)) * h;
    g.beginPath();
    g.moveTo(x + f, ty);
    g.lineTo(x + f + 4, ty);
    g.stroke();
    g.fillText(labels[k] ?? '', x + f + 6, ty + f * 0.35);
  }
  if (spec.label) g.fillText(spec.label, x, y - f * 0.6);
}

/** The frame and its furniture on a 2D canvas of exactly scale × (cssWidth × cssHeight) pixels. */
/** Text with a page-coloured halo, so lines it sits over (section boundaries) stay out of it. */
function haloText(g: CanvasRenderingContext2D, text: string, x: number, y: number, page: string): void {
  g.strokeStyle = page;
  g.lineWidth = 3;
  g.lineJoin = 'round';
  g.strokeText(text, x, y);
  g.fillText(text, x, y);
}

export function composeFrame(input: PngExportInput): HTMLCanvasElement {
  const { glCanvas, cssWidth, cssHeight, scale } = input;
  const size = exportPixelSize(cssWidth, cssHeight, scale);
  const out = document.createElement('canvas');
  out.width = size.width;
  out.height = size.height;
  const g = out.getContext('2d');
  if (!g) throw new Error('PNG export: a 2D canvas is not available in this browser');
  g.fillStyle = input.pageColor ?? '#ffffff';
  g.fillRect(0, 0, out.width, out.height);
  g.imageSmoothingEnabled = false;
  g.drawImage(glCanvas, 0, 0, out.width, out.height);
  g.imageSmoothingEnabled = true;
  g.scale(scale, scale);
  const lay = overlayLayout(input.overlay ?? {}, input.viewport, cssWidth);
  const f = lay.fontPx;
  g.font = `${f}px ${OVERLAY_FONT}`;
  g.textBaseline = 'alphabetic';
  g.fillStyle = '#000';
  if (lay.title) {
    // over the section when it reaches the top: a page-coloured halo keeps the boundary lines out of the text
    g.font = `bold ${f}px ${OVERLAY_FONT}`;
    haloText(g, lay.title.text, lay.title.x, lay.title.y, input.pageColor ?? '#ffffff');
    g.font = `${f}px ${OVERLAY_FONT}`;
  }
  if (lay.legend) {
    const b = lay.legend.box;
    g.fillStyle = 'rgba(255,255,255,0.6)';
    g.fillRect(b.x, b.y, b.width, b.height);
    g.strokeStyle = '#ccc';
    g.strokeRect(b.x, b.y, b.width, b.height);
    g.fillStyle = '#000';
    if (lay.legend.title) g.fillText(lay.legend.title.text, lay.legend.title.x, lay.legend.title.y);
    for (const e of lay.legend.entries) {
      g.beginPath();
      g.arc(e.cx, e.cy, e.r, 0, 2 * Math.PI);
      g.fillStyle = rgbToHex(e.color);
      g.fill();
      g.strokeStyle = '#000';
      g.lineWidth = 0.5;
      g.stroke();
      g.fillStyle = '#000';
      g.fillText(e.label, e.tx, e.ty);
    }
  }
  if (lay.scaleBar) {
    const s = lay.scaleBar;
    g.strokeStyle = '#000';
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(s.x, s.y);
    g.lineTo(s.x + s.bar.lengthPx, s.y);
    g.stroke();
    g.textAlign = 'center';
    g.fillText(s.bar.label, s.labelX, s.labelY);
    g.textAlign = 'left';
  }
  if (lay.colorKey) {
    const k = lay.colorKey;
    const [r, gr, b] = COLOR_KEY_RGB;
    const ramp = g.createLinearGradient(k.ramp.x, 0, k.ramp.x + k.ramp.width, 0);
    ramp.addColorStop(0, `rgba(${r},${gr},${b},0)`);
    ramp.addColorStop(1, `rgba(${r},${gr},${b},1)`);
    g.fillStyle = ramp;
    g.fillRect(k.ramp.x, k.ramp.y, k.ramp.width, k.ramp.height);
    g.strokeStyle = '#333';
    g.lineWidth = 0.5;
    g.strokeRect(k.ramp.x, k.ramp.y, k.ramp.width, k.ramp.height);
    g.fillStyle = '#000';
    for (const [t, align] of [
      [k.min, 'left'],
      [k.max, 'right'],
      [k.label, 'right'],
    ] as const) {
      g.textAlign = align;
      haloText(g, t.text, t.x, t.y, input.pageColor ?? '#ffffff');
    }
    g.textAlign = 'left';
  }
  if (lay.orientation) drawOrientation(g, lay.orientation, OVERLAY_FONT);
  if (input.colorBar) drawColorBar(g, input.colorBar, cssWidth - f * 5, cssHeight * 0.2, cssHeight * 0.6, f);
  return out;
}
