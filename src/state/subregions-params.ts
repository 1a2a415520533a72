// URL parameters of the subregions view (bsv analyze_cp_subregions, generalised to the child
// structures of the shared target `t`; contract in view-params.ts). Keys (non-defaults only):
//   sg  grouping of the query experiments: region | AP | DV | ML (default none)
//   sb  bins along the grouping axis, 1…20 (bsv grouping_bins, default 5)
//   sl  'leaves' = the target's leaf descendants instead of its children; 'user' = the labels of the
//       annotation volume loaded in this browser (data/user-annotation.ts; not in the link)
//   sh  hemisphere: fold-mean | both | left | right (default fold-sum, bsv's fold)
//   sn  number of slices (bsv number_of_chunks), 1…20, default 5
//   sp  'sag' = sagittal slices (default coronal)
//   norm none | inj (÷ PSU injection volume, bsv) | meta (÷ metadata injection volume); old links' `si` is read too
//   hemi sub = subtract the other hemisphere before folding (bsv subtract_other_hemisphere)
import { parseChoice } from './matrix-params';
import { createViewParams } from './view-params';
import { parseProcessing, writeProcessing, type Normalization } from './normalization';

/** Same spelling as AggregateSpec.grouping (src/data/queries.ts). */
export type AggregateGrouping = 'none' | 'region' | 'AP' | 'DV' | 'ML';

/** Which subregions: the target's ontology children, its leaf descendants, or the user's annotation labels. */
export type SubregionLevel = 'children' | 'leaves' | 'user';

export type SubregionHemisphere = 'fold-sum' | 'fold-mean' | 'both' | 'left' | 'right';

export interface SubregionsViewParams {
  readonly grouping: AggregateGrouping;
  readonly groupingBins: number;
  readonly level: SubregionLevel;
  readonly hemisphere: SubregionHemisphere;
  readonly slices: number;
  readonly plane: 'coronal' | 'sagittal';
  readonly normalization: Normalization;
  readonly subtractOtherHemisphere: boolean;
}

export const SUBREGION_LIMITS = { maxBins: 20, maxSlices: 20 } as const;

export const DEFAULT_SUBREGIONS_PARAMS: SubregionsViewParams = {
  grouping: 'none',
  groupingBins: 5,
  level: 'children',
  hemisphere: 'fold-sum',
  slices: 5,
  plane: 'coronal',
  normalization: 'none',
  subtractOtherHemisphere: false,
};

function parseCount(raw: string | null, label: string, max: number, fallback: number, notices: string[]): number {
  if (raw === null) return fallback;
  const n = /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (Number.isInteger(n) && n >= 1 && n <= max) return n;
  notices.push(`Ignored an invalid ${label} "${raw.slice(0, 20)}" (1…${max}); using ${fallback}.`);
  return fallback;
}

const GROUPINGS: Readonly<Record<string, AggregateGrouping>> = { none: 'none', region: 'region', AP: 'AP', DV: 'DV', ML: 'ML' };
const LEVELS: Readonly<Record<string, SubregionLevel>> = { children: 'children', leaves: 'leaves', user: 'user' };
const HEMIS: Readonly<Record<string, SubregionHemisphere>> = {
  'fold-sum': 'fold-sum',
  'fold-mean': 'fold-mean',
  both: 'both',
  left: 'left',
  right: 'right',
};
const PLANES: Readonly<Record<string, 'coronal' | 'sagittal'>> = { cor: 'coronal', sag: 'sagittal' };

export function parseSubregionsParams(params: URLSearchParams, notices: string[]): SubregionsViewParams {
  const d = DEFAULT_SUBREGIONS_PARAMS;
  return {
    grouping: parseChoice(params.get('sg'), 'grouping', GROUPINGS, d.grouping, notices),
    groupingBins: parseCount(params.get('sb'), 'number of grouping bins', SUBREGION_LIMITS.maxBins, d.groupingBins, notices),
    level: parseChoice(params.get('sl'), 'subregion level', LEVELS, d.level, notices),
    hemisphere: parseChoice(params.get('sh'), 'hemisphere', HEMIS, d.hemisphere, notices),
    slices: parseCount(params.get('sn'), 'number of slices', SUBREGION_LIMITS.maxSlices, d.slices, notices),
    plane: parseChoice(params.get('sp'), 'plane', PLANES, d.plane, notices),
    ...parseProcessing(params, notices, 'si'),
  };
}

export function writeSubregionsParams(s: SubregionsViewParams, params: URLSearchParams): void {
  const d = DEFAULT_SUBREGIONS_PARAMS;
  if (s.grouping !== d.grouping) params.set('sg', s.grouping);
  if (s.groupingBins !== d.groupingBins) params.set('sb', String(s.groupingBins));
  if (s.level !== d.level) params.set('sl', s.level);
  if (s.hemisphere !== d.hemisphere) params.set('sh', s.hemisphere);
  if (s.slices !== d.slices) params.set('sn', String(s.slices));
  if (s.plane !== d.plane) params.set('sp', s.plane === 'sagittal' ? 'sag' : 'cor');
  writeProcessing(s, params);
}

export const subregionsParams = createViewParams<SubregionsViewParams>({
  defaults: DEFAULT_SUBREGIONS_PARAMS,
  parse: parseSubregionsParams,
  write: writeSubregionsParams,
  major: (s) => [s.grouping, s.groupingBins, s.level, s.normalization, s.subtractOtherHemisphere],
});
