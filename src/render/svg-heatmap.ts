// SVG export of heatmap panels (slice grid / threshold views), pure. Each panel: its matrix as a
// nearest-neighbour raster <image> (colormap on the CPU, NaN → noDataColor or transparent), an
// optional region outline as a vector path along the mask's cell edges, and an escaped title;
// one shared colour bar on the right. Same panel boxes and letterboxing as HeatmapRenderer.

import { colormapIndex, colormapLut, rgbToHex, type ColormapName, type Rgb } from './colormaps';
import { pngDataUrl } from './png-encode';
import { sectionViewport, type CssRect, type SectionExtent, type SectionViewport } from './section-viewport';
import { escapeXml, type ColorBarSpec, colorBarSvg } from './svg-export';

export interface SvgHeatmapPanel {
  readonly box: CssRect;
  readonly matrix: Float32Array;
  readonly rows: number;
  readonly cols: number;
  readonly extent: SectionExtent;
  readonly limits: readonly [number, number];
  readonly colormap: ColormapName;
  readonly outline?: {
    readonly mask: Uint8Array;
    readonly rows: number;
    readonly cols: number;
    readonly extent?: SectionExtent;
    readonly color?: Rgb;
  } | null;
  /** RGBA floats; default [0.9, 0.9, 0.9, 1]; alpha 0 = transparent. */
  readonly noDataColor?: readonly [number, number, number, number];
  readonly title?: string;
  readonly paddingCssPx?: number;
}

export interface HeatmapSvgInput {
  readonly width: number;
  readonly height: number;
  readonly panels: readonly SvgHeatmapPanel[];
  readonly title?: string;
  readonly colorBar?: ColorBarSpec | null;
  readonly fontPx?: number;
  /** Extra SVG markup drawn over the panels (labels, scale bar); must already be escaped. */
  readonly extraSvg?: string;
}

const num = (v: number): string => String(Math.round(v * 100) / 100);

/** RGBA bytes of a matrix through a colormap (NaN → noData). */
export function heatmapRgba(
  matrix: Float32Array,
  limits: readonly [number, number],
  name: ColormapName,
  noData: readonly [number, number, number, number] = [0.9, 0.9, 0.9, 1],
): Uint8Array {
  const lut = colormapLut(name);
  const out = new Uint8Array(matrix.length * 4);
  const nd = noData.map((v) => Math.round(255 * Math.min(1, Math.max(0, v))));
  for (let i = 0; i < matrix.length; i++) {
    const k = colormapIndex(matrix[i] ?? NaN, limits[0], limits[1]);
    if (k < 0) out.set([nd[0] ?? 0, nd[1] ?? 0, nd[2] ?? 0, nd[3] ?? 0], 4 * i);
    else out.set([lut[3 * k] ?? 0, lut[3 * k + 1] ?? 0, lut[3 * k + 2] ?? 0, 255], 4 * i);
  }
  return out;
}

/**
 * SVG path data along every cell side separating an inside cell (≠ 0) from an outside cell or
 * the raster border. Cell (r, c) spans [c, c+1] × [r, r+1] in raster units, mapped by `at`.
 */
export function maskOutlinePath(mask: Uint8Array, rows: number, cols: number, at: (r: number, c: number) => { x: number; y: number }): string {
  const inside = (r: number, c: number): boolean => r >= 0 && c >= 0 && r < rows && c < cols && (mask[r * cols + c] ?? 0) !== 0;
  const seg: string[] = [];
  const line = (r0: number, c0: number, r1: number, c1: number): void => {
    const a = at(r0, c0),
      b = at(r1, c1);
    seg.push(`M${num(a.x)} ${num(a.y)}L${num(b.x)} ${num(b.y)}`);
  };
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      if (!inside(r, c)) continue;
      if (!inside(r - 1, c)) line(r, c, r, c + 1);
      if (!inside(r + 1, c)) line(r + 1, c, r + 1, c + 1);
      if (!inside(r, c - 1)) line(r, c, r + 1, c);
      if (!inside(r, c + 1)) line(r, c + 1, r + 1, c + 1);
    }
  return seg.join('');
}

function panelSvg(p: SvgHeatmapPanel, vp: SectionViewport, k: number, f: number): string {
  const parts: string[] = [];
  const r = vp.rect;
  if (!(r.width > 0) || p.matrix.length !== p.rows * p.cols || p.rows < 1 || p.cols < 1) return '';
  parts.push(
    `<image x="${num(r.x)}" y="${num(r.y)}" width="${num(r.width)}" height="${num(r.height)}" preserveAspectRatio="none" style="image-rendering:pixelated;image-rendering:crisp-edges" href="${pngDataUrl(heatmapRgba(p.matrix, p.limits, p.colormap, p.noDataColor), p.cols, p.rows)}"/>`,
  );
  const o = p.outline;
  if (o && o.mask.length === o.rows * o.cols) {
    const e = o.extent ?? p.extent;
    const du = (e.dvMaxUm - e.dvMinUm) / o.rows,
      hu = (e.mlMaxUm - e.mlMinUm) / o.cols;
    const d = maskOutlinePath(o.mask, o.rows, o.cols, (rr, cc) => vp.ccfToCssPx(e.dvMinUm + rr * du, e.mlMinUm + cc * hu));
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${rgbToHex(o.color ?? [0.1, 0.1, 0.1])}" stroke-width="1" stroke-linecap="square"/>`);
  }
  if (p.title)
    parts.push(`<text x="${num(p.box.x + p.box.width / 2)}" y="${num(Math.max(f, r.y - f * 0.4))}" text-anchor="middle">${escapeXml(p.title)}</text>`);
  return `<g class="panel" data-panel="${k}">${parts.join('')}</g>`;
}

export function heatmapSvg(input: HeatmapSvgInput): string {
  const f = input.fontPx ?? 12;
  const body = input.panels.map((p, k) => panelSvg(p, sectionViewport(p.extent, p.box, p.paddingCssPx ?? 0), k, f));
  if (input.title) body.unshift(`<text x="8" y="${num(f + 4)}" font-weight="bold">${escapeXml(input.title)}</text>`);
  if (input.colorBar) body.push(colorBarSvg(input.colorBar, input.width - f * 5, input.height * 0.2, input.height * 0.6, f));
  if (input.extraSvg) body.push(input.extraSvg);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(input.width)}" height="${num(input.height)}" viewBox="0 0 ${num(input.width)} ${num(input.height)}" font-family="Helvetica, Arial, sans-serif" font-size="${num(f)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...body,
    `</svg>`,
  ].join('\n');
}
