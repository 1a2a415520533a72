// Colour limits for heatmaps (bsv color_limits, ignored by bsv: Q10/Q11).
// 'global'   : one [vmin, vmax] over every displayed matrix (all slices, all groups);
// 'per_slice': one [vmin, vmax] per slice over that slice's groups;
// [min, max] : fixed, must be finite with min < max.
// vmin = min(0, smallest value) (bsv always uses 0; negative values from hemisphere subtraction
// or z-scores extend it), vmax = largest value; NaN bins are ignored. When no value exceeds vmin
// (all-empty or all-zero data) vmax = vmin + 1, as bsv uses 1 for an all-zero figure.

export type ColorLimitsParam = 'global' | 'per_slice' | readonly [number, number];

export type ColorLimits = [number, number];

function limitsOf(matrices: readonly Float32Array[]): ColorLimits {
  let lo = 0;
  let hi = -Infinity;
  for (const m of matrices)
    for (let i = 0; i < m.length; i++) {
      const v = m[i] ?? NaN;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!(hi > lo)) hi = lo + 1;
  return [lo, hi];
}

/** Validate a colour-limits parameter (throws RangeError naming the fix). */
export function validateColorLimits(p: ColorLimitsParam): void {
  if (p === 'global' || p === 'per_slice') return;
  const [a, b] = p;
  if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) {
    throw new RangeError(`color_limits [min, max] must be finite with min < max, got [${a}, ${b}]`);
  }
}

/** Limits for each slice; `perSlice[k]` = the displayed matrices (all groups) of slice k. */
export function colorLimits(perSlice: readonly (readonly Float32Array[])[], p: ColorLimitsParam): ColorLimits[] {
  validateColorLimits(p);
  if (p === 'per_slice') return perSlice.map((ms) => limitsOf(ms));
  if (p === 'global') {
    const g = limitsOf(perSlice.flat());
    return perSlice.map(() => [g[0], g[1]]);
  }
  return perSlice.map(() => [p[0], p[1]]);
}
