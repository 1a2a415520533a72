// Threshold figure and CSV (pure): each cell shows the normalised values (bsv
// threshold_connectivity "original" figure) with the bins above threshold (value > T; no statistical test) outlined in
// red over the region outline (ontology colour), and the count of bins above threshold under it. The CSV lists those bins only.
import { csvDocument } from '../../render/csv-document.ts';
import type { SlicesResult } from '../../compute/slices.ts';
import type { ThresholdResult } from '../../compute/threshold.ts';
import type { Rgb } from '../../render/colormaps.ts';
import { sliceCsvColumns, sliceCsvRows, type SliceCsvContext } from '../../render/slice-grid-csv.ts';
import { regionOutlineMask, sliceExtent, type GridCell, type GridFigure } from '../../render/slice-grid-figure.ts';
import {
  COMPACT_LABEL_CELL_PX,
  FOLDED_HEMISPHERES,
  columnUnits,
  gridLayout,
  groupRowLabel,
  sliceColumnLabel,
  type GroupLabelInput,
} from '../../render/slice-grid-layout.ts';
import { sliceOrientation } from '../../render/orientation-mark.ts';
import type { SliceViewsParams } from '../../state/slices-params.ts';

export const SIGNIFICANT_COLOR = [0.86, 0.1, 0.1] as const;

/** [min, max] of every normalised region value (max > min; [0, 1] when there is none). */
export function normalizedLimits(t: ThresholdResult): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of t.slices)
    for (const m of s.normalized)
      for (const v of m) {
        if (!Number.isFinite(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo, lo + 1] : [0, 1];
  return [lo, hi];
}

/** Significant bins per [group][slice]. */
export function significantCounts(t: ThresholdResult, groups: number): number[][] {
  return Array.from({ length: groups }, (_, g) =>
    t.slices.map((s) => {
      let n = 0;
      for (const v of s.significant[g] ?? []) n += v;
      return n;
    }),
  );
}

export interface ThresholdFigureInput {
  readonly slices: SlicesResult;
  readonly threshold: ThresholdResult;
  readonly groups: readonly GroupLabelInput[];
  readonly params: SliceViewsParams;
  readonly widthPx: number;
  readonly target: string;
  /** Ontology colour of the target (region outline). */
  readonly targetColor: Rgb;
}

export function buildThresholdFigure({ slices, threshold, groups, params, widthPx, target, targetColor }: ThresholdFigureInput): GridFigure {
  const G = slices.groups;
  const extents = slices.slices.map(sliceExtent);
  const layout = gridLayout({ extents, rows: G, widthPx, captions: true });
  const compact = layout.cellWidth < COMPACT_LABEL_CELL_PX;
  const limits = normalizedLimits(threshold);
  const counts = significantCounts(threshold, G);
  const cells = Array.from({ length: G }, (_, g) =>
    slices.slices.map((s, k): GridCell | null => {
      const extent = extents[k];
      const t = threshold.slices[k];
      const matrix = t?.normalized[g];
      if (!extent || !matrix) return null;
      const significant = t.significant[g];
      return {
        matrix,
        rows: s.rows,
        cols: s.cols,
        extent,
        limits,
        outline: regionOutlineMask(s.coverage),
        marks: significant ? { mask: significant, color: SIGNIFICANT_COLOR } : null,
      };
    }),
  );
  const tp = params.threshold;
  return {
    layout,
    title: `Bins of ${target} above T = ${Number(threshold.threshold.toPrecision(4))} (${tp.method} ${tp.value}, ${tp.normalization} normalisation; ${FOLDED_HEMISPHERES})${compact ? `; ${columnUnits(slices.plane)}` : ''}`,
    colormap: params.colormap,
    outlineColor: targetColor,
    cells,
    columnLabels: slices.slices.map((s) => sliceColumnLabel(slices.plane, s.window.positionUm, compact)),
    rowLabels: Array.from({ length: G }, (_, g) =>
      groupRowLabel(groups[g] ?? { label: `Group ${g + 1}`, axis: null, centerUm: null, experiments: 0 }, params.grouping),
    ),
    captions: counts.map((row) => row.map((n) => (compact ? String(n) : `${n} above threshold`))),
    colorBar: { colormap: params.colormap, limits, label: `normalised projection density (${tp.normalization}); red outline: > T` },
    orientation: sliceOrientation(slices.plane),
  };
}

/** One row per significant bin: its normalised value and region fraction. */
export function thresholdCsv(slices: SlicesResult, threshold: ThresholdResult, groupLabels: readonly string[], ctx: SliceCsvContext): string {
  const rows = sliceCsvRows({
    plane: slices.plane,
    groups: groupLabels,
    slices: slices.slices.map((s) => ({ ...s, ...s.window })),
    value: (k, g, i) => threshold.slices[k]?.normalized[g]?.[i] ?? Number.NaN,
    keep: (k, g, i) => threshold.slices[k]?.significant[g]?.[i] === 1,
  });
  const tp = threshold.threshold;
  return csvDocument({
    ...ctx,
    view: `${ctx.view}: bins above the threshold`,
    notes: [...ctx.notes, `threshold T = ${tp} on the normalised values; value = the bin's normalised value (> T).`],
    table: { columns: sliceCsvColumns(slices.plane), rows },
  });
}
