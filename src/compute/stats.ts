// NaN-aware summary statistics. Same policy as percentile.ts: non-finite entries are skipped
// (−1 counts as a value; filter density volumes with isDensityValue). Standard deviation is the population one (ddof 0, as numpy
// and bsv use).

import { isValue, type NumericArray } from './percentile';

/** Mean of usable values; NaN when none. */
export function mean(values: NumericArray): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isValue(v)) {
      s += v;
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation (ddof 0). */
  readonly std: number;
}

/** One pass (Welford) over usable values. All NaN (count 0) when none. */
export function summarize(values: NumericArray): Summary {
  let n = 0;
  let m = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isValue(v)) continue;
    n++;
    const d = v - m;
    m += d / n;
    m2 += d * (v - m);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { count: 0, min: NaN, max: NaN, mean: NaN, std: NaN };
  return { count: n, min, max, mean: m, std: Math.sqrt(m2 / n) };
}

/** Population standard deviation of usable values; NaN when none. */
export function std(values: NumericArray): number {
  return summarize(values).std;
}

/** Maximum of usable values; NaN when none. */
export function nanMax(values: NumericArray): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isValue(v) && v > max) max = v;
  }
  return max === -Infinity ? NaN : max;
}

export { median, percentile } from './percentile';
