// Slice grid figure and CSV from computeSlices output (pure apart from formatting): columns =
// slices, rows = groups; cells coloured by the displayed (smoothed, group-normalised) matrices,
// region outline from the bins' region coverage (> 0) in the target's ontology colour.
import { csvDocument } from '../../render/csv-document.ts';
import type { SlicesResult } from '../../compute/slices.ts';
import type { Rgb } from '../../render/colormaps.ts';
import { sliceCsvColumns, sliceCsvRows, sliceRegionMeanColumns, sliceRegionMeanRows, type SliceCsvContext } from '../../render/slice-grid-csv.ts';
import { regionOutlineMask, sliceExtent, type GridCell, type GridFigure } from '../../render/slice-grid-figure.ts';
import {
  COMPACT_LABEL_CELL_PX,
  FOLDED_HEMISPHERES,
  columnUnits,
  gridLayout,
  groupRowLabel,
  perGroupLimits,
  sliceColumnLabel,
  valueLabel,
  type GroupLabelInput,
} from '../../render/slice-grid-layout.ts';
import { sliceOrientation } from '../../render/orientation-mark.ts';
import type { SliceGridParams } from '../../state/slices-params.ts';

export interface SliceFigureInput {
  readonly result: SlicesResult;
  readonly groups: readonly GroupLabelInput[];
  readonly params: SliceGridParams;
  readonly widthPx: number;
  readonly target: string;
  readonly targetColor: Rgb;
}

export function buildSliceFigure({ result, groups, params, widthPx, target, targetColor }: SliceFigureInput): GridFigure {
  const G = result.groups;
  const extents = result.slices.map(sliceExtent);
  const layout = gridLayout({ extents, rows: G, widthPx });
  const compact = layout.cellWidth < COMPACT_LABEL_CELL_PX;
  const perGroup =
    params.colorLimits === 'per_group'
      ? perGroupLimits(
          result.slices.map((s) => s.matrices),
          G,
        )
      : null;
  const cells = Array.from({ length: G }, (_, g) =>
    result.slices.map((s, k): GridCell | null => {
      const extent = extents[k];
      const matrix = s.matrices[g];
      if (!extent || !matrix) return null;
      return { matrix, rows: s.rows, cols: s.cols, extent, limits: perGroup?.[g] ?? s.colorLimits, outline: regionOutlineMask(s.coverage) };
    }),
  );
  const label = valueLabel(params);
  const shared = params.colorLimits === 'global' || Array.isArray(params.colorLimits);
  const scope = params.colorLimits === 'per_slice' ? 'slice' : 'row';
  return {
    layout,
    title: `Projections into ${target} — ${params.plane} slices, ${FOLDED_HEMISPHERES}${compact ? ` (${columnUnits(result.plane)})` : ''}`,
    colormap: params.colormap,
    outlineColor: targetColor,
    cells,
    columnLabels: result.slices.map((s) => sliceColumnLabel(result.plane, s.window.positionUm, compact)),
    rowLabels: Array.from({ length: G }, (_, g) =>
      groupRowLabel(groups[g] ?? { label: `Group ${g + 1}`, axis: null, centerUm: null, experiments: 0 }, params.grouping),
    ),
    colorBar: shared
      ? { colormap: params.colormap, limits: result.slices[0]?.colorLimits ?? [0, 1], label }
      : { colormap: params.colormap, limits: [0, 1], label: `${label}, each ${scope} scaled from its minimum (0) to its maximum (1)` },
    orientation: sliceOrientation(result.plane),
  };
}

/** Every bin of every group and slice: the displayed value (smoothed) and region fraction. */
export function sliceGridCsv(result: SlicesResult, groupLabels: readonly string[], ctx: SliceCsvContext): string {
  const rows = sliceCsvRows({
    plane: result.plane,
    groups: groupLabels,
    slices: result.slices.map((s) => ({ ...s, ...s.window })),
    value: (k, g, i) => result.slices[k]?.matrices[g]?.[i] ?? Number.NaN,
  });
  return csvDocument({ ...ctx, view: `${ctx.view}: bins`, table: { columns: sliceCsvColumns(result.plane), rows } });
}

/** Per slice and group: the region mean over every region voxel with data in the slab. */
export function sliceRegionMeansCsv(result: SlicesResult, groupLabels: readonly string[], ctx: SliceCsvContext): string {
  return csvDocument({
    ...ctx,
    view: `${ctx.view}: region mean per slice`,
    notes: [
      ...ctx.notes,
      "region_mean: over every 100 µm voxel of the region mask in the slab (left half, each reading its own value plus its mirror's, a missing side contributing nothing: bsv's fold-sum) whose value has data; before normalise-by-group and smoothing; voxels_with_data of region_voxels.",
    ],
    table: { columns: sliceRegionMeanColumns(result.plane), rows: sliceRegionMeanRows(result.slices, groupLabels) },
  });
}
