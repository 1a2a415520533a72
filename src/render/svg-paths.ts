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

/**
 * Closed path of the union of the cells where `inside(i)` holds (i = r · cols + c): one subpath
 * per boundary loop (outer outlines and holes), corners only (straight runs merged), each loop
 * closed with Z. Every loop runs with the region on its right on screen (clockwise around the
 * region, counter-clockwise around a hole), so nonzero and evenodd fill it alike. Cells meeting
 * only at a corner are joined there, which changes neither fill rule's result.
 */
export function regionPath(inside: (i: number) => boolean, rows: number, cols: number, at: (r: number, c: number) => { x: number; y: number }): string {
  const w = cols + 1;
  const isIn = (r: number, c: number): boolean => r >= 0 && c >= 0 && r < rows && c < cols && inside(r * cols + c);
  // outgoing edges per vertex (row · w + col): at most two (two regions touching at a corner)
  const next = new Map<number, number[]>();
  const add = (r0: number, c0: number, r1: number, c1: number): void => {
    const k = r0 * w + c0;
    const list = next.get(k);
    if (list) list.push(r1 * w + c1);
    else next.set(k, [r1 * w + c1]);
  };
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      if (!isIn(r, c)) continue;
      if (!isIn(r - 1, c)) add(r, c, r, c + 1);
      if (!isIn(r, c + 1)) add(r, c + 1, r + 1, c + 1);
      if (!isIn(r + 1, c)) add(r + 1, c + 1, r + 1, c);
      if (!isIn(r, c - 1)) add(r + 1, c, r, c);
    }
  const out: string[] = [];
  const point = (k: number): string => {
    const p = at(Math.floor(k / w), k % w);
    return `${num(p.x)} ${num(p.y)}`;
  };
  const dir = (a: number, b: number): number => b - a;
  for (const start of [...next.keys()].sort((a, b) => a - b)) {
    while ((next.get(start)?.length ?? 0) > 0) {
      const loop: number[] = [start];
      let v = start;
      for (;;) {
        const list = next.get(v);
        const u = list?.shift();
        if (u === undefined) break;
        if (list?.length === 0) next.delete(v);
        if (u === start) break;
        loop.push(u);
        v = u;
      }
      // corners only: drop a vertex whose incoming and outgoing steps point the same way
      const corners = loop.filter((k, i) => {
        const prev = loop[(i + loop.length - 1) % loop.length] ?? k;
        const nxt = loop[(i + 1) % loop.length] ?? k;
        return dir(prev, k) !== dir(k, nxt);
      });
      if (corners.length >= 3) out.push(`M${corners.map(point).join('L')}Z`);
    }
  }
  return out.join('');
}
