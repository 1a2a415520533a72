// URL parameters of the slice grid (bsv plot_connectivity), shared with the threshold view: both
// views read ONE store, so switching between them keeps the settings and (same aggregate spec →
// same key) does not recompute. The slice grid writes the keys below; the threshold view writes
// them too plus its own (threshold-params.ts). Bad values are clamped (numbers out of range) or
// replaced by the default (unreadable values), each with a notice; only non-defaults are written.
//   g    grouping: region (default: one row per query region) | none | ap | dv | ml
//   gb   bins of ap/dv/ml grouping (1–10)          pl   plane: cor (default) | sag
//   n    slices (bsv number_of_chunks, 1–30)      px   bins per axis (bsv number_of_pixels, 2–200)
//   cm   colormap (gray_r default)                cl   colour limits: slice | group | lo,hi (default global)
//   ro   0 = region_only off                       cs   custom slices, CCF µm along the slicing axis
//   sa   slice averaging (100 µm slabs each side of a custom slice, 0–10)
//   sm   smoothing σ in bins (0–5)                 nbg  1 = normalize_by_group
//   norm inj = ÷ injection volume (PSU), meta = ÷ metadata injection volume   hemi sub = subtract the other hemisphere
import { assignSources } from '../allen/assign-sources';
import type { Ontology } from '../allen/ontology';
import type { Experiment, MouseLineFilter } from '../allen/types';
import type { SliceParams } from '../compute/slices';
import type { ThresholdMethod, ThresholdNormalization } from '../compute/threshold';
import type { AggregateSpec } from '../data/queries';
import { COLORMAP_NAMES, DEFAULT_COLORMAP, isColormapName, type ColormapName } from '../render/colormaps';
import { createViewParams, type ViewParamsCodec } from './view-params';
import { parseProcessing, writeProcessing, type Normalization } from './normalization';
import { parseDecimal } from './url-number';

export type SliceGrouping = 'none' | 'region' | 'AP' | 'DV' | 'ML';
export type SlicePlaneName = 'coronal' | 'sagittal';
/** 'per_group': one [min, max] per row over all its slices (drawn on the main thread). */
export type SliceColorLimits = 'global' | 'per_slice' | 'per_group' | readonly [number, number];

export interface SliceGridParams {
  readonly grouping: SliceGrouping;
  readonly groupingBins: number;
  readonly plane: SlicePlaneName;
  readonly slices: number;
  readonly pixels: number;
  readonly colormap: ColormapName;
  readonly colorLimits: SliceColorLimits;
  readonly regionOnly: boolean;
  /** CCF µm along the slicing axis (AP for coronal, ML for sagittal); [] = automatic chunks. */
  readonly customSlicesUm: readonly number[];
  readonly sliceAveraging: number;
  readonly smoothing: number;
  readonly normalizeByGroup: boolean;
  readonly normalization: Normalization;
  readonly subtractOtherHemisphere: boolean;
}

/** Threshold view settings (bsv threshold_method, normalization_method, threshold). */
export interface SliceThresholdSettings {
  readonly method: ThresholdMethod;
  readonly normalization: ThresholdNormalization;
  readonly value: number;
}

/** The store both views share. */
export interface SliceViewsParams extends SliceGridParams {
  readonly threshold: SliceThresholdSettings;
}

export const SLICE_LIMITS = {
  minSlices: 1,
  maxSlices: 30,
  minPixels: 2,
  maxPixels: 200,
  minBins: 1,
  maxBins: 10,
  maxCustomSlices: 30,
  maxSliceAveraging: 10,
  maxSmoothing: 5,
  /** Extent of the CCF along AP (coronal slicing) and ML (sagittal slicing), µm. */
  apExtentUm: 13_200,
  mlExtentUm: 11_400,
  maxAbsColorLimit: 1e9,
} as const;

export const DEFAULT_SLICE_GRID: SliceGridParams = {
  grouping: 'region',
  groupingBins: 3,
  plane: 'coronal',
  slices: 6,
  pixels: 25,
  colormap: DEFAULT_COLORMAP,
  colorLimits: 'global',
  regionOnly: true,
  customSlicesUm: [],
  sliceAveraging: 0,
  smoothing: 0,
  normalizeByGroup: false,
  normalization: 'none',
  subtractOtherHemisphere: false,
};

export const DEFAULT_THRESHOLD: SliceThresholdSettings = { method: 'absolute', normalization: 'minmax', value: 0.5 };

export const DEFAULT_SLICE_VIEWS: SliceViewsParams = { ...DEFAULT_SLICE_GRID, threshold: DEFAULT_THRESHOLD };

const clip = (s: string, n = 24): string => (s.length > n ? `${s.slice(0, n)}…` : s);

export interface Checked<T> {
  readonly value: T;
  /** Why the input was not taken as is (null when it was). */
  readonly message: string | null;
}

/**
 * A number typed by a user or read from a URL: non-numbers → `fallback`, out-of-range values →
 * clamped, non-integers rounded when `integer`. The message names the field and the range.
 */
export function checkNumber(raw: string, label: string, lo: number, hi: number, fallback: number, integer: boolean): Checked<number> {
  const text = raw.trim();
  const v = parseDecimal(text);
  if (!Number.isFinite(v)) return { value: fallback, message: `${label} must be a number from ${lo} to ${hi}; "${clip(raw)}" is not (using ${fallback}).` };
  const rounded = integer ? Math.round(v) : v;
  if (rounded < lo) return { value: lo, message: `${label} must be at least ${lo}; ${clip(text)} was raised to ${lo}.` };
  if (rounded > hi) return { value: hi, message: `${label} must be at most ${hi}; ${clip(text)} was lowered to ${hi}.` };
  if (integer && rounded !== v) return { value: rounded, message: `${label} must be a whole number; ${clip(text)} was rounded to ${rounded}.` };
  return { value: rounded, message: null };
}

/** Custom slice list "5400, 6000" (CCF µm): entries that are not numbers or lie outside the brain are dropped. */
export function checkCustomSlices(raw: string, plane: SlicePlaneName): Checked<number[]> {
  const max = plane === 'coronal' ? SLICE_LIMITS.apExtentUm : SLICE_LIMITS.mlExtentUm;
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad: string[] = [];
  const out: number[] = [];
  for (const p of parts) {
    const v = parseDecimal(p);
    if (Number.isFinite(v) && v >= 0 && v < max) {
      if (!out.includes(v)) out.push(v);
    } else bad.push(clip(p, 12));
  }
  const msgs: string[] = [];
  if (bad.length > 0)
    msgs.push(
      `Custom slices are CCF µm from 0 to ${max} (${plane === 'coronal' ? 'AP' : 'ML'}); ignored ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? '…' : ''}.`,
    );
  if (out.length > SLICE_LIMITS.maxCustomSlices) msgs.push(`At most ${SLICE_LIMITS.maxCustomSlices} custom slices; the rest were ignored.`);
  return { value: out.slice(0, SLICE_LIMITS.maxCustomSlices), message: msgs.length > 0 ? msgs.join(' ') : null };
}

/** Manual colour limits "lo,hi": finite, lo < hi. */
export function checkManualLimits(lo: number, hi: number): string | null {
  const m = SLICE_LIMITS.maxAbsColorLimit;
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return 'Colour limits must be two numbers.';
  if (!(lo < hi)) return `The lower colour limit (${lo}) must be below the upper one (${hi}).`;
  if (Math.abs(lo) > m || Math.abs(hi) > m) return `Colour limits must lie within ±${m}.`;
  return null;
}

const GROUPING_KEYS: Readonly<Record<SliceGrouping, string>> = { none: 'none', region: 'region', AP: 'ap', DV: 'dv', ML: 'ml' };

function numberKey(params: URLSearchParams, key: string, label: string, lo: number, hi: number, fallback: number, integer: boolean, notices: string[]): number {
  const raw = params.get(key);
  if (raw === null) return fallback;
  const c = checkNumber(raw, label, lo, hi, fallback, integer);
  if (c.message) notices.push(c.message);
  return c.value;
}

function flagKey(params: URLSearchParams, key: string, on: string, off: string, fallback: boolean, label: string, notices: string[]): boolean {
  const raw = params.get(key);
  if (raw === null) return fallback;
  if (raw === on) return true;
  if (raw === off) return false;
  notices.push(`Ignored an invalid ${label} value "${clip(raw)}".`);
  return fallback;
}

function parseColorLimits(raw: string | null, notices: string[]): SliceColorLimits {
  if (raw === null || raw === 'global') return 'global';
  if (raw === 'slice') return 'per_slice';
  if (raw === 'group') return 'per_group';
  const parts = raw.split(',');
  const lo = parseDecimal(parts[0]?.trim() ?? '');
  const hi = parseDecimal(parts[1]?.trim() ?? '');
  const problem = parts.length === 2 && parts[0]?.trim() !== '' && parts[1]?.trim() !== '' ? checkManualLimits(lo, hi) : 'Colour limits must be "lo,hi".';
  if (problem) {
    notices.push(`${problem} Ignored "${clip(raw)}"; using global limits.`);
    return 'global';
  }
  return [lo, hi];
}

export function parseSliceGrid(params: URLSearchParams, notices: string[]): SliceGridParams {
  const d = DEFAULT_SLICE_GRID;
  const L = SLICE_LIMITS;
  let grouping = d.grouping;
  const rawG = params.get('g');
  if (rawG !== null) {
    const found = (Object.entries(GROUPING_KEYS) as Array<[SliceGrouping, string]>).find(([, k]) => k === rawG);
    if (found) grouping = found[0];
    else notices.push(`Unknown grouping "${clip(rawG)}"; grouping by query region.`);
  }
  let plane = d.plane;
  const rawPl = params.get('pl');
  if (rawPl === 'sag') plane = 'sagittal';
  else if (rawPl !== null && rawPl !== 'cor') notices.push(`Unknown plane "${clip(rawPl)}"; showing coronal slices.`);
  let colormap = d.colormap;
  const rawCm = params.get('cm');
  if (rawCm !== null) {
    if (isColormapName(rawCm)) colormap = rawCm;
    else notices.push(`Unknown colormap "${clip(rawCm)}"; use one of ${COLORMAP_NAMES.join(', ')}.`);
  }
  let customSlicesUm: number[] = [];
  const rawCs = params.get('cs');
  if (rawCs !== null && rawCs !== '') {
    const c = checkCustomSlices(rawCs, plane);
    if (c.message) notices.push(c.message);
    customSlicesUm = c.value;
  }
  const processing = parseProcessing(params, notices);
  return {
    grouping,
    groupingBins: numberKey(params, 'gb', 'Grouping bins', L.minBins, L.maxBins, d.groupingBins, true, notices),
    plane,
    slices: numberKey(params, 'n', 'Number of slices', L.minSlices, L.maxSlices, d.slices, true, notices),
    pixels: numberKey(params, 'px', 'Number of pixels', L.minPixels, L.maxPixels, d.pixels, true, notices),
    colormap,
    colorLimits: parseColorLimits(params.get('cl'), notices),
    regionOnly: flagKey(params, 'ro', '1', '0', d.regionOnly, 'region-only', notices),
    customSlicesUm,
    sliceAveraging: numberKey(params, 'sa', 'Slice averaging', 0, L.maxSliceAveraging, d.sliceAveraging, true, notices),
    smoothing: numberKey(params, 'sm', 'Smoothing σ', 0, L.maxSmoothing, d.smoothing, false, notices),
    normalizeByGroup: flagKey(params, 'nbg', '1', '0', d.normalizeByGroup, 'normalise-by-group', notices),
    ...processing,
  };
}

export function writeSliceGrid(s: SliceGridParams, params: URLSearchParams): void {
  const d = DEFAULT_SLICE_GRID;
  if (s.grouping !== d.grouping) params.set('g', GROUPING_KEYS[s.grouping]);
  if (s.groupingBins !== d.groupingBins) params.set('gb', String(s.groupingBins));
  if (s.plane !== d.plane) params.set('pl', 'sag');
  if (s.slices !== d.slices) params.set('n', String(s.slices));
  if (s.pixels !== d.pixels) params.set('px', String(s.pixels));
  if (s.colormap !== d.colormap) params.set('cm', s.colormap);
  const cl = s.colorLimits;
  if (cl === 'per_slice') params.set('cl', 'slice');
  else if (cl === 'per_group') params.set('cl', 'group');
  else if (cl !== 'global') params.set('cl', `${cl[0]},${cl[1]}`);
  if (!s.regionOnly) params.set('ro', '0');
  if (s.customSlicesUm.length > 0) params.set('cs', s.customSlicesUm.join(','));
  if (s.sliceAveraging !== d.sliceAveraging) params.set('sa', String(s.sliceAveraging));
  if (s.smoothing !== d.smoothing) params.set('sm', String(s.smoothing));
  if (s.normalizeByGroup) params.set('nbg', '1');
  writeProcessing(s, params);
}

/** What changes the aggregate (downloads, averaging) deserves a history entry; display tweaks do not. */
export function sliceGridMajor(s: SliceGridParams): unknown {
  return [s.grouping, s.groupingBins, s.normalization, s.subtractOtherHemisphere, s.plane];
}

export const slicesCodec: ViewParamsCodec<SliceViewsParams> = {
  defaults: DEFAULT_SLICE_VIEWS,
  parse: (params, notices) => ({ ...parseSliceGrid(params, notices), threshold: DEFAULT_THRESHOLD }),
  write: writeSliceGrid,
  major: sliceGridMajor,
};

export const slicesParams = createViewParams<SliceViewsParams>(slicesCodec);

/** The compute kernel's parameters (compute/slices.ts) for these settings. */
export function sliceComputeParams(s: SliceGridParams): SliceParams {
  const max = s.plane === 'coronal' ? SLICE_LIMITS.apExtentUm : SLICE_LIMITS.mlExtentUm;
  const custom = s.customSlicesUm.filter((v) => v >= 0 && v < max);
  const cl = s.colorLimits;
  return {
    plane: s.plane,
    numberOfChunks: s.slices,
    numberOfPixels: s.pixels,
    regionOnly: s.regionOnly,
    smoothing: s.smoothing,
    // Per-group limits are derived from the matrices on the main thread.
    colorLimits: cl === 'per_group' ? 'global' : cl,
    normalizeByGroup: s.normalizeByGroup,
    ...(custom.length > 0 ? { customSlicesUm: custom, sliceAveraging: s.sliceAveraging } : {}),
  };
}

export interface SliceQuery {
  readonly regions: readonly string[];
  readonly line: MouseLineFilter;
  readonly primaryOnly: boolean;
  /** [] = every product. */
  readonly products: readonly number[];
}

/**
 * The aggregate behind both views. The experiments are the query's, assigned to the query
 * regions through the ontology (assignSources: experiments of the line and products, first region
 * whose subtree holds the injection wins). Region grouping = one group per region that has
 * experiments; otherwise all of them, grouped by injection position (AP/DV/ML bins) or together.
 */
export function sliceAggregateSpec(s: SliceGridParams, experiments: readonly Experiment[], query: SliceQuery, ontology: Ontology): AggregateSpec {
  const common = { normalization: s.normalization, subtractOtherHemisphere: s.subtractOtherHemisphere } as const;
  const { sources } = assignSources(query.regions, experiments, ontology, query.line, query.primaryOnly, query.products);
  const used = sources.filter((g) => g.experiments.length > 0);
  const all = used.flatMap((g) => g.experiments);
  if (s.grouping === 'region') {
    return {
      ...common,
      experiments: all,
      grouping: 'region',
      regionGroups: used.map((g) => ({ label: g.structure.acronym, experimentIds: g.experiments.map((e) => e.id) })),
    };
  }
  return { ...common, experiments: all, grouping: s.grouping, ...(s.grouping === 'none' ? {} : { groupingBins: s.groupingBins }) };
}
