// URL parameters of the threshold view (bsv threshold_connectivity). It shares the slice grid's
// store (slices-params.ts): a threshold link carries the slicing keys too, plus
//   tm  method: abs (default) | pct | z | rel          tn  normalisation: minmax (default) | none | region | zscore | robust
//   tv  threshold value, in the method's range (thresholdRange)
// 'minmax' is bsv's behaviour (it always min–max scales globally first); the other methods
// normalise each slice and group (compute/threshold.ts).
import type { ThresholdMethod, ThresholdNormalization } from '../compute/threshold';
import {
  checkNumber,
  DEFAULT_THRESHOLD,
  parseSliceGrid,
  sliceGridMajor,
  slicesParams,
  writeSliceGrid,
  type SliceThresholdSettings,
  type SliceViewsParams,
} from './slices-params';
import type { ViewParams, ViewParamsCodec } from './view-params';

export const THRESHOLD_METHODS: readonly ThresholdMethod[] = ['absolute', 'percentile', 'zscore', 'relative'];
export const THRESHOLD_NORMALIZATIONS: readonly ThresholdNormalization[] = ['minmax', 'none', 'region', 'zscore', 'robust'];

const METHOD_KEYS: Readonly<Record<ThresholdMethod, string>> = { absolute: 'abs', percentile: 'pct', zscore: 'z', relative: 'rel' };

export interface ThresholdRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** Value used when switching to this method. */
  readonly initial: number;
  /** What the value means, for the label. */
  readonly unit: string;
}

/** Valid threshold values per method (percentile and relative are the kernel's hard ranges). */
export function thresholdRange(method: ThresholdMethod): ThresholdRange {
  switch (method) {
    case 'percentile':
      return { min: 0, max: 100, step: 1, initial: 90, unit: 'percentile of all region bins' };
    case 'zscore':
      return { min: -10, max: 10, step: 0.1, initial: 1, unit: 'standard deviations above the mean' };
    case 'relative':
      return { min: 0, max: 1, step: 0.05, initial: 0.5, unit: 'fraction of the maximum' };
    default:
      return { min: -1e6, max: 1e6, step: 0.05, initial: 0.5, unit: 'normalised value' };
  }
}

/** The threshold value checked against its method's range (clamped, with a message). */
export function checkThresholdValue(raw: string, method: ThresholdMethod) {
  const r = thresholdRange(method);
  return checkNumber(raw, `The ${method} threshold`, r.min, r.max, r.initial, false);
}

/** Switching method keeps the value when it is valid for the new method, else its initial value. */
export function withMethod(t: SliceThresholdSettings, method: ThresholdMethod): SliceThresholdSettings {
  const r = thresholdRange(method);
  return { ...t, method, value: t.value >= r.min && t.value <= r.max ? t.value : r.initial };
}

export function parseThreshold(params: URLSearchParams, notices: string[]): SliceThresholdSettings {
  let method = DEFAULT_THRESHOLD.method;
  const rawM = params.get('tm');
  if (rawM !== null) {
    const found = THRESHOLD_METHODS.find((m) => METHOD_KEYS[m] === rawM);
    if (found) method = found;
    else notices.push(`Unknown threshold method "${rawM.slice(0, 20)}"; use abs, pct, z or rel.`);
  }
  let normalization = DEFAULT_THRESHOLD.normalization;
  const rawN = params.get('tn');
  if (rawN !== null) {
    const found = THRESHOLD_NORMALIZATIONS.find((n) => n === rawN);
    if (found) normalization = found;
    else notices.push(`Unknown threshold normalisation "${rawN.slice(0, 20)}"; use ${THRESHOLD_NORMALIZATIONS.join(', ')}.`);
  }
  const rawV = params.get('tv');
  let value = rawV === null ? withMethod(DEFAULT_THRESHOLD, method).value : thresholdRange(method).initial;
  if (rawV !== null) {
    const c = checkThresholdValue(rawV, method);
    if (c.message) notices.push(c.message);
    value = c.value;
  }
  return { method, normalization, value };
}

export function writeThreshold(t: SliceThresholdSettings, params: URLSearchParams): void {
  if (t.method !== DEFAULT_THRESHOLD.method) params.set('tm', METHOD_KEYS[t.method]);
  if (t.normalization !== DEFAULT_THRESHOLD.normalization) params.set('tn', t.normalization);
  if (t.method !== DEFAULT_THRESHOLD.method || t.value !== DEFAULT_THRESHOLD.value) params.set('tv', String(t.value));
}

export const thresholdCodec: ViewParamsCodec<SliceViewsParams> = {
  defaults: slicesParams.codec.defaults,
  parse: (params, notices) => ({ ...parseSliceGrid(params, notices), threshold: parseThreshold(params, notices) }),
  write: (s, params) => {
    writeSliceGrid(s, params);
    writeThreshold(s.threshold, params);
  },
  major: (s) => [sliceGridMajor(s), s.threshold.method, s.threshold.normalization],
};

/** Same store as slicesParams, threshold keys in the URL. */
export const thresholdParams: ViewParams<SliceViewsParams> = { codec: thresholdCodec, useStore: slicesParams.useStore };
