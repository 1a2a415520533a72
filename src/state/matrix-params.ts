// URL parameters of the connectivity-matrix view (bsv plot_connectivity_matrix; contract in
// view-params.ts). Keys (only non-defaults are written):
//   tg  target acronyms, comma-separated, ≤ MATRIX_LIMITS.maxTargets ([] = automatic: the shared
//       target `t`, else MATRIX_DEFAULT_TARGETS)
//   mx  metric: mean (default) | max | vol (bsv 'volume')
//   mn  normalisation: row | col | both (bsv normalize_rows / normalize_cols; default none)
//   mh  hemisphere of the target masks: left | right (default both, as bsv)
//   norm none | inj (÷ PSU injection volume, bsv) | meta (÷ metadata injection volume); old links' `mi` is read too
//   hemi sub = subtract the other hemisphere (bsv subtract_other_hemisphere)
//   sr  rows sorted by a target column, sc  columns sorted by a source row: the acronym,
//       prefixed with '-' for descending (acronyms never start with '-')
//   cm  colormap (default viridis, as bsv)
import type { MatrixMetric } from '../compute/matrix';
import { COLORMAP_NAMES, type ColormapName } from '../render/colormaps';
import { createViewParams } from './view-params';
import { parseProcessing, writeProcessing, type Normalization } from './normalization';
import { splitAcronymList } from './acronym-list';
import { acronymCheck } from './url-checks';

export type MatrixNormalisation = 'none' | 'row' | 'col' | 'both';
export type MaskHemisphere = 'both' | 'left' | 'right';

export interface MatrixSort {
  /** Acronym of the column (for row order) or row (for column order) whose values decide. */
  readonly by: string;
  readonly descending: boolean;
}

export interface MatrixViewParams {
  readonly targets: readonly string[];
  readonly metric: MatrixMetric;
  readonly normalisation: MatrixNormalisation;
  readonly hemisphere: MaskHemisphere;
  readonly normalization: Normalization;
  readonly subtractOtherHemisphere: boolean;
  readonly sortRows: MatrixSort | null;
  readonly sortCols: MatrixSort | null;
  readonly colormap: ColormapName;
}

export const MATRIX_LIMITS = { maxTargets: 40 } as const;

/** Targets when neither `tg` nor the shared target is set: the major divisions of the brain. */
export const MATRIX_DEFAULT_TARGETS: readonly string[] = ['Isocortex', 'OLF', 'HPF', 'CTXsp', 'STR', 'PAL', 'TH', 'HY', 'MB', 'P', 'MY', 'CB'];

export const DEFAULT_MATRIX_PARAMS: MatrixViewParams = {
  targets: [],
  metric: 'mean',
  normalisation: 'none',
  hemisphere: 'both',
  normalization: 'none',
  subtractOtherHemisphere: false,
  sortRows: null,
  sortCols: null,
  colormap: 'viridis',
};

const clip = (s: string, n = 40): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Comma-separated acronyms: invalid entries dropped with a notice, duplicates removed, capped. */
export function parseAcronymList(raw: string | null, label: string, max: number, notices: string[]): string[] {
  if (raw === null || raw.trim() === '') return [];
  const parts = splitAcronymList(raw);
  if (parts.length > max) notices.push(`The link names ${parts.length} ${label}; only the first ${max} are used.`);
  const out: string[] = [];
  for (const p of parts.slice(0, max)) {
    if (!acronymCheck.safeParse(p).success) notices.push(`Ignored ${label} entry that is not a valid acronym: "${clip(p)}".`);
    else if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** One of `allowed` (URL spelling → value); anything else → fallback with a notice. */
export function parseChoice<T>(raw: string | null, label: string, allowed: Readonly<Record<string, T>>, fallback: T, notices: string[]): T {
  if (raw === null) return fallback;
  if (Object.hasOwn(allowed, raw)) return allowed[raw] as T;
  notices.push(`Ignored an invalid ${label} "${clip(raw, 20)}"; using the default.`);
  return fallback;
}

function parseSort(raw: string | null, label: string, notices: string[]): MatrixSort | null {
  if (raw === null || raw === '') return null;
  const descending = raw.startsWith('-');
  const by = descending ? raw.slice(1) : raw;
  if (acronymCheck.safeParse(by).success) return { by, descending };
  notices.push(`Ignored an invalid ${label} "${clip(raw)}".`);
  return null;
}

const writeSort = (s: MatrixSort): string => `${s.descending ? '-' : ''}${s.by}`;

const METRICS: Readonly<Record<string, MatrixMetric>> = { mean: 'mean', max: 'max', vol: 'volume' };
const NORMS: Readonly<Record<string, MatrixNormalisation>> = { none: 'none', row: 'row', col: 'col', both: 'both' };
const HEMIS: Readonly<Record<string, MaskHemisphere>> = { both: 'both', left: 'left', right: 'right' };
const CMAPS: Readonly<Record<string, ColormapName>> = Object.fromEntries(COLORMAP_NAMES.map((c) => [c, c]));

export function parseMatrixParams(params: URLSearchParams, notices: string[]): MatrixViewParams {
  const d = DEFAULT_MATRIX_PARAMS;
  return {
    targets: parseAcronymList(params.get('tg'), 'matrix targets', MATRIX_LIMITS.maxTargets, notices),
    metric: parseChoice(params.get('mx'), 'matrix metric', METRICS, d.metric, notices),
    normalisation: parseChoice(params.get('mn'), 'matrix normalisation', NORMS, d.normalisation, notices),
    hemisphere: parseChoice(params.get('mh'), 'target hemisphere', HEMIS, d.hemisphere, notices),
    ...parseProcessing(params, notices, 'mi'),
    sortRows: parseSort(params.get('sr'), 'row sort', notices),
    sortCols: parseSort(params.get('sc'), 'column sort', notices),
    colormap: parseChoice(params.get('cm'), 'colormap', CMAPS, d.colormap, notices),
  };
}

export function writeMatrixParams(s: MatrixViewParams, params: URLSearchParams): void {
  const d = DEFAULT_MATRIX_PARAMS;
  if (s.targets.length > 0) params.set('tg', s.targets.join(','));
  if (s.metric !== d.metric) params.set('mx', s.metric === 'volume' ? 'vol' : s.metric);
  if (s.normalisation !== d.normalisation) params.set('mn', s.normalisation);
  if (s.hemisphere !== d.hemisphere) params.set('mh', s.hemisphere);
  writeProcessing(s, params);
  if (s.sortRows) params.set('sr', writeSort(s.sortRows));
  if (s.sortCols) params.set('sc', writeSort(s.sortCols));
  if (s.colormap !== d.colormap) params.set('cm', s.colormap);
}

export const matrixParams = createViewParams<MatrixViewParams>({
  defaults: DEFAULT_MATRIX_PARAMS,
  parse: parseMatrixParams,
  write: writeMatrixParams,
  // New data (targets, masks, aggregate) deserve a history entry; display choices do not.
  major: (s) => [s.targets, s.hemisphere, s.normalization, s.subtractOtherHemisphere],
});
