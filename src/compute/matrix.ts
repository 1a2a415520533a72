// plot_connectivity_matrix, data side (bsv-reference §4.12): sources × targets.
// Sources: per-source mean density volumes on the 100 µm grid (AP fastest; NaN / −1 = no data).
// Targets: region masks (Uint8Array 0/1) on any grid of the same CCF extent (100/50/25 µm); a
// finer mask weights each 100 µm voxel by the fraction w of it inside the mask. The app passes the
// exact 100 µm annotation mask (DESIGN §4: numbers at the grid's resolution, as AllenSDK), so
// w ∈ {0, 1} and max/min are over mask voxels only. Hemispheres are whatever the mask covers.
// metric (bsv metric):
//   'mean'   Σ w·d / Σ w over valid voxels (mean density over the region volume);
//   'max'    max d over valid voxels with w > 0;
//   'volume' Σ w·d·0.001 mm³ — density (signal fraction) × region volume per voxel
//            (0.001 mm³ for a 100 µm voxel), i.e. the projection volume in mm³ (bsv: Σ d·0.001).
// A cell with no valid voxel is NaN (bsv: 0), so the UI can show "no data".
// normalizeRows (bsv normalize_rows): divide each row by its largest value (rows with max ≤ 0 or
// no data are left as is); then normalizeCols (bsv normalize_cols) likewise per column: after
// normalisation the largest value of each row / column is 1.
// Output: row-major N × M Float64Array, rows = sources, cols = targets; labels are passed through.

import type { GridShape } from './grid';
import { isDensityValue } from './percentile';
import { maskCoverage } from './binning-coverage';

export type MatrixMetric = 'mean' | 'max' | 'volume';

export interface TargetWeights {
  /** 100 µm voxel indices touched by the mask. */
  readonly index: Int32Array;
  /** Fraction (0…1] of each voxel inside the mask. */
  readonly weight: Float32Array;
}

/** A target mask, or its coverage weights on the density grid when the caller has them already. */
export type MatrixTarget = { readonly mask: Uint8Array; readonly shape: GridShape } | { readonly weights: TargetWeights };

export interface MatrixParams {
  /** bsv metric (default 'mean'). */
  readonly metric?: MatrixMetric;
  readonly normalizeRows?: boolean;
  readonly normalizeCols?: boolean;
}

export interface ConnectivityMatrix {
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly metric: MatrixMetric;
  /** 'density' for mean/max (before any normalisation), 'mm³' for volume. */
  readonly unit: 'density' | 'mm³';
  readonly sourceLabels: readonly string[];
  readonly targetLabels: readonly string[];
}

/** Voxels of the density grid covered by a mask, with coverage fractions. */
export function targetVoxelWeights(mask: Uint8Array, maskShape: GridShape, densityShape: GridShape): TargetWeights {
  const cov = maskCoverage(mask, maskShape, densityShape);
  let n = 0;
  for (let i = 0; i < cov.length; i++) if (cov[i]) n++;
  const index = new Int32Array(n);
  const weight = new Float32Array(n);
  for (let i = 0, k = 0; i < cov.length; i++)
    if (cov[i]) {
      index[k] = i;
      weight[k++] = cov[i] ?? 0;
    }
  return { index, weight };
}

function cell(vol: Float32Array, t: TargetWeights, metric: MatrixMetric, voxelMm3: number): number {
  let sw = 0,
    swd = 0,
    max = -Infinity,
    n = 0;
  for (let i = 0; i < t.index.length; i++) {
    const d = vol[t.index[i] ?? 0];
    if (!isDensityValue(d)) continue;
    const w = t.weight[i] ?? 0;
    n++;
    sw += w;
    swd += w * d;
    if (d > max) max = d;
  }
  if (n === 0) return NaN;
  if (metric === 'mean') return sw > 0 ? swd / sw : NaN;
  if (metric === 'max') return max;
  return swd * voxelMm3;
}

function normalizeLines(v: Float64Array, rows: number, cols: number, byRow: boolean): void {
  const lines = byRow ? rows : cols;
  const len = byRow ? cols : rows;
  for (let l = 0; l < lines; l++) {
    let max = -Infinity;
    for (let j = 0; j < len; j++) {
      const x = v[byRow ? l * cols + j : j * cols + l] ?? NaN;
      if (x > max) max = x;
    }
    if (!(max > 0)) continue;
    for (let j = 0; j < len; j++) {
      const k = byRow ? l * cols + j : j * cols + l;
      v[k] = (v[k] ?? NaN) / max;
    }
  }
}

export function connectivityMatrix(
  sources: readonly Float32Array[],
  densityShape: GridShape,
  targets: readonly MatrixTarget[],
  params: MatrixParams = {},
  labels: { sources?: readonly string[]; targets?: readonly string[] } = {},
): ConnectivityMatrix {
  const metric = params.metric ?? 'mean';
  if (metric !== 'mean' && metric !== 'max' && metric !== 'volume') throw new RangeError(`metric must be 'mean', 'max' or 'volume', got '${String(metric)}'`);
  const n = densityShape.nx * densityShape.ny * densityShape.nz;
  for (const s of sources) if (s.length !== n) throw new RangeError(`source volume length ${s.length} ≠ ${n}`);
  const weights = targets.map((t) => {
    if (!('weights' in t)) return targetVoxelWeights(t.mask, t.shape, densityShape);
    for (const i of t.weights.index) if (!(i >= 0 && i < n)) throw new RangeError(`target weight index ${i} is outside the density grid`);
    return t.weights;
  });
  const voxelMm3 = (densityShape.resolutionUm / 1000) ** 3;
  const rows = sources.length,
    cols = targets.length;
  const values = new Float64Array(rows * cols);
  sources.forEach((s, r) =>
    weights.forEach((w, c) => {
      values[r * cols + c] = cell(s, w, metric, voxelMm3);
    }),
  );
  if (params.normalizeRows) normalizeLines(values, rows, cols, true);
  if (params.normalizeCols) normalizeLines(values, rows, cols, false);
  return {
    values,
    rows,
    cols,
    metric,
    unit: metric === 'volume' ? 'mm³' : 'density',
    sourceLabels: labels.sources ?? sources.map((_, i) => `source ${i + 1}`),
    targetLabels: labels.targets ?? targets.map((_, i) => `target ${i + 1}`),
  };
}
