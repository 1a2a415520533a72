// Bounding box of the non-zero cells of a row-major rows × cols raster (pure). The renderers draw
// overlays only over this box: alpha maps are zero outside the target, so a frame shades a few
// thousand pixels instead of the whole canvas (matters with software GL such as SwiftShader).

export interface CellBox {
  /** First and last non-zero row / column (inclusive). */
  readonly r0: number;
  readonly r1: number;
  readonly c0: number;
  readonly c1: number;
}

export function nonZeroBox(data: ArrayLike<number>, rows: number, cols: number): CellBox | null {
  let r0 = -1,
    r1 = -1,
    c0 = cols,
    c1 = -1;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let first = -1,
      lastC = -1;
    for (let c = 0; c < cols; c++) {
      const v = data[o + c] ?? 0;
      if (v > 0) {
        if (first < 0) first = c;
        lastC = c;
      }
    }
    if (first < 0) continue;
    if (r0 < 0) r0 = r;
    r1 = r;
    if (first < c0) c0 = first;
    if (lastC > c1) c1 = lastC;
  }
  return r0 < 0 ? null : { r0, r1, c0, c1 };
}

/** Quad extent (hMin, dvMin, hMax, dvMax µm) and texture window (s0, t0, s1, t1) of a box. */
export function boxQuad(
  box: CellBox,
  rows: number,
  cols: number,
  resolutionUm: number,
): { extent: [number, number, number, number]; uv: [number, number, number, number] } {
  return {
    extent: [box.c0 * resolutionUm, box.r0 * resolutionUm, (box.c1 + 1) * resolutionUm, (box.r1 + 1) * resolutionUm],
    uv: [box.c0 / cols, box.r0 / rows, (box.c1 + 1) / cols, (box.r1 + 1) / rows],
  };
}

/** Cache of nonZeroBox by (array, version); no version → recomputed on every call. */
export class BoxCache {
  private data: unknown = null;
  private version: number | undefined;
  private box: CellBox | null = null;

  get(data: ArrayLike<number>, rows: number, cols: number, version?: number): CellBox | null {
    if (version === undefined || data !== this.data || version !== this.version) {
      this.box = nonZeroBox(data, rows, cols);
      this.data = data;
      this.version = version;
    }
    return this.box;
  }
}
