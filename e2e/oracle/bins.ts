// bsv grouping_bins (B bins) over injection coordinates, and numpy's 'linear' percentile.
//   Bins: v = injection coordinate on the axis (AP = injection_x, DV = y, ML = z, CCF µm) of each
//   member; edges = B+1 values k·(max-min)/B + min (numpy linspace; the last edge = max exactly);
//   bin = (number of edges ≤ v) - 1, clamped to [0, B-1]; empty bins dropped; centre = mean v of
//   the bin's members; range [edge_k, edge_{k+1}]. max = min → one bin [min, min].
//   Members: the caller passes the group's experiments that survive planning (planGroup.kept);
//   failed downloads are still members.
//   Percentile p: sort ascending, rank = p/100·(n-1), interpolate between floor and ceil (numpy's
//   _lerp: a + (b-a)·t for t < 0.5, b - (b-a)·(1-t) otherwise); NaN for no values.
import type { OracleWorld } from './world.ts';

export interface Bin {
  readonly lo: number;
  readonly hi: number;
  readonly centreUm: number;
  readonly members: number[];
}

export function coordinateBins(entries: ReadonlyArray<{ readonly id: number; readonly v: number }>, bins: number): Bin[] {
  if (entries.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const e of entries) {
    if (e.v < min) min = e.v;
    if (e.v > max) max = e.v;
  }
  if (max === min) return [{ lo: min, hi: max, centreUm: min, members: entries.map((e) => e.id) }];
  const step = (max - min) / bins;
  const edges: number[] = [];
  for (let k = 0; k <= bins; k++) edges.push(k === bins ? max : k * step + min);
  const members: Array<Array<{ id: number; v: number }>> = Array.from({ length: bins }, () => []);
  for (const e of entries) {
    let below = 0;
    for (const edge of edges) if (edge <= e.v) below++;
    const b = Math.min(bins - 1, Math.max(0, below - 1));
    members[b]?.push(e);
  }
  const out: Bin[] = [];
  members.forEach((list, b) => {
    if (list.length === 0) return;
    let sum = 0;
    for (const e of list) sum += e.v;
    out.push({ lo: edges[b] ?? NaN, hi: edges[b + 1] ?? NaN, centreUm: sum / list.length, members: list.map((e) => e.id) });
  });
  return out;
}

export type Axis = 'ap' | 'dv' | 'ml';

/** Bins of experiments by injection coordinate (unknown ids are skipped). */
export function apBins(w: OracleWorld, ids: readonly number[], bins: number, axis: Axis = 'ap'): Bin[] {
  const entries = ids.flatMap((id) => {
    const e = w.experimentById.get(id);
    if (!e) return [];
    return [{ id, v: axis === 'ap' ? e.x : axis === 'dv' ? e.y : e.z }];
  });
  return coordinateBins(entries, bins);
}

export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? NaN;
  const b = sorted[hi] ?? NaN;
  const t = rank - lo;
  return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
}
