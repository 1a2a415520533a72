// True area binning of a fine 2-D plane into regular bins (replaces bsv's point sampling at
// bin edges, bsv-reference §3.6 / Q8). The plane is a regular grid of fine cells (the mask's
// resolution: 100, 50, 25 µm ...) that already carries, per cell, the sums over the slab
// window: Σ density (valid voxels only), the count of valid voxels used, and the count of
// region-mask cells. Each fine cell is split between the bins it overlaps in proportion to the
// overlapped length along each axis, so a bin's value is the exact mean of density over the
// region volume inside the bin × slab prism (at mask resolution); a bin with no weight is NaN.
// Layout: row-major, rows = plane v axis (DV), cols = plane u axis (ML or AP).

/** Fine-cell → bin overlaps along one axis: cell i overlaps bins bin[start[i]..start[i+1]). */
export interface AxisOverlap {
  readonly start: Int32Array;
  readonly bin: Int32Array;
  /** Fraction of the cell's length inside that bin (sums to ≤ 1 per cell). */
  readonly frac: Float64Array;
}

/**
 * Overlaps of `count` cells [ (first+i)·res, (first+i+1)·res ) µm with bins given by strictly
 * increasing edges (µm). Cells outside all bins get no entries.
 */
export function axisOverlaps(first: number, count: number, resUm: number, edgesUm: Float64Array): AxisOverlap {
  const nb = edgesUm.length - 1;
  const start = new Int32Array(count + 1);
  const bins: number[] = [];
  const fracs: number[] = [];
  let b = 0;
  for (let i = 0; i < count; i++) {
    start[i] = bins.length;
    const c0 = (first + i) * resUm;
    const c1 = c0 + resUm;
    while (b > 0 && (edgesUm[b] ?? 0) > c0) b--;
    while (b < nb && (edgesUm[b + 1] ?? 0) <= c0) b++;
    for (let k = b; k < nb; k++) {
      const e0 = edgesUm[k] ?? 0;
      const e1 = edgesUm[k + 1] ?? 0;
      if (e0 >= c1) break;
      const ov = Math.min(c1, e1) - Math.max(c0, e0);
      if (ov > 0) {
        bins.push(k);
        fracs.push(ov / resUm);
      }
    }
  }
  start[count] = bins.length;
  return { start, bin: Int32Array.from(bins), frac: Float64Array.from(fracs) };
}

/** A fine plane of slab sums, row-major nv × nu, first cell at (u0, v0) in fine-cell indices. */
export interface SlabPlane {
  readonly nu: number;
  readonly nv: number;
  readonly u0: number;
  readonly v0: number;
  readonly resUm: number;
  /** Σ density over the voxels used (per fine cell, summed through the slab). */
  readonly sum: Float64Array;
  /** Number of slab cells whose density was used (valid and, if region-only, in the mask). */
  readonly weight: Float64Array;
  /** Number of slab cells inside the region mask. */
  readonly cover: Float64Array;
}

export interface BinnedPlane {
  readonly values: Float32Array;
  /** Fraction of each bin's slab volume inside the region (0…1). */
  readonly coverage: Float32Array;
}

/** Bin a slab plane; `depthCells` = slab thickness in fine cells (for coverage fractions). */
export function binPlane(plane: SlabPlane, uEdgesUm: Float64Array, vEdgesUm: Float64Array, depthCells: number): BinnedPlane {
  const cols = uEdgesUm.length - 1;
  const rows = vEdgesUm.length - 1;
  const ou = axisOverlaps(plane.u0, plane.nu, plane.resUm, uEdgesUm);
  const ov = axisOverlaps(plane.v0, plane.nv, plane.resUm, vEdgesUm);
  const sum = new Float64Array(rows * cols);
  const w = new Float64Array(rows * cols);
  const cov = new Float64Array(rows * cols);
  for (let v = 0; v < plane.nv; v++) {
    const vs = ov.start[v] ?? 0;
    const ve = ov.start[v + 1] ?? 0;
    for (let u = 0; u < plane.nu; u++) {
      const i = v * plane.nu + u;
      const cw = plane.weight[i] ?? 0;
      const cc = plane.cover[i] ?? 0;
      if (cw === 0 && cc === 0) continue;
      const cs = plane.sum[i] ?? 0;
      const us = ou.start[u] ?? 0;
      const ue = ou.start[u + 1] ?? 0;
      for (let a = vs; a < ve; a++) {
        const row = (ov.bin[a] ?? 0) * cols;
        const fa = ov.frac[a] ?? 0;
        for (let b = us; b < ue; b++) {
          const f = fa * (ou.frac[b] ?? 0);
          const k = row + (ou.bin[b] ?? 0);
          sum[k] = (sum[k] ?? 0) + cs * f;
          w[k] = (w[k] ?? 0) + cw * f;
          cov[k] = (cov[k] ?? 0) + cc * f;
        }
      }
    }
  }
  const values = new Float32Array(rows * cols);
  const coverage = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const binV = ((vEdgesUm[r + 1] ?? 0) - (vEdgesUm[r] ?? 0)) / plane.resUm;
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      const wk = w[k] ?? 0;
      values[k] = wk > 0 ? (sum[k] ?? 0) / wk : NaN;
      const binU = ((uEdgesUm[c + 1] ?? 0) - (uEdgesUm[c] ?? 0)) / plane.resUm;
      const full = binU * binV * depthCells;
      coverage[k] = full > 0 ? Math.min(1, (cov[k] ?? 0) / full) : 0;
    }
  }
  return { values, coverage };
}

/** n + 1 evenly spaced edges from lo to hi (µm). */
export function linearEdges(lo: number, hi: number, n: number): Float64Array {
  const e = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) e[i] = lo + ((hi - lo) * i) / n;
  return e;
}

/** Bin centres from edges. */
export function edgeCentres(edges: Float64Array): Float64Array {
  const c = new Float64Array(Math.max(0, edges.length - 1));
  for (let i = 0; i < c.length; i++) c[i] = ((edges[i] ?? 0) + (edges[i + 1] ?? 0)) / 2;
  return c;
}
