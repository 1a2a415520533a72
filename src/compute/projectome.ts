// plot_upstream_projectome, data side (bsv-reference §4.15). Coronal, both hemispheres, raw
// (caller-normalised) per-source mean densities on the 100 µm grid (AP fastest; NaN / −1 = no
// data). Split into prepareProjectome (once per source set × target: ceiling, target lists,
// marker sizes) and renderProjectomeFrame (per AP position; allocation-free, writes into a
// frame made by createProjectomeFrame), so the AP slider stays far below 16 ms.
// Choices (bsv → here):
// - Target at 100 µm: a voxel is in the target when ≥ 50 % of it is inside the (possibly finer)
//   target mask (bsv samples the corner 10 µm voxel of each cell, Q29).
// - Ceiling: numpy-linear percentile `densityPercentile` (bsv density_percentile, default 99)
//   of all positive in-target voxel values of all source means, all AP; 1 when none (bsv).
// - Alpha for source s at AP index a: mean over AP a − t … a + t (t = sliceThickness, clipped to
//   the volume; no-data voxels skipped per pixel) divided by the ceiling, clamped to [0, 1],
//   and 0 outside the target at slice a (bsv). Layout: full section, row-major ny × nz
//   (rows = DV dorsal first, cols = ML increasing CCF z: left hemisphere on the left).
// - Draw order: ascending mean density over the target at slice a (strongest drawn last).
// - Injection dots: shown when |AP − (a·100 + 50)| ≤ t·100 + 100 µm and DV, ML ≥ 0 (bsv: in
//   10 µm atlas units t·10 + 10). Marker area (pt²) = 20 + 180·(v − vmin)/(vmax − vmin) over the
//   injection volumes given (all 20 when equal; non-finite volumes get 20).
// Other planes (section-plane.ts): the same computation with the axes permuted — "AP index" is
// the slice index along the plane's axis, DV/ML the image rows/columns (ctx.shape is the plane's
// view: nx slices, ny rows, nz columns), read through strides from the volumes as they are.
// Dots: the plane's slicing coordinate within reach, the two image coordinates ≥ 0.

import type { GridShape } from './grid';
import { isDensityValue, percentileInPlace } from './percentile';
import { maskCoverage } from './binning-coverage';
import { PLANE_AXES, planeView, type SectionPlane } from './section-plane';

export interface ProjectomeInjection {
  readonly apUm: number;
  readonly dvUm: number;
  readonly mlUm: number;
  /** mm³ (Allen injection volume). */
  readonly volumeMm3: number;
  /** Index into the sources array. */
  readonly source: number;
}

export interface ProjectomeParams {
  /** bsv slice_thickness: 100 µm slices averaged on EACH side (default 2). */
  readonly sliceThickness?: number;
  /** bsv density_percentile (default 99). */
  readonly densityPercentile?: number;
}

export interface ProjectomeContext {
  /** The plane's view of the grid: nx slices along its axis, ny image rows, nz image columns. */
  readonly shape: GridShape;
  readonly plane: SectionPlane;
  /** Memory strides of a slice, row and column step in the source volumes (Allen order). */
  readonly strides: { readonly slice: number; readonly row: number; readonly col: number };
  readonly sources: readonly Float32Array[];
  readonly sliceThickness: number;
  readonly ceiling: number;
  /** First and last AP index (100 µm) containing the target; [-1, -1] when empty. */
  readonly apRange: readonly [number, number];
  /** Per AP index a: pixel offsets (dv·nz + ml) of the target at that slice. */
  readonly targetPixels: readonly Int32Array[];
  readonly injections: readonly ProjectomeInjection[];
  /** Marker area in pt² per injection. */
  readonly markerSizes: Float32Array;
}

export interface ProjectomeFrame {
  apIndex: number;
  /** Per source: alpha map ny × nz in [0, 1]. */
  readonly alpha: Float32Array[];
  /** Source indices, weakest first (draw in this order). */
  readonly order: Int32Array;
  /** Per source: mean density over the target at slice apIndex (NaN when no data). */
  readonly targetMean: Float64Array;
  /** Indices into ctx.injections of visible dots: the first `injectionCount` entries. */
  readonly visibleInjections: Int32Array;
  injectionCount: number;
}

/** 100 µm target membership from a mask on any grid of the same CCF extent (≥ 50 % coverage). */
export function targetAt100(mask: Uint8Array, maskShape: GridShape, shape: GridShape): Uint8Array {
  // on the same grid every voxel is covered wholly or not at all
  if (maskShape.nx === shape.nx && maskShape.ny === shape.ny && maskShape.nz === shape.nz && maskShape.resolutionUm === shape.resolutionUm) {
    if (mask.length !== shape.nx * shape.ny * shape.nz) throw new RangeError('mask length does not match its GridShape');
    const out = new Uint8Array(mask.length);
    for (let i = 0; i < mask.length; i++) if (mask[i]) out[i] = 1;
    return out;
  }
  const cov = maskCoverage(mask, maskShape, shape);
  const out = new Uint8Array(cov.length);
  for (let i = 0; i < cov.length; i++) if ((cov[i] ?? 0) >= 0.5) out[i] = 1;
  return out;
}

export function prepareProjectome(
  sources: readonly Float32Array[],
  shape: GridShape,
  targetMask: Uint8Array,
  targetShape: GridShape,
  injections: readonly ProjectomeInjection[],
  params: ProjectomeParams = {},
  plane: SectionPlane = 'coronal',
): ProjectomeContext {
  const { nx, ny, nz } = shape;
  for (const s of sources) if (s.length !== nx * ny * nz) throw new RangeError(`source volume length ${s.length} ≠ ${nx * ny * nz}`);
  const t = params.sliceThickness ?? 2;
  if (!(Number.isInteger(t) && t >= 0)) throw new RangeError(`slice_thickness must be a whole number of 100 µm slices ≥ 0, got ${t}`);
  const p = params.densityPercentile ?? 99;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`density_percentile must be within [0, 100], got ${p}`);
  for (const inj of injections)
    if (!(Number.isInteger(inj.source) && inj.source >= 0 && inj.source < sources.length))
      throw new RangeError(`injection source ${inj.source} is not a source index`);
  const target = targetAt100(targetMask, targetShape, shape);
  const view = planeView(shape, plane);
  const strides = { slice: view.sliceStride, row: view.rowStride, col: view.colStride };
  const vs = view.shape;
  const lists: number[][] = Array.from({ length: vs.nx }, () => []);
  let a0 = -1,
    a1 = -1;
  // pixels listed per slice in (column, row) order: for coronal (ML, DV), as before
  for (let c = 0; c < vs.nz; c++)
    for (let r = 0; r < vs.ny; r++)
      for (let x = 0; x < vs.nx; x++)
        if (target[x * strides.slice + r * strides.row + c * strides.col]) {
          lists[x]?.push(r * vs.nz + c);
          if (a0 < 0 || x < a0) a0 = x;
          if (x > a1) a1 = x;
        }
  const targetPixels = lists.map((l) => Int32Array.from(l));
  // ceiling over positive in-target values of every source (the in-slice offsets of the target's
  // pixels once, then one typed array of values: no boxed numbers)
  let total = 0;
  for (const px of targetPixels) total += px.length;
  const offsets = new Int32Array(total);
  let at = 0;
  for (const px of targetPixels) for (const q of px) offsets[at++] = Math.floor(q / vs.nz) * strides.row + (q % vs.nz) * strides.col;
  const scratch = new Float64Array(sources.length * total);
  let found = 0;
  for (const s of sources) {
    at = 0;
    for (let x = 0; x < vs.nx; x++) {
      const count = targetPixels[x]?.length ?? 0;
      const base = x * strides.slice;
      for (let i = 0; i < count; i++) {
        const v = s[base + (offsets[at++] as number)];
        if (isDensityValue(v) && v > 0) scratch[found++] = v;
      }
    }
  }
  let ceiling = found > 0 ? percentileInPlace(scratch.subarray(0, found), p) : 1;
  if (!(ceiling > 0)) ceiling = 1;
  let vmin = Infinity,
    vmax = -Infinity;
  for (const inj of injections)
    if (Number.isFinite(inj.volumeMm3)) {
      vmin = Math.min(vmin, inj.volumeMm3);
      vmax = Math.max(vmax, inj.volumeMm3);
    }
  const markerSizes = Float32Array.from(injections, (inj) =>
    Number.isFinite(inj.volumeMm3) && vmax > vmin ? 20 + (180 * (inj.volumeMm3 - vmin)) / (vmax - vmin) : 20,
  );
  return { shape: vs, plane, strides, sources, sliceThickness: t, ceiling, apRange: [a0, a1], targetPixels, injections, markerSizes };
}

export function createProjectomeFrame(ctx: ProjectomeContext): ProjectomeFrame {
  const n = ctx.shape.ny * ctx.shape.nz;
  return {
    apIndex: -1,
    alpha: ctx.sources.map(() => new Float32Array(n)),
    order: new Int32Array(ctx.sources.length),
    targetMean: new Float64Array(ctx.sources.length),
    visibleInjections: new Int32Array(ctx.injections.length),
    injectionCount: 0,
  };
}

/**
 * Source `s` at slice `apIndex`: for every target pixel of the slice, the mean of the source over
 * the slab AP apIndex − t … apIndex + t (clipped to the volume; no-data voxels skipped) ÷ the
 * ceiling — clamped to [0, 1] when `clamp`, else as is — written to
 * out[base + (dv − r0)·stride + (ml − c0)]. Pixels whose slab has no data are not written.
 * Returns the mean of the source over the target at the slice itself (NaN when none has data):
 * the key of the draw order. Allocation-free.
 */
export function sourceSlice(
  ctx: ProjectomeContext,
  s: number,
  apIndex: number,
  out: Float32Array,
  base: number,
  r0: number,
  c0: number,
  stride: number,
  clamp: boolean,
): number {
  const { nx, nz } = ctx.shape;
  const { slice: ss, row: rs, col: cs } = ctx.strides;
  const vol = ctx.sources[s];
  if (!vol) return NaN;
  const lo = Math.max(0, apIndex - ctx.sliceThickness);
  const hi = Math.min(nx - 1, apIndex + ctx.sliceThickness);
  const px = ctx.targetPixels[apIndex] ?? EMPTY;
  const inv = 1 / ctx.ceiling;
  let tSum = 0,
    tN = 0;
  for (let i = 0; i < px.length; i++) {
    const q = px[i] ?? 0;
    const dv = (q / nz) | 0;
    const ml = q - dv * nz;
    const vbase = rs * dv + cs * ml;
    const centre = vol[vbase + ss * apIndex];
    if (isDensityValue(centre)) {
      tSum += centre;
      tN++;
    }
    let sum = 0,
      n = 0;
    for (let a = lo; a <= hi; a++) {
      const v = vol[vbase + ss * a];
      if (isDensityValue(v)) {
        sum += v;
        n++;
      }
    }
    if (n === 0) continue;
    const al = (sum / n) * inv;
    out[base + (dv - r0) * stride + (ml - c0)] = clamp ? (al < 0 ? 0 : al > 1 ? 1 : al) : al;
  }
  return tN > 0 ? tSum / tN : NaN;
}

const EMPTY = new Int32Array(0);

/** Source indices 0 … n − 1 sorted weakest first by their target mean (NaN first), ties by index. */
export function drawOrder(targetMean: Float64Array, order: Int32Array): Int32Array {
  for (let s = 0; s < order.length; s++) order[s] = s;
  const key = (s: number): number => {
    const m = targetMean[s] ?? NaN;
    return Number.isNaN(m) ? -Infinity : m;
  };
  return order.sort((a, b) => key(a) - key(b) || a - b);
}

/** Writes the indices of the injection dots visible at slice `apIndex` to out[offset …]; returns their count. */
export function visibleInjections(ctx: ProjectomeContext, apIndex: number, out: Int32Array, offset: number): number {
  const centreUm = apIndex * ctx.shape.resolutionUm + ctx.shape.resolutionUm / 2;
  const reach = (ctx.sliceThickness + 1) * ctx.shape.resolutionUm;
  const axes = PLANE_AXES[ctx.plane];
  let k = 0;
  for (let i = 0; i < ctx.injections.length; i++) {
    const inj = ctx.injections[i];
    if (!inj) continue;
    const um = [inj.apUm, inj.dvUm, inj.mlUm];
    if (Math.abs((um[axes.slice] ?? NaN) - centreUm) <= reach && (um[axes.row] ?? -1) >= 0 && (um[axes.col] ?? -1) >= 0) out[offset + k++] = i;
  }
  return k;
}

/** Fill `frame` for AP index `apIndex` (0 … nx − 1). Allocation-free except the order sort. */
export function renderProjectomeFrame(ctx: ProjectomeContext, apIndex: number, frame: ProjectomeFrame): ProjectomeFrame {
  const { nx, nz } = ctx.shape;
  if (!(Number.isInteger(apIndex) && apIndex >= 0 && apIndex < nx)) throw new RangeError(`AP index ${apIndex} outside 0…${nx - 1}`);
  frame.apIndex = apIndex;
  for (let s = 0; s < ctx.sources.length; s++) {
    const alpha = frame.alpha[s];
    if (!ctx.sources[s] || !alpha) continue;
    alpha.fill(0);
    frame.targetMean[s] = sourceSlice(ctx, s, apIndex, alpha, 0, 0, 0, nz, true);
  }
  drawOrder(frame.targetMean, frame.order);
  frame.injectionCount = visibleInjections(ctx, apIndex, frame.visibleInjections, 0);
  return frame;
}

/**
 * The numbers behind the projectome (its CSV): for every AP index over the target's extent and
 * every source, the mean and the maximum of the source's mean volume over the target's voxels at
 * that slice (100 µm mask, both hemispheres; voxels without data skipped; NaN when none has data).
 * These are the per-slice target means that order the drawing, not slab averages.
 */
export interface ProjectomeApStats {
  /** AP indices apRange[0] … apRange[1] (empty when the target is empty). */
  readonly apIndices: Int32Array;
  /** Target voxels at each AP index. */
  readonly targetVoxels: Int32Array;
  /** Per source, per AP index (same order as apIndices). */
  readonly mean: Float64Array[];
  readonly max: Float64Array[];
  readonly voxelsWithData: Int32Array[];
}

export function projectomeApStats(ctx: ProjectomeContext): ProjectomeApStats {
  const { nz } = ctx.shape;
  const { slice: ss, row: rs, col: cs } = ctx.strides;
  const [a0, a1] = ctx.apRange;
  const n = a0 < 0 ? 0 : a1 - a0 + 1;
  const apIndices = Int32Array.from({ length: n }, (_, k) => a0 + k);
  const targetVoxels = Int32Array.from(apIndices, (a) => ctx.targetPixels[a]?.length ?? 0);
  const mean = ctx.sources.map(() => new Float64Array(n).fill(NaN));
  const max = ctx.sources.map(() => new Float64Array(n).fill(NaN));
  const voxelsWithData = ctx.sources.map(() => new Int32Array(n));
  ctx.sources.forEach((vol, s) => {
    for (let k = 0; k < n; k++) {
      const a = a0 + k;
      let sum = 0,
        cnt = 0,
        hi = -Infinity;
      for (const q of ctx.targetPixels[a] ?? []) {
        const dv = (q / nz) | 0;
        const v = vol[ss * a + rs * dv + cs * (q - dv * nz)];
        if (!isDensityValue(v)) continue;
        sum += v;
        cnt++;
        if (v > hi) hi = v;
      }
      (voxelsWithData[s] as Int32Array)[k] = cnt;
      if (cnt > 0) {
        (mean[s] as Float64Array)[k] = sum / cnt;
        (max[s] as Float64Array)[k] = hi;
      }
    }
  });
  return { apIndices, targetVoxels, mean, max, voxelsWithData };
}

/**
 * What the frame at `apIndex` draws, before the colour scale: per source and target pixel at that
 * slice, the mean over the slab AP apIndex − t … apIndex + t (voxels without data skipped; NaN when
 * none). Pixels are dv·nz + ml offsets of the full section.
 */
export function projectomeSlab(ctx: ProjectomeContext, apIndex: number): { readonly pixels: Int32Array; readonly values: Float32Array[] } {
  const { nx, nz } = ctx.shape;
  const { slice: ss, row: rs, col: cs } = ctx.strides;
  if (!(Number.isInteger(apIndex) && apIndex >= 0 && apIndex < nx)) throw new RangeError(`AP index ${apIndex} outside 0…${nx - 1}`);
  const pixels = ctx.targetPixels[apIndex] ?? new Int32Array(0);
  const lo = Math.max(0, apIndex - ctx.sliceThickness);
  const hi = Math.min(nx - 1, apIndex + ctx.sliceThickness);
  const values = ctx.sources.map((vol) => {
    const out = new Float32Array(pixels.length).fill(NaN);
    pixels.forEach((q, i) => {
      const dv = (q / nz) | 0;
      const base = rs * dv + cs * (q - dv * nz);
      let sum = 0,
        cnt = 0;
      for (let a = lo; a <= hi; a++) {
        const v = vol[base + ss * a];
        if (isDensityValue(v)) {
          sum += v;
          cnt++;
        }
      }
      if (cnt > 0) out[i] = sum / cnt;
    });
    return out;
  });
  return { pixels: pixels.slice(), values };
}
