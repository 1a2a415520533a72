// A slice grid figure as data (pure): the panels the WebGL renderer draws, and the same figure as
// one SVG (panels as rasters, outlines as vector paths, furniture as escaped text). The screen
// overlay (React) and the SVG export read the same GridLayout, so both place labels identically.
import type { ColormapName, Rgb } from './colormaps';
import type { HeatmapPanel } from './heatmap-renderer';
import type { SectionExtent } from './section-viewport';
import { orientationMark, orientationSvg, type OrientationWords } from './orientation-mark';
import { wrapWords, type GridLayout } from './slice-grid-layout';
import { colorBarSvg, escapeXml, type ColorBarSpec } from './svg-export';
import { heatmapSvg, type SvgHeatmapPanel } from './svg-heatmap';

export interface GridCell {
  readonly matrix: Float32Array;
  readonly rows: number;
  readonly cols: number;
  readonly extent: SectionExtent;
  readonly limits: readonly [number, number];
  /** 0/1 mask (rows × cols over the same extent) outlined in `outlineColor`; null = none. */
  readonly outline: Uint8Array | null;
  /** A second 0/1 mask outlined on top in its own colour (e.g. significant bins). */
  readonly marks?: { readonly mask: Uint8Array; readonly color: Rgb } | null;
}

export interface GridFigure {
  readonly layout: GridLayout;
  readonly title: string;
  readonly colormap: ColormapName;
  readonly outlineColor: Rgb;
  /** [row][column]; null where the slice is empty. */
  readonly cells: readonly (readonly (GridCell | null)[])[];
  readonly columnLabels: readonly (readonly [string, string])[];
  readonly rowLabels: readonly (readonly [string, string])[];
  /** [row][column] caption under each cell (layout with captions). */
  readonly captions?: readonly (readonly string[])[];
  readonly colorBar: ColorBarSpec | null;
  /** The orientation mark (bottom left); null draws none. */
  readonly orientation: OrientationWords | null;
}

const num = (v: number): string => String(Math.round(v * 100) / 100);
const NO_DATA_1X1 = Float32Array.of(Number.NaN);
const TRANSPARENT = [0, 0, 0, 0] as const;

/** Panels for HeatmapRenderer.draw (boxes are the layout's panel boxes: one scale for all). */
export function gridPanels(fig: GridFigure): HeatmapPanel[] {
  const out: HeatmapPanel[] = [];
  fig.cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      const box = fig.layout.panels[r]?.[c];
      if (!cell || !box) return;
      out.push({
        box,
        matrix: cell.matrix,
        rows: cell.rows,
        cols: cell.cols,
        extent: cell.extent,
        limits: cell.limits,
        colormap: fig.colormap,
        outline: cell.outline ? { mask: cell.outline, rows: cell.rows, cols: cell.cols, color: fig.outlineColor, widthPx: 1.5 } : null,
      });
      // Marks: a transparent panel (one no-data value, no-data drawn transparent) carrying only an outline.
      if (cell.marks)
        out.push({
          box,
          matrix: NO_DATA_1X1,
          rows: 1,
          cols: 1,
          extent: cell.extent,
          limits: cell.limits,
          colormap: fig.colormap,
          noDataColor: TRANSPARENT,
          outline: { mask: cell.marks.mask, rows: cell.rows, cols: cell.cols, color: cell.marks.color, widthPx: 1.5 },
        });
    }),
  );
  return out;
}

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${num(x)}" y="${num(y)}"${attrs}>${escapeXml(s)}</text>`;
}

/** Title, column and row labels, captions, "no voxels" notes, scale bar (escaped SVG markup). */
export function gridFurnitureSvg(fig: GridFigure): string {
  const L = fig.layout;
  const f = L.fontPx;
  const parts: string[] = [text(8, L.titleY, fig.title, ' font-weight="bold"')];
  L.columnLabels.forEach((a, c) => {
    const [l1, l2] = fig.columnLabels[c] ?? ['', ''];
    parts.push(text(a.x, a.y, l1, ' text-anchor="middle"'), text(a.x, a.y + 1.2 * f, l2, ' text-anchor="middle" fill="#555"'));
  });
  L.rowLabels.forEach((a, r) => {
    const [l1, l2] = fig.rowLabels[r] ?? ['', ''];
    parts.push(text(a.x, a.y, l1, ' text-anchor="end" font-weight="bold"'), text(a.x, a.y + 1.2 * f, l2, ' text-anchor="end" fill="#555"'));
  });
  L.captions.forEach((row, r) =>
    row.forEach((a, c) => {
      const s = fig.captions?.[r]?.[c];
      if (s) parts.push(text(a.x, a.y, s, ` text-anchor="middle" font-size="${num(f * 0.9)}"`));
    }),
  );
  L.cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (fig.cells[r]?.[c]) return;
      parts.push(text(cell.x + cell.width / 2, cell.y + cell.height / 2, 'no voxels', ' text-anchor="middle" fill="#888"'));
    }),
  );
  const s = L.scaleBar;
  if (s) {
    parts.push(`<line x1="${num(s.x)}" y1="${num(s.y)}" x2="${num(s.x + s.lengthPx)}" y2="${num(s.y)}" stroke="#000" stroke-width="2"/>`);
    parts.push(text(s.x + s.lengthPx / 2, s.y + 1.3 * f, s.label, ' text-anchor="middle"'));
  }
  if (fig.orientation) {
    parts.push(orientationSvg(orientationMark(L, fig.orientation), escapeXml));
  }
  if (fig.colorBar) {
    const cb = L.colorBar;
    parts.push(colorBarSvg({ colormap: fig.colorBar.colormap, limits: fig.colorBar.limits }, cb.x, cb.y, cb.height, f));
    const lines = wrapWords(fig.colorBar.label ?? '', 22);
    lines.forEach((l, i) => parts.push(text(cb.x, cb.y - f - (lines.length - 1 - i) * 1.2 * f, l)));
  }
  return `<g class="furniture">${parts.join('')}</g>`;
}

/** The whole figure as a standalone SVG document. */
export function gridFigureSvg(fig: GridFigure): string {
  const panels: SvgHeatmapPanel[] = gridPanels(fig).map((p) => ({
    box: p.box,
    matrix: p.matrix,
    rows: p.rows,
    cols: p.cols,
    extent: p.extent,
    limits: p.limits,
    colormap: p.colormap,
    ...(p.noDataColor ? { noDataColor: p.noDataColor } : {}),
    outline: p.outline ? { mask: p.outline.mask, rows: p.outline.rows, cols: p.outline.cols, color: p.outline.color ?? fig.outlineColor } : null,
  }));
  return heatmapSvg({ width: fig.layout.width, height: fig.layout.height, panels, fontPx: fig.layout.fontPx, extraSvg: gridFurnitureSvg(fig) });
}

/**
 * Region outline of a slice: bins holding any part of the region in their slab (coverage > 0),
 * i.e. the region's projection through the slab, as bsv outlines the hull of the chunk's
 * region points; it matches the data area when region_only is on.
 */
export function regionOutlineMask(coverage: Float32Array): Uint8Array {
  return Uint8Array.from(coverage, (c) => (c > 0 ? 1 : 0));
}

export interface SliceGeometry {
  readonly empty: boolean;
  readonly rows: number;
  readonly cols: number;
  readonly dvEdgesUm: Float64Array;
  readonly colEdgesUm: Float64Array;
}

/** The µm rectangle a slice's bins cover, or null for an empty slice (no region voxel). */
export function sliceExtent(s: SliceGeometry): SectionExtent | null {
  if (s.empty) return null;
  const e = { dvMinUm: s.dvEdgesUm[0] ?? NaN, dvMaxUm: s.dvEdgesUm[s.rows] ?? NaN, mlMinUm: s.colEdgesUm[0] ?? NaN, mlMaxUm: s.colEdgesUm[s.cols] ?? NaN };
  return Number.isFinite(e.dvMinUm + e.dvMaxUm + e.mlMinUm + e.mlMaxUm) && e.dvMaxUm > e.dvMinUm && e.mlMaxUm > e.mlMinUm ? e : null;
}

export interface GridHit {
  /** Group (row) and slice (column) of the panel. */
  readonly row: number;
  readonly column: number;
  /** Bin inside the panel's matrix. */
  readonly r: number;
  readonly c: number;
  /** CCF µm of the point: DV, and ML (coronal) or AP (sagittal). */
  readonly dvUm: number;
  readonly acrossUm: number;
  /** The cell's value there (NaN = no data), and whether the bin is in its outline / marks mask. */
  readonly value: number;
  readonly outlined: boolean;
  readonly marked: boolean;
}

/** The bin under CSS px (x, y) of the figure, or null between panels. */
export function gridHitTest(fig: GridFigure, x: number, y: number): GridHit | null {
  for (let row = 0; row < fig.cells.length; row++) {
    const cells = fig.cells[row] ?? [];
    for (let column = 0; column < cells.length; column++) {
      const cell = cells[column];
      const box = fig.layout.panels[row]?.[column];
      if (!cell || !box || x < box.x || y < box.y || x >= box.x + box.width || y >= box.y + box.height) continue;
      const r = Math.min(cell.rows - 1, Math.floor(((y - box.y) / box.height) * cell.rows));
      const c = Math.min(cell.cols - 1, Math.floor(((x - box.x) / box.width) * cell.cols));
      const e = cell.extent;
      const i = r * cell.cols + c;
      return {
        row,
        column,
        r,
        c,
        dvUm: e.dvMinUm + ((y - box.y) / box.height) * (e.dvMaxUm - e.dvMinUm),
        acrossUm: e.mlMinUm + ((x - box.x) / box.width) * (e.mlMaxUm - e.mlMinUm),
        value: cell.matrix[i] ?? Number.NaN,
        outlined: (cell.outline?.[i] ?? 0) !== 0,
        marked: (cell.marks?.mask[i] ?? 0) !== 0,
      };
    }
  }
  return null;
}
