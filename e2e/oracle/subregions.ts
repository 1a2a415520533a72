// Subregion means and their spread across experiments (the subregions view, its CSV).
//   Windows: coronal slabs [startUm, endUm) as the app's CSV states them; the 100 µm slab of AP
//     index i belongs to a window when its centre (i + 0.5)·100 is in it.
//   Cells of child c: its region mask (with descendants), left half only (ML index < 57) when
//     folded, in the windows' slabs.
//   Folded value of a volume D at a cell v: D[v] + D[mirror(v)], mirror(ml) = 113 − ml, each term
//     only when it has data; both without data → the cell is skipped.
//   Bar (GlobalMeanIntensity) = Σ / count of the folded group-mean values over the child's cells.
//   Per experiment: the same over its own grid (no-data voxels skipped). Spread: the sample SD
//     (n − 1) of the experiments that have a value (n ≥ 2), N = those experiments.
import { regionMask } from './masks.ts';
import { MIDLINE_INDEX, NX, NY, NZ } from './world.ts';
import type { OracleWorld } from './world.ts';

export interface SubregionWindow {
  readonly startUm: number;
  readonly endUm: number;
}

export interface SubregionOracle {
  readonly acronym: string;
  /** Folded mean of the group mean over the child's cells (NaN = none). */
  readonly bar: number;
  /** Cells of the child in the windows (with or without data). */
  readonly cells: number;
  /** Each experiment's own mean (NaN = no data there), in the order given. */
  readonly perExperiment: number[];
  /** Sample SD across the experiments with a value; NaN with fewer than two. */
  readonly sd: number;
  readonly n: number;
}

/** `volumes` hold NaN (or any negative number) for no data. */
function foldedMean(d: ArrayLike<number>, mask: Uint8Array, slabs: readonly boolean[]): { mean: number; cells: number } {
  let sum = 0;
  let n = 0;
  let cells = 0;
  for (let ap = 0; ap < NX; ap++) {
    if (!slabs[ap]) continue;
    for (let ml = 0; ml < MIDLINE_INDEX; ml++) {
      for (let dv = 0; dv < NY; dv++) {
        const i = ap + NX * (dv + NY * ml);
        if (mask[i] !== 1) continue;
        cells++;
        const a = Number(d[i]);
        const b = Number(d[ap + NX * (dv + NY * (NZ - 1 - ml))]);
        const okA = Number.isFinite(a) && a >= 0;
        const okB = Number.isFinite(b) && b >= 0;
        if (!okA && !okB) continue;
        sum += (okA ? a : 0) + (okB ? b : 0);
        n++;
      }
    }
  }
  return { mean: n > 0 ? sum / n : NaN, cells };
}

export function subregionStats(
  w: OracleWorld,
  children: readonly string[],
  windows: readonly SubregionWindow[],
  groupMean: ArrayLike<number>,
  experimentGrids: ReadonlyArray<ArrayLike<number>>,
): SubregionOracle[] {
  const slabs: boolean[] = [];
  for (let ap = 0; ap < NX; ap++) {
    const centre = (ap + 0.5) * 100;
    slabs.push(windows.some((win) => centre >= win.startUm && centre < win.endUm));
  }
  return children.map((acronym) => {
    const mask = regionMask(w, acronym, 'left');
    const bar = foldedMean(groupMean, mask, slabs);
    const perExperiment = experimentGrids.map((g) => foldedMean(g, mask, slabs).mean);
    const values = perExperiment.filter((v) => Number.isFinite(v));
    let sd = NaN;
    if (values.length >= 2) {
      const mu = values.reduce((a, b) => a + b, 0) / values.length;
      sd = Math.sqrt(values.reduce((a, b) => a + (b - mu) * (b - mu), 0) / (values.length - 1));
    }
    return { acronym, bar: bar.mean, cells: bar.cells, perExperiment, sd, n: values.length };
  });
}
