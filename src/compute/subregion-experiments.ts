// Per-experiment values of the subregions view and their spread across experiments (issue #14).
// Each experiment's grid is processed as the aggregate processes it (grid-processing.ts, the kernel
// the accumulator sums: hemisphere subtraction of the injected side, then f32(value · f32(1/divisor))),
// then measured exactly as the bar is (analyzeSubregions over the same windows, folding and label cells): the
// experiment's value in subregion k is the mean of its processed density over k's label cells
// with data, over all windows. The bar stays the value of the group's mean volume; when every
// experiment has data on the same voxels it equals the mean of these per-experiment values (a
// mean of means over the same cells), otherwise it weighs each voxel by the experiments with
// data there. The error bar is the sample SD (n − 1) of the finite per-experiment values; an
// experiment without data in a subregion (no finite value) is not counted.
import type { GridShape } from './grid';
import { analyzeSubregions, type LabelVolume, type Subregion, type SubregionParams } from './subregions';

export interface ExperimentSubregionRow {
  /** Per subregion: mean over its label cells with data (NaN = none). */
  readonly mean: Float64Array;
  /** Per subregion: label cells with data. */
  readonly count: Float64Array;
}

/** One experiment's value per subregion, from its processed grid (see the file comment). */
export function experimentSubregionRow(
  processed: Float32Array,
  shape: GridShape,
  labels: LabelVolume,
  labelShape: GridShape,
  subregions: readonly Subregion[],
  params: SubregionParams,
): ExperimentSubregionRow {
  const r = analyzeSubregions([processed], shape, labels, labelShape, subregions, params);
  return { mean: r.groupMean.slice(), count: r.groupCount.slice() };
}

/** Experiments × subregions (row-major) per-experiment values. */
export interface ExperimentSubregionTable {
  readonly experimentIds: readonly number[];
  readonly subregions: number;
  /** (row · subregions + k); NaN = that experiment has no data in subregion k. */
  readonly mean: Float64Array;
}

export interface Spread {
  /** Sample SD (n − 1) of the finite values; null when fewer than two. */
  readonly sd: number | null;
  /** Values counted (finite). */
  readonly n: number;
}

/** Sample SD (n − 1) of the finite values. */
export function sampleSpread(values: readonly number[]): Spread {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length < 2) return { sd: null, n: v.length };
  const mu = v.reduce((a, b) => a + b, 0) / v.length;
  return { sd: Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1)), n: v.length };
}

/**
 * Spread across experiments per subregion and group: index k·groups + g, over the experiments
 * `groupIds[g]` (the group's used experiments) that have a row in the table.
 */
export function spreadAcrossExperiments(t: ExperimentSubregionTable, groupIds: readonly (readonly number[])[]): Spread[] {
  const row = new Map(t.experimentIds.map((id, i) => [id, i]));
  const G = groupIds.length;
  const out: Spread[] = [];
  for (let k = 0; k < t.subregions; k++)
    for (let g = 0; g < G; g++) {
      const values = (groupIds[g] ?? []).flatMap((id) => {
        const i = row.get(id);
        return i === undefined ? [] : [t.mean[i * t.subregions + k] ?? NaN];
      });
      out[k * G + g] = sampleSpread(values);
    }
  return out;
}
