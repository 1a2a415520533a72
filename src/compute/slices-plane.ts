// Slab → fine plane accumulation for one slice window (feeds binning.ts).
// Density volumes are on a 100 µm grid (any GridShape, AP fastest); the region mask is on a grid
// with the same CCF extent at resolution 100/f (f = 1, 2, 4 ...). Each fine mask cell reads the
// density voxel that contains its centre, so a 100 µm voxel contributes in proportion to the
// fraction of it inside the mask. No-data voxels (NaN, −1) contribute to neither sum nor weight.
// Plane axes: coronal → u = ML, v = DV (slab along AP); sagittal → u = AP, v = DV (slab along ML).

import type { GridShape } from './grid';
import { isDensityValue } from './percentile';
import type { SlabPlane } from './binning';
import { cellRange, leftHalfEnd, type HemisphereMode, type SlicePlane, type SliceWindow } from './slices-plan';

export interface SlabPlanes {
  /** One plane per density volume (group); `cover` is shared. */
  readonly planes: SlabPlane[];
  /** Fine cells through the slab. */
  readonly depthCells: number;
  /** Region bounding box on the plane in µm: u (ML or AP) and v (DV), [lo, hi). */
  readonly uRangeUm: [number, number];
  readonly vRangeUm: [number, number];
  /**
   * The slice's region mean per group: Σ (folded) density / count over the mask cells in the slab
   * whose density has data (the whole region in the window, whatever the bins), and that count.
   */
  readonly regionSum: Float64Array;
  readonly regionWithData: Int32Array;
  /** Mask cells in the slab (folded: left half only). */
  readonly regionCells: number;
}

/** Fine → coarse index lookup along one axis (voxel containing the fine cell's centre). */
export function coarseLookup(nFine: number, resFine: number, nCoarse: number, resCoarse: number): Int32Array {
  const out = new Int32Array(nFine);
  for (let i = 0; i < nFine; i++) out[i] = Math.min(nCoarse - 1, Math.floor(((i + 0.5) * resFine) / resCoarse));
  return out;
}

/** Fold/plain read of one density voxel (index `a`, mirror `b`); NaN when no data. */
export function readFolded(d: Float32Array, a: number, b: number, mode: HemisphereMode): number {
  const va = d[a];
  if (mode === 'both') return isDensityValue(va) ? va : NaN;
  const vb = d[b];
  const okA = isDensityValue(va);
  const okB = isDensityValue(vb);
  if (okA && okB) return mode === 'fold-sum' ? va + vb : (va + vb) / 2;
  if (okA) return va;
  if (okB) return vb;
  return NaN;
}

export function buildSlabPlanes(
  densities: readonly Float32Array[],
  dShape: GridShape,
  mask: Uint8Array,
  mShape: GridShape,
  win: SliceWindow,
  plane: SlicePlane,
  hemisphere: HemisphereMode,
  regionOnly: boolean,
): SlabPlanes | null {
  const { nx, ny, nz, resolutionUm: res } = mShape;
  const cx = coarseLookup(nx, res, dShape.nx, dShape.resolutionUm);
  const cy = coarseLookup(ny, res, dShape.ny, dShape.resolutionUm);
  const cz = coarseLookup(nz, res, dShape.nz, dShape.resolutionUm);
  const zEnd = hemisphere === 'both' ? nz : leftHalfEnd(mShape);
  const coronal = plane === 'coronal';
  const [s0, s1] = cellRange(win.startUm, win.endUm, res, coronal ? nx : zEnd);
  if (s1 < s0) return null;
  const nu = coronal ? zEnd : nx;
  // region bounding box on the plane
  let u0 = Infinity,
    u1 = -1,
    v0 = Infinity,
    v1 = -1;
  for (let s = s0; s <= s1; s++)
    for (let u = 0; u < nu; u++)
      for (let v = 0; v < ny; v++) {
        const mi = coronal ? s + nx * (v + ny * u) : u + nx * (v + ny * s);
        if (!mask[mi]) continue;
        if (u < u0) u0 = u;
        if (u > u1) u1 = u;
        if (v < v0) v0 = v;
        if (v > v1) v1 = v;
      }
  if (u1 < 0) return null;
  const pu = u1 - u0 + 1;
  const pv = v1 - v0 + 1;
  const cover = new Float64Array(pu * pv);
  const planes: SlabPlane[] = densities.map(() => ({
    nu: pu,
    nv: pv,
    u0,
    v0,
    resUm: res,
    sum: new Float64Array(pu * pv),
    weight: new Float64Array(pu * pv),
    cover,
  }));
  const NX = dShape.nx,
    NY = dShape.ny,
    NZ = dShape.nz;
  const regionSum = new Float64Array(densities.length);
  const regionWithData = new Int32Array(densities.length);
  let regionCells = 0;
  for (let s = s0; s <= s1; s++)
    for (let v = v0; v <= v1; v++)
      for (let u = u0; u <= u1; u++) {
        const x = coronal ? s : u;
        const z = coronal ? u : s;
        const inMask = mask[x + nx * (v + ny * z)] ? 1 : 0;
        const k = (v - v0) * pu + (u - u0);
        if (inMask) {
          cover[k] = (cover[k] ?? 0) + 1;
          regionCells++;
        }
        if (regionOnly && !inMask) continue;
        const X = cx[x] ?? 0,
          Y = cy[v] ?? 0,
          Z = cz[z] ?? 0;
        const a = X + NX * (Y + NY * Z);
        const b = X + NX * (Y + NY * (NZ - 1 - Z));
        for (let g = 0; g < densities.length; g++) {
          const d = densities[g];
          const p = planes[g];
          if (!d || !p) continue;
          const val = readFolded(d, a, b, hemisphere);
          if (Number.isNaN(val)) continue;
          p.sum[k] = (p.sum[k] ?? 0) + val;
          p.weight[k] = (p.weight[k] ?? 0) + 1;
          if (inMask) {
            regionSum[g] = (regionSum[g] ?? 0) + val;
            regionWithData[g] = (regionWithData[g] ?? 0) + 1;
          }
        }
      }
  return {
    planes,
    depthCells: s1 - s0 + 1,
    uRangeUm: [u0 * res, (u1 + 1) * res],
    vRangeUm: [v0 * res, (v1 + 1) * res],
    regionSum,
    regionWithData,
    regionCells,
  };
}
