// Layout of a slice grid figure (slice grid and threshold views), pure. Columns = slices, rows =
// groups. Every panel is drawn at ONE scale (µm per CSS px) so the single scale bar is true for
// all of them: a panel's box is exactly its slice's extent at that scale, centred in its cell.
// Furniture: title line, two column-label lines (position, section level), row labels on the
// left, an optional caption line under each cell, colour bar and scale bar on the right.
import { scaleBarLength, type ScaleBar } from './scale-bar';
import type { CssRect, SectionExtent } from './section-viewport';
import type { Normalization } from '../compute/aggregate-plan.ts';

export interface GridLayoutInput {
  /** One extent per column (slice); null for a slice where the region has no voxel. */
  readonly extents: readonly (SectionExtent | null)[];
  readonly rows: number;
  /** Width available for the whole figure, CSS px. */
  readonly widthPx: number;
  /** Extra line under each cell (e.g. significant-bin counts), default false. */
  readonly captions?: boolean;
  readonly fontPx?: number;
}

export interface GridLayout {
  readonly width: number;
  readonly height: number;
  readonly fontPx: number;
  /** µm per CSS px of every panel; NaN when no slice has an extent. */
  readonly umPerPx: number;
  readonly cellWidth: number;
  readonly cellHeight: number;
  /** [row][column] cell rectangles, and the panel box (the extent at umPerPx) inside each. */
  readonly cells: readonly (readonly CssRect[])[];
  readonly panels: readonly (readonly (CssRect | null)[])[];
  readonly titleY: number;
  /** Column label anchors (centre x, baseline of the first line). */
  readonly columnLabels: readonly { readonly x: number; readonly y: number }[];
  /** Row label anchors (right edge x, centre y). */
  readonly rowLabels: readonly { readonly x: number; readonly y: number }[];
  /** [row][column] caption anchors (centre x, baseline). Empty without captions. */
  readonly captions: readonly (readonly { readonly x: number; readonly y: number }[])[];
  readonly colorBar: { readonly x: number; readonly y: number; readonly height: number };
  readonly scaleBar: (ScaleBar & { readonly x: number; readonly y: number }) | null;
  /** Corner of the orientation mark (bottom left, under the row labels) and its arm length, CSS px. */
  readonly orientation: { readonly x: number; readonly y: number; readonly armPx: number };
}

export const GRID_LIMITS = { rowLabelPx: 130, gapPx: 6, minCellPx: 36, maxCellPx: 170, maxCellHeightPx: 190, rightPx: 150 } as const;

export function extentSize(e: SectionExtent): { w: number; h: number } {
  return { w: e.mlMaxUm - e.mlMinUm, h: e.dvMaxUm - e.dvMinUm };
}

function valid(e: SectionExtent | null): e is SectionExtent {
  if (!e) return false;
  const { w, h } = extentSize(e);
  return Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0;
}

export function gridLayout(input: GridLayoutInput): GridLayout {
  const f = input.fontPx ?? 12;
  const L = GRID_LIMITS;
  const nCols = Math.max(1, input.extents.length);
  const nRows = Math.max(1, input.rows);
  let maxW = 0;
  let maxH = 0;
  for (const e of input.extents)
    if (valid(e)) {
      const s = extentSize(e);
      maxW = Math.max(maxW, s.w);
      maxH = Math.max(maxH, s.h);
    }
  const avail = Math.max(0, input.widthPx - L.rowLabelPx - L.rightPx) / nCols - L.gapPx;
  let cellWidth = Math.min(L.maxCellPx, Math.max(L.minCellPx, avail));
  let umPerPx = maxW > 0 ? maxW / cellWidth : Number.NaN;
  let cellHeight = maxH > 0 ? maxH / umPerPx : cellWidth;
  if (cellHeight > L.maxCellHeightPx) {
    umPerPx = maxH / L.maxCellHeightPx;
    cellHeight = L.maxCellHeightPx;
    cellWidth = Math.max(L.minCellPx, maxW / umPerPx);
  }
  const captionPx = input.captions ? f + 4 : 0;
  const titleY = f + 4;
  const top = titleY + 2.6 * f + 8;
  const left = L.rowLabelPx;
  const cells = Array.from({ length: nRows }, (_, r) =>
    Array.from({ length: nCols }, (_, c) => ({
      x: left + c * (cellWidth + L.gapPx),
      y: top + r * (cellHeight + captionPx + L.gapPx),
      width: cellWidth,
      height: cellHeight,
    })),
  );
  const panels = cells.map((row) =>
    row.map((cell, c) => {
      const e = input.extents[c] ?? null;
      if (!valid(e) || !(umPerPx > 0)) return null;
      const s = extentSize(e);
      const w = s.w / umPerPx;
      const h = s.h / umPerPx;
      return { x: cell.x + (cell.width - w) / 2, y: cell.y + (cell.height - h) / 2, width: w, height: h };
    }),
  );
  const gridRight = left + nCols * (cellWidth + L.gapPx) - L.gapPx;
  const gridBottom = top + nRows * (cellHeight + captionPx + L.gapPx) - L.gapPx;
  const bar = umPerPx > 0 ? scaleBarLength(umPerPx, { minPx: 20, maxPx: 140 }) : null;
  const colorBar = { x: gridRight + 24, y: top + 2 * f, height: Math.max(80, Math.min(220, gridBottom - top - 2 * f)) };
  const height = Math.max(gridBottom + 2.5 * f + 8, colorBar.y + colorBar.height + f);
  return {
    width: Math.max(input.widthPx, gridRight + L.rightPx),
    height,
    fontPx: f,
    umPerPx,
    cellWidth,
    cellHeight,
    cells,
    panels,
    titleY,
    columnLabels: Array.from({ length: nCols }, (_, c) => ({ x: left + c * (cellWidth + L.gapPx) + cellWidth / 2, y: titleY + 1.4 * f + 4 })),
    rowLabels: Array.from({ length: nRows }, (_, r) => ({ x: left - 8, y: top + r * (cellHeight + captionPx + L.gapPx) + cellHeight / 2 })),
    captions: input.captions ? cells.map((row) => row.map((cell) => ({ x: cell.x + cell.width / 2, y: cell.y + cell.height + f }))) : [],
    colorBar,
    scaleBar: bar ? { ...bar, x: gridRight - bar.lengthPx, y: gridBottom + f } : null,
    orientation: { x: 12, y: gridBottom + 2.2 * f, armPx: 1.8 * f },
  };
}

/** What the title says about the hemispheres of folded slice panels. */
export const FOLDED_HEMISPHERES = 'hemispheres folded: left + mirrored right';

/** 1-based index of the 100 µm CCF section holding `um` (coronal: the ARA level, 1…132). */
export function sectionLevel(um: number): number {
  return Math.floor(um / 100) + 1;
}

/** Cells narrower than this get compact column labels ("5400" / "L55"). */
export const COMPACT_LABEL_CELL_PX = 72;

/**
 * Two column-label lines: position along the slicing axis (CCF µm) and its section level;
 * compact form for narrow cells (the title then names the units: see columnUnits).
 */
export function sliceColumnLabel(plane: 'coronal' | 'sagittal', positionUm: number, compact = false): readonly [string, string] {
  const um = Math.round(positionUm);
  const level = sectionLevel(positionUm);
  if (compact) return [String(um), `L${level}`];
  return plane === 'coronal' ? [`AP ${um} µm`, `ARA level ${level}`] : [`ML ${um} µm`, `ML section ${level}`];
}

/** What compact column labels mean, for the figure title. */
export function columnUnits(plane: 'coronal' | 'sagittal'): string {
  return plane === 'coronal' ? 'columns: AP µm (CCF) / ARA level' : 'columns: ML µm (CCF) / ML section';
}

export interface GroupLabelInput {
  readonly label: string;
  readonly axis: 'AP' | 'DV' | 'ML' | null;
  readonly centerUm: number | null;
  /** Bin edges [lo, hi) µm along `axis` (the last bin includes hi). */
  readonly rangeUm?: readonly [number, number] | null;
  readonly experiments: number;
}

/**
 * Row label: region acronym, or the bin centre "AP 5400 µm (CCF)" (the mean injection coordinate of
 * the bin's experiments, bsv's group_centers) with the bin's edges, plus the experiment count.
 */
export function groupRowLabel(g: GroupLabelInput, grouping: 'none' | 'region' | 'AP' | 'DV' | 'ML'): readonly [string, string] {
  const n = `${g.experiments} exp.`;
  if (g.axis && g.centerUm !== null && Number.isFinite(g.centerUm)) {
    const edges = g.rangeUm ? `bin ${Math.round(g.rangeUm[0])}–${Math.round(g.rangeUm[1])} µm · ` : '';
    return [`${g.axis} ${Math.round(g.centerUm)} µm (CCF)`, `${edges}${n}`];
  }
  if (grouping === 'none') return ['All experiments', n];
  return [g.label, n];
}

export interface ValueLabelInput {
  readonly normalization: Normalization;
  readonly subtractOtherHemisphere: boolean;
  readonly normalizeByGroup: boolean;
}

/** What the colour bar measures, e.g. "mean projection density / injection volume (mm⁻³)". */
export function valueLabel(v: ValueLabelInput): string {
  let s =
    v.normalization === 'injection-volume'
      ? 'mean projection density / injection volume, PSU (mm⁻³)'
      : v.normalization === 'metadata-volume'
        ? 'mean projection density / metadata injection volume (mm⁻³)'
        : 'mean projection density';
  if (v.subtractOtherHemisphere) s = `${s}, ipsi − contra`;
  if (v.normalizeByGroup) s = `${s}, ÷ group max`;
  return s;
}

/** Limits per row over all its slices (vmin = min(0, smallest), as compute/color-limits.ts). */
export function perGroupLimits(matrices: readonly (readonly Float32Array[])[], groups: number): [number, number][] {
  return Array.from({ length: groups }, (_, g) => {
    let lo = 0;
    let hi = -Infinity;
    for (const slice of matrices) {
      const m = slice[g];
      if (!m) continue;
      for (const v of m) {
        if (!Number.isFinite(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    return [lo, hi > lo ? hi : lo + 1];
  });
}

/** Greedy word wrap into lines of at most ~`width` characters (a longer word keeps its own line). */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}
