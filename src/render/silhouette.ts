// Silhouette of a triangle mesh projected along one CCF axis (pure), as a 0/1 raster for 2D
// figures: cell (r, c) spans u ∈ [c·bin, (c+1)·bin), v ∈ [r·bin, (r+1)·bin) µm and is 1 when its
// centre lies inside (edges inclusive) a projected triangle (parts thinner than the space between
// cell centres are lost). Row-major, rows along v. Axes index CCF µm [AP, DV, ML] (0, 1, 2); the projected-away axis is the third.

export type CcfAxis = 0 | 1 | 2;

export interface SilhouetteSpec {
  readonly u: CcfAxis;
  readonly v: CcfAxis;
  /** Extent of u and v in µm (the raster covers [0, uMax) × [0, vMax)). */
  readonly uMaxUm: number;
  readonly vMaxUm: number;
  readonly binUm: number;
}

export interface Silhouette {
  readonly rows: number;
  readonly cols: number;
  readonly binUm: number;
  readonly data: Uint8Array;
}

export function projectSilhouette(positions: Float32Array, indices: Uint32Array, spec: SilhouetteSpec): Silhouette {
  const { u, v, binUm } = spec;
  if (u === v) throw new RangeError('silhouette axes must differ');
  if (!(binUm > 0)) throw new RangeError(`bin must be > 0 µm, got ${binUm}`);
  const cols = Math.ceil(spec.uMaxUm / binUm);
  const rows = Math.ceil(spec.vMaxUm / binUm);
  const data = new Uint8Array(rows * cols);
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const ia = 3 * (indices[t] ?? 0),
      ib = 3 * (indices[t + 1] ?? 0),
      ic = 3 * (indices[t + 2] ?? 0);
    // in bin units, so cell centres sit at k + 0.5
    const ax = (positions[ia + u] ?? 0) / binUm,
      ay = (positions[ia + v] ?? 0) / binUm;
    const bx = (positions[ib + u] ?? 0) / binUm,
      by = (positions[ib + v] ?? 0) / binUm;
    const cx = (positions[ic + u] ?? 0) / binUm,
      cy = (positions[ic + v] ?? 0) / binUm;
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (area === 0) continue;
    const s = area > 0 ? 1 : -1;
    const c0 = Math.max(0, Math.ceil(Math.min(ax, bx, cx) - 0.5));
    const c1 = Math.min(cols - 1, Math.floor(Math.max(ax, bx, cx) - 0.5));
    const r0 = Math.max(0, Math.ceil(Math.min(ay, by, cy) - 0.5));
    const r1 = Math.min(rows - 1, Math.floor(Math.max(ay, by, cy) - 0.5));
    for (let r = r0; r <= r1; r++) {
      const py = r + 0.5;
      for (let c = c0; c <= c1; c++) {
        const px = c + 0.5;
        const w0 = s * ((bx - ax) * (py - ay) - (by - ay) * (px - ax));
        const w1 = s * ((cx - bx) * (py - by) - (cy - by) * (px - bx));
        const w2 = s * ((ax - cx) * (py - cy) - (ay - cy) * (px - cx));
        if (w0 >= 0 && w1 >= 0 && w2 >= 0) data[r * cols + c] = 1;
      }
    }
  }
  return { rows, cols, binUm, data };
}

/** RGBA pixels of a silhouette: `fill` where 1, transparent elsewhere (for a PNG data URL). */
export function silhouetteRgba(s: Silhouette, fill: readonly [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(s.rows * s.cols * 4);
  for (let i = 0; i < s.data.length; i++) {
    if (!s.data[i]) continue;
    out[4 * i] = fill[0];
    out[4 * i + 1] = fill[1];
    out[4 * i + 2] = fill[2];
    out[4 * i + 3] = fill[3];
  }
  return out;
}
