// threshold_connectivity, data side (bsv-reference §4.10), on the binned slice matrices from
// slices.ts (anything with rows, cols and one row-major matrix per group). NaN bins (outside
// the region) are excluded from every statistic and stay NaN (bsv included bounding-box
// corners outside the region: Q21).
// normalizationMethod (bsv normalization_method):
//   'none'   raw values (bsv always min–max scales globally first; ask for 'minmax' to get that);
//   'minmax' global (v − min)/(max − min) over all slices and groups (bsv step 2);
//   'region' per slice and group (v − min)/(max − min);
//   'zscore' per slice and group (v − mean)/std, population std; std = 0 → 0;
//   'robust' per slice and group (v − median)/IQR, IQR = P75 − P25 (numpy-linear percentiles),
//            as bsv; IQR = 0 → values unchanged (as bsv).
// thresholdMethod (bsv threshold_method), T from all normalised region values:
//   'absolute' T = threshold;  'percentile' numpy-linear percentile, threshold ∈ [0, 100];
//   'zscore' T = mean + threshold·std;  'relative' T = threshold·max, threshold ∈ [0, 1].
// A bin is significant when its value > T. Bad thresholds throw RangeError.

import { collectValues, percentileInPlace } from './percentile';
import { summarize } from './stats';

export type ThresholdNormalization = 'none' | 'minmax' | 'region' | 'zscore' | 'robust';
export type ThresholdMethod = 'absolute' | 'percentile' | 'zscore' | 'relative';

export interface ThresholdSliceInput {
  readonly rows: number;
  readonly cols: number;
  /** One row-major rows × cols matrix per group. */
  readonly matrices: readonly Float32Array[];
}

export interface ThresholdParams {
  /** bsv threshold. */
  readonly threshold: number;
  /** bsv threshold_method (default 'absolute'). */
  readonly thresholdMethod?: ThresholdMethod;
  /** bsv normalization_method (default 'none'). */
  readonly normalizationMethod?: ThresholdNormalization;
}

export interface ThresholdSliceResult {
  /** Per group: normalised values (NaN outside the region). */
  readonly normalized: Float32Array[];
  /** Per group: normalised value where significant, 0 where not, NaN outside the region. */
  readonly thresholded: Float32Array[];
  /** Per group: 1 where value > threshold. */
  readonly significant: Uint8Array[];
  /** Per group: bins 4-adjacent to a significant bin but not significant (bsv's red dots). */
  readonly boundary: Uint8Array[];
}

export interface ThresholdResult {
  readonly slices: ThresholdSliceResult[];
  /** The threshold T actually applied, in normalised units. */
  readonly threshold: number;
  /** Region bins considered, and how many exceed T. */
  readonly count: number;
  readonly above: number;
  readonly mean: number;
  readonly std: number;
}

function normalizeOne(m: Float32Array, method: ThresholdNormalization): Float32Array {
  const out = m.slice();
  if (method === 'none' || method === 'minmax') return out;
  let offset: number;
  let scale: number;
  if (method === 'region') {
    const s = summarize(m);
    offset = s.min;
    scale = s.max > s.min ? s.max - s.min : 0;
  } else if (method === 'zscore') {
    const s = summarize(m);
    offset = s.mean;
    scale = s.std;
  } else {
    const finite = Float64Array.from(m).filter((v) => Number.isFinite(v));
    offset = percentileInPlace(finite, 50);
    scale = percentileInPlace(finite, 75) - percentileInPlace(finite, 25);
    if (!(scale > 0)) return out; // bsv leaves a slice with no spread as it is
  }
  for (let i = 0; i < out.length; i++) {
    const v = out[i] ?? NaN;
    if (Number.isFinite(v)) out[i] = scale > 0 ? (v - offset) / scale : 0;
  }
  return out;
}

function resolveThreshold(values: Float64Array, method: ThresholdMethod, t: number): number {
  if (!Number.isFinite(t)) throw new RangeError(`threshold must be a finite number, got ${t}`);
  switch (method) {
    case 'absolute':
      return t;
    case 'percentile':
      if (!(t >= 0 && t <= 100)) throw new RangeError(`percentile threshold must be within [0, 100], got ${t}`);
      return percentileInPlace(values, t);
    case 'zscore': {
      const s = summarize(values);
      return s.mean + t * s.std;
    }
    case 'relative': {
      if (!(t >= 0 && t <= 1)) throw new RangeError(`relative threshold is a fraction of the maximum and must be within [0, 1], got ${t}`);
      return t * summarize(values).max;
    }
    default:
      throw new RangeError(`unknown threshold_method '${String(method)}' (use absolute, percentile, zscore or relative)`);
  }
}

function boundaryOf(sig: Uint8Array, rows: number, cols: number): Uint8Array {
  const b = new Uint8Array(sig.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (sig[i]) continue;
      if ((c > 0 && sig[i - 1]) || (c + 1 < cols && sig[i + 1]) || (r > 0 && sig[i - cols]) || (r + 1 < rows && sig[i + cols])) b[i] = 1;
    }
  return b;
}

export function thresholdConnectivity(slices: readonly ThresholdSliceInput[], params: ThresholdParams): ThresholdResult {
  const norm = params.normalizationMethod ?? 'none';
  const method = params.thresholdMethod ?? 'absolute';
  if (!['none', 'minmax', 'region', 'zscore', 'robust'].includes(norm))
    throw new RangeError(`unknown normalization_method '${norm}' (use none, minmax, region, zscore or robust)`);
  for (const s of slices)
    for (const m of s.matrices) if (m.length !== s.rows * s.cols) throw new RangeError(`matrix length ${m.length} ≠ rows·cols ${s.rows * s.cols}`);
  let normalized = slices.map((s) => s.matrices.map((m) => normalizeOne(m, norm)));
  if (norm === 'minmax') {
    const g = summarize(Float32Array.from(normalized.flat().flatMap((m) => Array.from(m))));
    const range = g.max - g.min;
    normalized = normalized.map((ms) => ms.map((m) => m.map((v) => (Number.isFinite(v) ? (range > 0 ? (v - g.min) / range : 0) : v))));
  }
  const all = collectValues(Float64Array.from(normalized.flat().flatMap((m) => Array.from(m))));
  const stats = summarize(all);
  const T = resolveThreshold(all, method, params.threshold);
  let above = 0;
  const out = normalized.map((ms, k) => {
    const rows = slices[k]?.rows ?? 0;
    const cols = slices[k]?.cols ?? 0;
    const significant = ms.map((m) => Uint8Array.from(m, (v) => (v > T ? 1 : 0)));
    const thresholded = ms.map((m, g) => m.map((v, i) => (Number.isNaN(v) ? NaN : significant[g]?.[i] ? v : 0)));
    for (const s of significant) for (const v of s) above += v;
    return { normalized: ms, thresholded, significant, boundary: significant.map((s) => boundaryOf(s, rows, cols)) };
  });
  return { slices: out, threshold: T, count: stats.count, above, mean: stats.mean, std: stats.std };
}
