// bsv-shaped views of a SlicesResult (bsv-reference §4.6 "Returns"), for parity checks and export.
// proj_array: numpy C-order array of shape [cols, rows, slices] when there is one group, else
// [cols, rows, groups, slices] — bsv's first axis is x (ML for coronal, AP for sagittal), its
// second y (DV). Our bins are n × n (true bins), not bsv's (n+1) × (n+1) edge samples.
// proj_coords: per slice [x edges µm, y edges µm, slice position µm] (bsv: 10 µm atlas units).
// All slices must share rows × cols (always true for binShape 'stretch').

import type { SlicesResult } from './slices';

export interface BsvProjArray {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export function toBsvProjArray(r: SlicesResult, which: 'matrices' | 'unsmoothed' = 'unsmoothed'): BsvProjArray {
  const first = r.slices[0];
  const N = r.slices.length;
  const G = r.groups;
  if (!first) return { data: new Float32Array(0), shape: G > 1 ? [0, 0, G, 0] : [0, 0, 0] };
  const { rows, cols } = first;
  for (const s of r.slices)
    if (s.rows !== rows || s.cols !== cols) throw new RangeError('slices differ in bin counts (binShape "square"): no single bsv array');
  const data = new Float32Array(cols * rows * G * N);
  r.slices.forEach((s, k) => {
    for (let g = 0; g < G; g++) {
      const m = s[which][g];
      if (!m) continue;
      for (let row = 0; row < rows; row++) for (let c = 0; c < cols; c++) data[((c * rows + row) * G + g) * N + k] = m[row * cols + c] ?? NaN;
    }
  });
  return { data, shape: G > 1 ? [cols, rows, G, N] : [cols, rows, N] };
}

export function toBsvProjCoords(r: SlicesResult): [Float64Array, Float64Array, number][] {
  return r.slices.map((s) => [s.colEdgesUm, s.dvEdgesUm, s.window.positionUm]);
}
