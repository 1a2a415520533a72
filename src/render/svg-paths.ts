// Vector path data for exports (pure). Cell (r, c) of a row-major raster spans [c, c+1] × [r, r+1]
// in raster units; `at(r, c)` maps a raster corner to CSS px.

const num = (v: number): string => String(Math.round(v * 100) / 100);

/**
 * Path along every interior cell side whose two cells carry different ids (annotation
 * boundaries, including the brain outline against id 0). Collinear neighbouring sides are
 * merged into one segment. The raster border itself is not drawn.
 */
export function labelEdgesPath(ids: ArrayLike<number>, rows: number, cols: number, at: (r: number, c: number) => { x: number; y: number }): string {
  if (ids.length !== rows * cols) throw new RangeError(`ids length ${ids.length} ≠ ${rows} × ${cols}`);
  const out: string[] = [];
  const seg = (r0: number, c0: number, r1: number, c1: number): void => {
    const a = at(r0, c0),
      b = at(r1, c1);
    out.push(`M${num(a.x)} ${num(a.y)}L${num(b.x)} ${num(b.y)}`);
  };
  for (let r = 1; r < rows; r++) {
    let start = -1;
    for (let c = 0; c <= cols; c++) {
      const edge = c < cols && ids[(r - 1) * cols + c] !== ids[r * cols + c];
      if (edge && start < 0) start = c;
      if (!edge && start >= 0) {
        seg(r, start, r, c);
        start = -1;
      }
    }
  }
  for (let c = 1; c < cols; c++) {
    let start = -1;
    for (let r = 0; r <= rows; r++) {
      const edge = r < rows && ids[r * cols + c - 1] !== ids[r * cols + c];
      if (edge && start < 0) start = r;
      if (!edge && start >= 0) {
        seg(start, c, r, c);
        start = -1;
      }
    }
  }
  return out.join('');
}
