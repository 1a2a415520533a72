// Where the slices of plot_connectivity go (bsv-reference §3.3, fixed per DESIGN §4).
// All positions are CCF µm along the slicing axis: AP for 'coronal', ML for 'sagittal'.
// - Automatic chunks (bsv number_of_chunks): the region's extent along the axis, measured on
//   the exact mask as [first cell start, last cell end) µm, is cut into N equal chunks; slice k
//   averages the whole chunk [lo + k·w, lo + (k+1)·w) and is positioned at its centre. Chunks
//   do not overlap (bsv's windows sit on the chunk start and span two chunk widths: Q7).
// - Custom slices (bsv custom_slices + slice_averaging): custom positions in CCF µm; each window
//   is centred on its slice: position ± (slice_averaging + 0.5)·100 µm, i.e. 2k + 1 slabs of
//   100 µm for slice_averaging = k (bsv counts slice_averaging in 100 µm levels).
// Hemisphere handling: when the hemispheres are folded (the bsv default), the region's extent is
// measured on the left hemisphere (ML < 5700 µm) and sagittal positions right of the midline are
// mirrored to the left (z → 11400 − z).

import { MIDLINE_UM, type GridShape } from './grid';

export type SlicePlane = 'coronal' | 'sagittal';

/**
 * 'fold-sum': bsv's collapse — the left hemisphere plus the mirrored right one, summed
 *   (bsv-reference §3.5); a side with no data contributes nothing (both missing → no data).
 * 'fold-mean': the same fold, averaging the sides that have data.
 * 'both': no fold; the whole ML range is shown.
 */
export type HemisphereMode = 'fold-sum' | 'fold-mean' | 'both';

export interface SliceWindow {
  /** Slice centre along the slicing axis, CCF µm. */
  readonly positionUm: number;
  /** Slab [startUm, endUm) averaged into the slice, CCF µm. */
  readonly startUm: number;
  readonly endUm: number;
}

export interface SlicePlanParams {
  readonly plane: SlicePlane;
  /** bsv number_of_chunks (ignored when customSlicesUm is given). */
  readonly numberOfChunks: number;
  /** bsv custom_slices, here in CCF µm along the slicing axis. */
  readonly customSlicesUm?: readonly number[];
  /** bsv slice_averaging: extra 100 µm slabs on EACH side of a custom slice (default 0). */
  readonly sliceAveraging?: number;
  readonly hemisphere: HemisphereMode;
}

/** Extent [lo, hi) µm of mask cells along the slicing axis; null when the mask is empty. */
export function regionExtentUm(mask: Uint8Array, shape: GridShape, plane: SlicePlane, leftOnly: boolean): [number, number] | null {
  const { nx, ny, nz, resolutionUm: res } = shape;
  const zEnd = leftOnly ? leftHalfEnd(shape) : nz;
  let lo = Infinity;
  let hi = -Infinity;
  for (let z = 0; z < zEnd; z++) {
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      for (let x = 0; x < nx; x++) {
        if (!mask[row + x]) continue;
        const a = plane === 'coronal' ? x : z;
        if (a < lo) lo = a;
        if (a > hi) hi = a;
      }
    }
  }
  return hi < 0 ? null : [lo * res, (hi + 1) * res];
}

/** Number of ML cells whose centre lies left of the midline. */
export function leftHalfEnd(shape: GridShape): number {
  return Math.min(shape.nz, Math.ceil(MIDLINE_UM / shape.resolutionUm - 0.5));
}

export function planSlices(mask: Uint8Array, shape: GridShape, p: SlicePlanParams): SliceWindow[] {
  const folded = p.hemisphere !== 'both';
  if (p.customSlicesUm && p.customSlicesUm.length > 0) {
    const k = p.sliceAveraging ?? 0;
    if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`slice_averaging must be a whole number of 100 µm slabs ≥ 0, got ${k}`);
    const half = (k + 0.5) * 100;
    return p.customSlicesUm.map((s) => {
      if (!Number.isFinite(s)) throw new RangeError(`custom slice position must be finite µm, got ${s}`);
      const pos = folded && p.plane === 'sagittal' && s >= MIDLINE_UM ? 2 * MIDLINE_UM - s : s;
      return { positionUm: pos, startUm: pos - half, endUm: pos + half };
    });
  }
  const n = p.numberOfChunks;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`number_of_chunks must be an integer ≥ 1, got ${n}`);
  const ext = regionExtentUm(mask, shape, p.plane, folded);
  if (!ext) return [];
  return chunkWindows(ext[0], ext[1], n);
}

/**
 * `n` equal, non-overlapping windows over [loUm, hiUm) (CCF µm along the slicing axis), each
 * positioned at its centre: the automatic chunks above, for any extent (none if it is empty).
 */
export function chunkWindows(loUm: number, hiUm: number, n: number): SliceWindow[] {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`number_of_chunks must be an integer ≥ 1, got ${n}`);
  if (!(hiUm > loUm)) return [];
  const w = (hiUm - loUm) / n;
  return Array.from({ length: n }, (_, k) => {
    const s = loUm + k * w;
    const e = k === n - 1 ? hiUm : loUm + (k + 1) * w;
    return { positionUm: (s + e) / 2, startUm: s, endUm: e };
  });
}

/** Fine-cell index range [first, last] whose centres lie in [startUm, endUm), clamped to [0, n). */
export function cellRange(startUm: number, endUm: number, resUm: number, n: number): [number, number] {
  const first = Math.max(0, Math.ceil(startUm / resUm - 0.5));
  const last = Math.min(n - 1, Math.ceil(endUm / resUm - 0.5) - 1);
  return [first, last];
}
