// Everything the AP slider draws over the target's whole AP extent, computed once per prepared
// projectome (projectome.ts) so that an AP step never asks the worker again:
// - per AP index a and source s: the slab mean over AP a − t … a + t ÷ the ceiling, NOT clamped
//   (the renderer clamps to [0, 1]: opacity; a new ceiling is a gain), 0 outside the target at
//   slice a and where the slab has no data — exactly what renderProjectomeFrame draws, before
//   its clamp. Tiles are cropped to the target's DV × ML bounding box over its whole extent.
// - per AP: the draw order (weakest first by the target mean at slice a), those target means,
//   the target's bounding box at slice a, and the injection dots visible there.
// Layout: row-major rows = DV (dorsal first), cols = ML (CCF left hemisphere first), as the frame.

import { drawOrder, sourceSlice, visibleInjections, type ProjectomeContext } from './projectome';

export interface CellCrop {
  /** First DV row and ML column of the crop in the ny × nz section; its size. */
  readonly r0: number;
  readonly c0: number;
  readonly rows: number;
  readonly cols: number;
}

export interface ProjectomeStack {
  /** AP indices apStart … apStart + apCount − 1 (the target's extent; apCount 0 when empty). */
  readonly apStart: number;
  readonly apCount: number;
  readonly sources: number;
  /** Rows (DV) and columns (ML) of the whole section (the density grid's ny × nz). */
  readonly rows: number;
  readonly cols: number;
  readonly resolutionUm: number;
  readonly crop: CellCrop;
  /** Float32 [apCount][sources][crop.rows][crop.cols]: slab mean ÷ ceiling, unclamped. */
  readonly values: Float32Array;
  /** Int32 [apCount][sources]: source indices in draw order (weakest first). */
  readonly order: Int32Array;
  /** Float64 [apCount][sources]: mean over the target at the slice (NaN when none has data). */
  readonly targetMean: Float64Array;
  /** Int32 [apCount][4]: the target's cells at the slice, r0, r1, c0, c1 inclusive (section cells); −1s when none. */
  readonly targetBoxes: Int32Array;
  /** Int32 [apCount + 1]: the dots visible at AP apStart + k are injectionIndices[offsets[k] … offsets[k+1]). */
  readonly injectionOffsets: Int32Array;
  /** Indices into the prepared injections, ascending per AP. */
  readonly injectionIndices: Int32Array;
  readonly ceiling: number;
}

/** Grows `box` (r0, r1, c0, c1; start with Infinity, −1, Infinity, −1) by section pixel offsets dv·nz + ml. */
function growBox(box: number[], pixels: Iterable<number>, nz: number): void {
  for (const q of pixels) {
    const dv = (q / nz) | 0;
    const ml = q - dv * nz;
    if (dv < (box[0] ?? Infinity)) box[0] = dv;
    if (dv > (box[1] ?? -1)) box[1] = dv;
    if (ml < (box[2] ?? Infinity)) box[2] = ml;
    if (ml > (box[3] ?? -1)) box[3] = ml;
  }
}

function cropOf(ctx: ProjectomeContext, a0: number, n: number): CellCrop {
  const box = [Infinity, -1, Infinity, -1];
  for (let k = 0; k < n; k++) growBox(box, ctx.targetPixels[a0 + k] ?? [], ctx.shape.nz);
  const [r0 = 0, r1 = -1, c0 = 0, c1 = -1] = box;
  return r1 < 0 ? { r0: 0, c0: 0, rows: 0, cols: 0 } : { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
}

export function projectomeStack(ctx: ProjectomeContext): ProjectomeStack {
  const { ny, nz } = ctx.shape;
  const [a0, a1] = ctx.apRange;
  const apCount = a0 < 0 ? 0 : a1 - a0 + 1;
  const apStart = a0 < 0 ? 0 : a0;
  const ns = ctx.sources.length;
  const crop = cropOf(ctx, apStart, apCount);
  const tile = crop.rows * crop.cols;
  const values = new Float32Array(apCount * ns * tile);
  const order = new Int32Array(apCount * ns);
  const targetMean = new Float64Array(apCount * ns);
  const targetBoxes = new Int32Array(apCount * 4).fill(-1);
  const injectionOffsets = new Int32Array(apCount + 1);
  const visible = new Int32Array(ctx.injections.length);
  const indices: number[] = [];
  for (let k = 0; k < apCount; k++) {
    const a = apStart + k;
    for (let s = 0; s < ns; s++) {
      targetMean[k * ns + s] = sourceSlice(ctx, s, a, values, (k * ns + s) * tile, crop.r0, crop.c0, crop.cols, false);
    }
    drawOrder(targetMean.subarray(k * ns, (k + 1) * ns), order.subarray(k * ns, (k + 1) * ns));
    const box = [Infinity, -1, Infinity, -1];
    growBox(box, ctx.targetPixels[a] ?? [], nz);
    if ((box[1] ?? -1) >= 0) targetBoxes.set(box, 4 * k);
    const count = visibleInjections(ctx, a, visible, 0);
    for (let i = 0; i < count; i++) indices.push(visible[i] ?? 0);
    injectionOffsets[k + 1] = indices.length;
  }
  return {
    apStart,
    apCount,
    sources: ns,
    rows: ny,
    cols: nz,
    resolutionUm: ctx.shape.resolutionUm,
    crop,
    values,
    order,
    targetMean,
    targetBoxes,
    injectionOffsets,
    injectionIndices: Int32Array.from(indices),
    ceiling: ctx.ceiling,
  };
}

/**
 * The frame at AP index `apIndex` as renderProjectomeFrame gives it, from a stack: per source the
 * full ny × nz alpha map (value × gain, clamped to [0, 1]), written into `alpha` (source-major,
 * length sources·ny·nz). For exports of what is on screen. `gain` = stack ceiling ÷ the ceiling
 * shown (1: the stack's own).
 */
export function stackAlpha(stack: ProjectomeStack, apIndex: number, alpha: Float32Array, gain = 1): Float32Array {
  const n = stack.rows * stack.cols;
  if (alpha.length !== stack.sources * n) throw new RangeError(`alpha length ${alpha.length} ≠ ${stack.sources} × ${n}`);
  alpha.fill(0);
  const k = apIndex - stack.apStart;
  if (!(Number.isInteger(k) && k >= 0 && k < stack.apCount)) return alpha;
  const { r0, c0, rows, cols } = stack.crop;
  for (let s = 0; s < stack.sources; s++) {
    const base = (k * stack.sources + s) * rows * cols;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const v = (stack.values[base + r * cols + c] ?? 0) * gain;
        alpha[s * n + (r0 + r) * stack.cols + c0 + c] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
  }
  return alpha;
}
