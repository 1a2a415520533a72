// plot_connectivity / plot_connectivity_multi_region, data side (bsv-reference §4.6–4.7),
// computed as DESIGN §4 requires: exact-mask true-area binning (binning.ts), centred slice
// windows (slices-plan.ts), NaN-aware smoothing (smoothing.ts), working color_limits,
// region_only and normalize_by_group.
// Inputs: one density volume per group (Float32Array on the 100 µm grid, AP fastest; NaN / −1 =
// no data) and the target region mask (Uint8Array 0/1, AP fastest, on a 100/50/25 µm grid of
// the same CCF extent). Output matrices are row-major rows × cols with rows = DV (dorsal first)
// and cols = ML (coronal; lateral-left first, i.e. increasing CCF z) or AP (sagittal; anterior
// first). Multi-region = call once per region mask.

import type { GridShape } from './grid';
import { binPlane, edgeCentres, linearEdges } from './binning';
import { assertSameExtent } from './binning-coverage';
import { colorLimits, validateColorLimits, type ColorLimits, type ColorLimitsParam } from './color-limits';
import { smoothMatrixNanAware } from './smoothing';
import { planSlices, type HemisphereMode, type SlicePlane, type SliceWindow } from './slices-plan';
import { buildSlabPlanes } from './slices-plane';

export type { HemisphereMode, SlicePlane, SliceWindow } from './slices-plan';
export type { ColorLimitsParam, ColorLimits } from './color-limits';

export interface SliceParams {
  /** bsv plane. */
  readonly plane: SlicePlane;
  /** bsv number_of_chunks. */
  readonly numberOfChunks: number;
  /** bsv number_of_pixels: bins along each plane axis (see binShape). */
  readonly numberOfPixels: number;
  /**
   * 'stretch' (default, bsv): numberOfPixels × numberOfPixels bins over the slice's region
   * extent (bins need not be square). 'square': square bins of size (longer extent)/n, n along
   * the longer axis and ceil(extent/size) along the shorter, centred on the region.
   */
  readonly binShape?: 'stretch' | 'square';
  /** bsv region_only: true (default) → bins read only mask voxels, bins without region = NaN. */
  readonly regionOnly?: boolean;
  /** bsv smoothing: Gaussian σ in bins (0 = none). */
  readonly smoothing?: number;
  /** bsv color_limits (default 'global'). */
  readonly colorLimits?: ColorLimitsParam;
  /** bsv normalize_by_group: divide each group by its own max over all slices. */
  readonly normalizeByGroup?: boolean;
  /** bsv custom_slices, CCF µm along the slicing axis. */
  readonly customSlicesUm?: readonly number[];
  /** bsv slice_averaging (100 µm slabs each side of a custom slice). */
  readonly sliceAveraging?: number;
  /** Default 'fold-sum' (bsv). */
  readonly hemisphere?: HemisphereMode;
}

export interface SliceResult {
  readonly window: SliceWindow;
  /** True when the region has no voxel in this window (matrices all NaN, edges NaN). */
  readonly empty: boolean;
  readonly rows: number;
  readonly cols: number;
  /** DV bin edges (rows + 1) and centres, CCF µm. */
  readonly dvEdgesUm: Float64Array;
  readonly dvCentresUm: Float64Array;
  /** ML (coronal) or AP (sagittal) bin edges (cols + 1) and centres, CCF µm. */
  readonly colEdgesUm: Float64Array;
  readonly colCentresUm: Float64Array;
  /** Fraction of each bin's slab volume inside the region (0…1), for outlines / alpha. */
  readonly coverage: Float32Array;
  /** Per group: the displayed matrix (group-normalised, smoothed). */
  readonly matrices: Float32Array[];
  /** Per group: before smoothing (still group-normalised and masked). */
  readonly unsmoothed: Float32Array[];
  /**
   * Per group: the slice's region mean, over every region-mask cell in the slab (folded like the
   * bins) whose density has data — not a mean of bins; NaN when none. Before group normalisation.
   */
  readonly regionMean: Float64Array;
  /** Per group: region cells with data; and the region's cells in the slab. */
  readonly regionWithData: Int32Array;
  readonly regionCells: number;
  readonly colorLimits: ColorLimits;
}

export interface SlicesResult {
  readonly plane: SlicePlane;
  readonly groups: number;
  readonly slices: SliceResult[];
}

function checkShapes(densities: readonly Float32Array[], dShape: GridShape, mask: Uint8Array, mShape: GridShape): void {
  if (densities.length === 0) throw new RangeError('at least one density volume (group) is required');
  const n = dShape.nx * dShape.ny * dShape.nz;
  for (const d of densities) if (d.length !== n) throw new RangeError(`density length ${d.length} ≠ ${n} for its GridShape`);
  if (mask.length !== mShape.nx * mShape.ny * mShape.nz) throw new RangeError(`mask length ${mask.length} does not match its GridShape`);
  assertSameExtent(mShape, dShape, 'region mask vs density');
}

function binEdges(range: [number, number], other: [number, number], n: number, shape: 'stretch' | 'square'): Float64Array {
  if (shape === 'stretch') return linearEdges(range[0], range[1], n);
  const size = Math.max(range[1] - range[0], other[1] - other[0]) / n;
  const count = Math.max(1, Math.ceil((range[1] - range[0]) / size - 1e-9));
  const mid = (range[0] + range[1]) / 2;
  return linearEdges(mid - (count * size) / 2, mid + (count * size) / 2, count);
}

export function computeSlices(
  densities: readonly Float32Array[],
  densityShape: GridShape,
  mask: Uint8Array,
  maskShape: GridShape,
  params: SliceParams,
): SlicesResult {
  checkShapes(densities, densityShape, mask, maskShape);
  const n = params.numberOfPixels;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`number_of_pixels must be an integer ≥ 1, got ${n}`);
  const smoothing = params.smoothing ?? 0;
  if (!(smoothing >= 0 && Number.isFinite(smoothing))) throw new RangeError(`smoothing must be ≥ 0, got ${smoothing}`);
  const limitsParam = params.colorLimits ?? 'global';
  validateColorLimits(limitsParam);
  const hemisphere = params.hemisphere ?? 'fold-sum';
  const regionOnly = params.regionOnly ?? true;
  const windows = planSlices(mask, maskShape, { ...params, hemisphere });
  const G = densities.length;
  const partial = windows.map((win) => {
    const slab = buildSlabPlanes(densities, densityShape, mask, maskShape, win, params.plane, hemisphere, regionOnly);
    if (!slab) {
      const nanEdges = new Float64Array(n + 1).fill(NaN);
      const empty = (): Float32Array => new Float32Array(n * n).fill(NaN);
      return {
        win,
        empty: true,
        rows: n,
        cols: n,
        dv: nanEdges,
        col: nanEdges.slice(),
        coverage: new Float32Array(n * n),
        raw: densities.map(empty),
        regionMean: new Float64Array(G).fill(NaN),
        regionWithData: new Int32Array(G),
        regionCells: 0,
      };
    }
    const col = binEdges(slab.uRangeUm, slab.vRangeUm, n, params.binShape ?? 'stretch');
    const dv = binEdges(slab.vRangeUm, slab.uRangeUm, n, params.binShape ?? 'stretch');
    let coverage: Float32Array = new Float32Array(0);
    const raw = slab.planes.map((p) => {
      const b = binPlane(p, col, dv, slab.depthCells);
      coverage = b.coverage;
      return b.values;
    });
    const regionMean = Float64Array.from(slab.regionSum, (s, g) => ((slab.regionWithData[g] ?? 0) > 0 ? s / (slab.regionWithData[g] ?? 1) : NaN));
    return {
      win,
      empty: false,
      rows: dv.length - 1,
      cols: col.length - 1,
      dv,
      col,
      coverage,
      raw,
      regionMean,
      regionWithData: slab.regionWithData,
      regionCells: slab.regionCells,
    };
  });
  if (params.normalizeByGroup && G > 1) {
    for (let g = 0; g < G; g++) {
      let max = -Infinity;
      for (const s of partial) for (const v of s.raw[g] ?? []) if (v > max) max = v;
      if (max > 0)
        for (const s of partial) {
          const m = s.raw[g];
          if (m) for (let i = 0; i < m.length; i++) m[i] = (m[i] ?? NaN) / max;
        }
    }
  }
  const displayed = partial.map((s) => s.raw.map((m) => (smoothing > 0 ? smoothMatrixNanAware(m, s.rows, s.cols, smoothing) : m.slice())));
  const limits = colorLimits(displayed, limitsParam);
  const slices: SliceResult[] = partial.map((s, k) => ({
    window: s.win,
    empty: s.empty,
    rows: s.rows,
    cols: s.cols,
    dvEdgesUm: s.dv,
    dvCentresUm: edgeCentres(s.dv),
    colEdgesUm: s.col,
    colCentresUm: edgeCentres(s.col),
    coverage: s.coverage,
    matrices: displayed[k] ?? [],
    unsmoothed: s.raw,
    regionMean: s.regionMean,
    regionWithData: s.regionWithData,
    regionCells: s.regionCells,
    colorLimits: limits[k] ?? [0, 1],
  }));
  return { plane: params.plane, groups: G, slices };
}
