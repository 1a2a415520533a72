// Projectome (upstream viewer) numbers for one target.
//   Target mask: the target's region mask, both hemispheres.
//   AP extent: first..last AP index holding a target voxel; apUm = index × 100 (anterior face).
//   Per AP index a and source s: mean and max of source mean volume s over the target voxels of
//   slice a whose value is not NaN; NaN when there are none.
//   Ceiling: percentile p (default 99, numpy linear) over all POSITIVE non-NaN values of every
//   source volume at target voxels (all AP indices, all sources pooled); 1 when there are none.
import { percentile } from './bins.ts';
import { regionMask } from './masks.ts';
import { NX, NY, NZ } from './world.ts';
import type { OracleWorld } from './world.ts';

export interface ProjectomeSlice {
  readonly apIndex: number;
  readonly apUm: number;
  readonly mean: number[];
  readonly max: number[];
}

export interface Projectome {
  readonly apFirst: number;
  readonly apLast: number;
  readonly perAp: ProjectomeSlice[];
  readonly ceiling: number;
}

export function projectome(
  w: OracleWorld,
  sourceMeans: readonly Float64Array[],
  targetAcronym: string,
  opts: { readonly percentile?: number } = {},
): Projectome {
  const mask = regionMask(w, targetAcronym, 'both');
  let apFirst = -1;
  let apLast = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    const ap = i % NX;
    if (apFirst < 0 || ap < apFirst) apFirst = ap;
    if (ap > apLast) apLast = ap;
  }
  const perAp: ProjectomeSlice[] = [];
  for (let a = apFirst; a >= 0 && a <= apLast; a++) {
    const mean: number[] = [];
    const max: number[] = [];
    for (const vol of sourceMeans) {
      let n = 0;
      let sum = 0;
      let mx = -Infinity;
      for (let ml = 0; ml < NZ; ml++) {
        for (let dv = 0; dv < NY; dv++) {
          const i = a + NX * (dv + NY * ml);
          if (mask[i] !== 1) continue;
          const v = vol[i] ?? NaN;
          if (Number.isNaN(v)) continue;
          n++;
          sum += v;
          if (v > mx) mx = v;
        }
      }
      mean.push(n > 0 ? sum / n : NaN);
      max.push(n > 0 ? mx : NaN);
    }
    perAp.push({ apIndex: a, apUm: a * 100, mean, max });
  }
  const positive: number[] = [];
  for (const vol of sourceMeans) {
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] !== 1) continue;
      const v = vol[i] ?? NaN;
      if (v > 0) positive.push(v);
    }
  }
  const ceiling = positive.length > 0 ? percentile(positive, opts.percentile ?? 99) : 1;
  return { apFirst, apLast, perAp, ceiling };
}
