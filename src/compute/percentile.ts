// NaN-aware order statistics on typed arrays. No-data policy: non-finite entries (NaN, ±∞)
// are not values. −1 IS a value here (these helpers also run on z-scored matrices); kernels
// reading raw density volumes filter NO_DATA with isDensityValue first. Inputs are never
// mutated: values are copied into a scratch Float64Array and partially sorted there.

import { NO_DATA } from './grid';

export type NumericArray = ArrayLike<number>;

/** True for a usable value of a derived array: finite. */
export function isValue(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v);
}

/** True for a usable voxel of a density volume: finite and not NO_DATA (−1). */
export function isDensityValue(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v) && v !== NO_DATA;
}

/** Copy the usable values of `values` into a new Float64Array (length = count). */
export function collectValues(values: NumericArray): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isValue(v)) out[n++] = v;
  }
  return out.subarray(0, n);
}

/** Hoare-style quickselect: after the call, a[k] holds the k-th smallest of a[lo..hi]. */
function quickselect(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median-of-three pivot
    const x = a[lo] ?? 0;
    const y = a[mid] ?? 0;
    const z = a[hi] ?? 0;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i++;
      while ((a[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i] = a[j] ?? 0;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] ?? NaN;
}

/**
 * Percentile p ∈ [0, 100] of a scratch array of finite values, numpy's default 'linear'
 * interpolation: rank = p/100·(n−1). Reorders `scratch`. NaN for an empty array.
 */
export function percentileInPlace(scratch: Float64Array, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within [0, 100], got ${p}`);
  const n = scratch.length;
  if (n === 0) return NaN;
  const rank = (p / 100) * (n - 1);
  const k = Math.floor(rank);
  const frac = rank - k;
  const lower = quickselect(scratch, k);
  if (frac === 0 || k + 1 >= n) return lower;
  // the (k+1)-th smallest is the minimum of the part above k after selection
  let upper = Infinity;
  for (let i = k + 1; i < n; i++) {
    const v = scratch[i] ?? Infinity;
    if (v < upper) upper = v;
  }
  return lower + frac * (upper - lower);
}

/** NaN/no-data-aware percentile (numpy 'linear'); NaN when no usable value. */
export function percentile(values: NumericArray, p: number): number {
  return percentileInPlace(collectValues(values), p);
}

/** NaN/no-data-aware median. */
export function median(values: NumericArray): number {
  return percentile(values, 50);
}
