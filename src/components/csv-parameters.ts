// The parameter lines every CSV header carries (render/csv-document.ts): the experiment query
// (regions, line, primary-only, products) and the processing (normalisation, hemispheres), worded
// so a reader can redo the computation with bsv or AllenSDK.
import type { MouseLineFilter } from '../allen/types.ts';
import type { AggregateOutcome } from '../data/queries.ts';
import type { CsvGroup } from '../render/csv-document.ts';
import { SLICE_NOTES, type SliceCsvContext } from '../render/slice-grid-csv.ts';
import type { SliceGridParams } from '../state/slices-params.ts';
import { NORMALIZATION_TITLES, type Processing } from '../state/normalization.ts';

export interface QueryDescription {
  readonly regions?: readonly string[];
  readonly line: MouseLineFilter;
  readonly primaryOnly: boolean;
  readonly products: readonly number[];
}

export function queryParameters(q: QueryDescription): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (q.regions) out.push(['injection regions', q.regions.length > 0 ? `${q.regions.join(' ')} (each with its descendants in the ontology)` : '—']);
  out.push(['mouse line', q.line.kind === 'all' ? 'all lines' : q.line.kind === 'wild-type' ? 'wild type only' : q.line.name]);
  out.push(['primary injection structure only', q.primaryOnly ? 'yes' : 'no (any injected structure)']);
  out.push(['products', q.products.length === 0 ? 'every product (no product filter, as bsv)' : q.products.join(' ')]);
  return out;
}

export function processingParameters(p: Processing): Array<[string, string]> {
  return [
    ['normalisation', `${p.normalization}: ${NORMALIZATION_TITLES[p.normalization]}`],
    [
      'hemispheres',
      p.subtractOtherHemisphere
        ? 'subtract the other hemisphere (bsv): injected half = injected − mirror (no data where either side has none), other half = 0; injected side from the injection ML coordinate (< 5700 µm = left)'
        : 'both, as measured',
    ],
  ];
}

export const MEAN_NOTE =
  "group means: per voxel, the mean over the group's experiments whose grid has data there (−1 = no data is skipped); failed downloads and excluded experiments leave the denominator.";
export const MASK_NOTE =
  'region masks: the 100 µm CCF 2017 annotation (annotation_100), structure plus all descendants, each voxel wholly in or out; left hemisphere = ML index 0–56 (< 5700 µm).';

/** Group lines of an aggregate: used, failed (with reasons), bin edges and centre; plus what planning left out. */
export function aggregateCsvGroups(outcome: AggregateOutcome): CsvGroup[] {
  const groups: CsvGroup[] = outcome.groups.map((g) => ({
    label: g.label,
    used: g.usedExperimentIds,
    excluded: g.experimentIds
      .filter((id) => outcome.failed.has(id))
      .map((experimentId) => ({ experimentId, reason: outcome.failed.get(experimentId) ?? 'failed' })),
    detail:
      g.axis && g.rangeUm
        ? `${g.axis} bin [${g.rangeUm[0]}, ${g.rangeUm[1]}${g.index === outcome.groups.length - 1 ? ']' : ')'} µm (injection coordinate), centre ${g.centerUm ?? NaN} µm (mean injection ${g.axis} of its ${g.experimentIds.length} planned experiments)`
        : undefined,
  }));
  const unplanned = outcome.excluded.filter((x) => !outcome.groups.some((g) => g.experimentIds.includes(x.experimentId)));
  // PSU fetch failures are in `failed` but in no group's plan: list them with the planning exclusions
  const failedUnplanned = [...outcome.failed].filter(([id]) => !outcome.groups.some((g) => g.experimentIds.includes(id)));
  if (unplanned.length + failedUnplanned.length > 0) {
    groups.push({
      label: '(left out before grouping)',
      used: [],
      excluded: [...unplanned, ...failedUnplanned.map(([experimentId, reason]) => ({ experimentId, reason }))],
    });
  }
  return groups;
}

/** The slice settings (bsv plot_connectivity's parameters) as CSV header lines. */
export function sliceParameters(s: SliceGridParams): Array<[string, string]> {
  const cl = s.colorLimits;
  return [
    [
      'grouping (bsv grouping_method)',
      s.grouping === 'region'
        ? 'one group per query region'
        : s.grouping === 'none'
          ? 'all experiments together'
          : `${s.grouping} bins of the injection coordinate`,
    ],
    ...(s.grouping === 'AP' || s.grouping === 'DV' || s.grouping === 'ML'
      ? [['grouping bins (bsv grouping_bins)', String(s.groupingBins)] as [string, string]]
      : []),
    ['plane', s.plane],
    [
      'slices (bsv number_of_chunks)',
      s.customSlicesUm.length > 0 ? `custom: ${s.customSlicesUm.join(' ')} µm, ± ${s.sliceAveraging} × 100 µm (bsv slice_averaging)` : String(s.slices),
    ],
    ['bins per axis (bsv number_of_pixels)', String(s.pixels)],
    ['hemispheres in the panels', 'folded: left half plus the mirrored right half, summed (bsv)'],
    ['region only (bsv region_only)', s.regionOnly ? 'yes' : 'no'],
    ['smoothing σ in bins (display only)', String(s.smoothing)],
    ['normalise by group (bsv normalize_by_group)', s.normalizeByGroup ? 'yes' : 'no'],
    ['colour limits', typeof cl === 'string' ? cl : `${cl[0]} ${cl[1]}`],
  ];
}

/** Header of the slice grid and threshold CSVs. */
export function sliceCsvContext(view: string, target: string, query: QueryDescription, params: SliceGridParams, outcome: AggregateOutcome): SliceCsvContext {
  return {
    view,
    url: window.location.href,
    parameters: [['target', `${target} with its descendants`], ...queryParameters(query), ...processingParameters(params), ...sliceParameters(params)],
    groups: aggregateCsvGroups(outcome),
    notes: [...SLICE_NOTES, MEAN_NOTE, MASK_NOTE],
  };
}
