// Coronal slice region means with automatic chunks.
//   Mask: the target's region mask; 'fold-sum' uses its left half only (ML index < 57), 'both' the
//   whole mask. Extent (of the mask used) = [first AP index × 100, (last AP index + 1) × 100) µm.
//   Chunk k of N: [lo + k·w, lo + (k+1)·w) with w = (hi - lo)/N; the last ends at hi exactly.
//   The 100 µm slab of AP index i belongs to chunk k when its centre (i + 0.5)·100 is in it.
//   Region mean of group g in chunk k = Σ / count over the mask voxels of the chunk's slabs of
//     fold-sum: folded(v) = D[v] + D[mirror(v)], mirror(ml) = 113 - ml, each term only if not NaN;
//               both NaN → no data (skipped);
//     both:     D[v] when not NaN.
//   A chunk without data has mean NaN.
import { regionMask } from './masks.ts';
import { MIDLINE_INDEX, NX, NY, NZ } from './world.ts';
import type { OracleWorld } from './world.ts';

export interface SliceChunk {
  readonly startUm: number;
  readonly endUm: number;
  readonly centreUm: number;
  readonly mean: number[];
}

export function sliceRegionMeans(
  w: OracleWorld,
  groupMeans: readonly Float64Array[],
  targetAcronym: string,
  opts: { readonly chunks: number; readonly hemisphere: 'fold-sum' | 'both' },
): SliceChunk[] {
  const fold = opts.hemisphere === 'fold-sum';
  const mask = regionMask(w, targetAcronym, fold ? 'left' : 'both');
  let first = -1;
  let last = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    const ap = i % NX;
    if (first < 0 || ap < first) first = ap;
    if (ap > last) last = ap;
  }
  if (first < 0) return [];
  const lo = first * 100;
  const hi = (last + 1) * 100;
  const width = (hi - lo) / opts.chunks;
  const out: SliceChunk[] = [];
  for (let k = 0; k < opts.chunks; k++) {
    const start = lo + k * width;
    const end = k === opts.chunks - 1 ? hi : lo + (k + 1) * width;
    const mean = groupMeans.map((d) => {
      let sum = 0;
      let n = 0;
      for (let ap = first; ap <= last; ap++) {
        const centre = (ap + 0.5) * 100;
        if (centre < start || centre >= end) continue;
        for (let ml = 0; ml < (fold ? MIDLINE_INDEX : NZ); ml++) {
          for (let dv = 0; dv < NY; dv++) {
            const i = ap + NX * (dv + NY * ml);
            if (mask[i] !== 1) continue;
            const a = d[i] ?? NaN;
            const b = fold ? (d[ap + NX * (dv + NY * (NZ - 1 - ml))] ?? NaN) : NaN;
            if (Number.isNaN(a) && Number.isNaN(b)) continue;
            sum += (Number.isNaN(a) ? 0 : a) + (Number.isNaN(b) ? 0 : b);
            n++;
          }
        }
      }
      return n > 0 ? sum / n : NaN;
    });
    out.push({ startUm: start, endUm: end, centreUm: (start + end) / 2, mean });
  }
  return out;
}
