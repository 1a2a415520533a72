// Region masks and target statistics on the 100 µm annotation.
//   mask: annotation label ∈ {structure} ∪ descendants (ontology tree); voxels wholly in or out.
//   hemisphere: left = ML index 0..56, right = 57..113, both = all.
//   targetStats over mask voxels whose value is not NaN (pass group means, NaN = no data):
//     mean = Σ/n, max, min, volumeMm3 = Σ value × 0.001, voxelsWithData = n; NaN when n = 0.
import { MIDLINE_INDEX, NX, NY, VOXEL_MM3 } from './world.ts';
import type { OracleWorld } from './world.ts';

export type Hemisphere = 'left' | 'right' | 'both';

export function regionMask(w: OracleWorld, acronym: string, hemisphere: Hemisphere): Uint8Array {
  const inside = w.ontology.subtree(w.ontology.idOf(acronym));
  const labels = w.annotation;
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    if (!inside.has(labels[i] ?? 0)) continue;
    const ml = Math.floor(i / (NX * NY));
    if (hemisphere === 'left' && ml >= MIDLINE_INDEX) continue;
    if (hemisphere === 'right' && ml < MIDLINE_INDEX) continue;
    mask[i] = 1;
  }
  return mask;
}

export interface TargetStats {
  readonly mean: number;
  readonly max: number;
  readonly min: number;
  readonly volumeMm3: number;
  readonly voxelsWithData: number;
}

export function targetStats(vol: ArrayLike<number>, mask: ArrayLike<number>): TargetStats {
  let n = 0;
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    const v = vol[i] ?? NaN;
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (n === 0) return { mean: NaN, max: NaN, min: NaN, volumeMm3: NaN, voxelsWithData: 0 };
  return { mean: sum / n, max, min, volumeMm3: sum * VOXEL_MM3, voxelsWithData: n };
}
