// One experiment's grid processed as the aggregate processes it, per voxel j (bsv layout, AP fastest,
// ML slab index ml = ⌊j / (nx·ny)⌋, mirror(ml) = nz − 1 − ml; see aggregate.ts):
//   x = src[j], or with hemisphere subtraction of the injected side S:
//       x = ml in the S half ? (src[j], src[mirror(j)] both valid ? f32(src[j] − src[mirror(j)]) : no data) : 0
//   out[j] = x valid ? f32(x · f32(1 / divisor)) : NaN
// valid = not NaN and ≠ sentinel (default NO_DATA, −1). The other half's 0 is a valid value.
// The single scalar implementation: the accumulator's scalar backend sums these values slab by slab
// (its SIMD backend mirrors the same lane arithmetic), and the subregions view's per-experiment
// values measure processGrid()'s output, so both see bit-identical numbers.
import { type GridShape, NO_DATA } from './grid';

export interface GridProcessing {
  /** Each valid value is divided by this (normalisation); 1 = none. Finite and > 0. */
  readonly divisor: number;
  /** Hemisphere subtraction with this injected side, or null. */
  readonly subtract: 'left' | 'right' | null;
  /** Value marking no data besides NaN. Default NO_DATA (−1); NaN when only NaN marks no data. */
  readonly sentinel?: number;
}

/** Whether ML slab `ml` of `nz` lies in the injected half of `side` (the middle slab of odd nz does not). */
export const inInjectedHalf = (side: 'left' | 'right', ml: number, nz: number): boolean => (side === 'left' ? ml < nz - 1 - ml : ml > nz - 1 - ml);

/** f32(1 / divisor), after checking the divisor (finite, > 0). */
export function processingScale(divisor: number): number {
  if (!Number.isFinite(divisor) || divisor <= 0) throw new RangeError(`divisor must be finite and > 0, got ${divisor}`);
  return Math.fround(1 / divisor);
}

/**
 * Processed values of ML slab `ml` (voxels ml·slab … (ml+1)·slab − 1 of `src`, `nz` slabs) written
 * to out[outOffset …]; NaN = no data. `scale` = processingScale(divisor).
 */
export function processSlab(
  src: Float32Array,
  slab: number,
  nz: number,
  ml: number,
  subtract: 'left' | 'right' | null,
  scale: number,
  sentinel: number,
  out: Float32Array,
  outOffset = 0,
): void {
  const f32 = Math.fround;
  const sent = f32(sentinel);
  const a = ml * slab;
  if (subtract === null) {
    for (let i = 0; i < slab; i++) {
      const x = src[a + i] as number;
      out[outOffset + i] = x === x && x !== sent ? x * scale : NaN; // the store rounds to f32
    }
    return;
  }
  if (!inInjectedHalf(subtract, ml, nz)) {
    out.fill(0, outOffset, outOffset + slab); // f32(0 · scale) = +0
    return;
  }
  const b = (nz - 1 - ml) * slab;
  for (let i = 0; i < slab; i++) {
    const x = src[a + i] as number;
    const y = src[b + i] as number;
    out[outOffset + i] = x === x && y === y && x !== sent && y !== sent ? f32(x - y) * scale : NaN;
  }
}

/** One experiment's raw grid processed as the aggregate does (see the file comment); NaN = no data. */
export function processGrid(raw: Float32Array, shape: GridShape, p: GridProcessing): Float32Array {
  const scale = processingScale(p.divisor);
  const slab = shape.nx * shape.ny;
  if (raw.length !== slab * shape.nz) throw new RangeError(`grid has ${raw.length} voxels, shape expects ${slab * shape.nz}`);
  const out = new Float32Array(raw.length);
  for (let ml = 0; ml < shape.nz; ml++) processSlab(raw, slab, shape.nz, ml, p.subtract, scale, p.sentinel ?? NO_DATA, out, ml * slab);
  return out;
}
