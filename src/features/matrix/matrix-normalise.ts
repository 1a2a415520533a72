// bsv normalize_rows / normalize_cols on a finished matrix (row-major rows × cols, NaN = no
// data), the same rule as src/compute/matrix.ts: divide each row by its largest value (rows whose
// max is ≤ 0 or missing are left as they are), then each column likewise. Done here, on the
// main thread (N × M numbers), because the matrix is computed in batches of targets and a row's
// max needs every column.
import type { MatrixNormalisation } from '../../state/matrix-params.ts';

export function normaliseMatrix(values: ArrayLike<number>, rows: number, cols: number, how: MatrixNormalisation): Float64Array {
  const v = Float64Array.from(values);
  const pass = (byRow: boolean) => {
    const lines = byRow ? rows : cols,
      len = byRow ? cols : rows;
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
  };
  if (how === 'row' || how === 'both') pass(true);
  if (how === 'col' || how === 'both') pass(false);
  return v;
}

/** Column blocks (each rows × width, row-major) side by side → one rows × Σwidth matrix. */
export function joinColumnBlocks(blocks: ReadonlyArray<{ readonly values: ArrayLike<number>; readonly cols: number }>, rows: number): Float64Array {
  const total = blocks.reduce((n, b) => n + b.cols, 0);
  const out = new Float64Array(rows * total);
  let c0 = 0;
  for (const b of blocks) {
    for (let r = 0; r < rows; r++) for (let c = 0; c < b.cols; c++) out[r * total + c0 + c] = b.values[r * b.cols + c] ?? NaN;
    c0 += b.cols;
  }
  return out;
}
