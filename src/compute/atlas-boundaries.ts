// 2-D label images cut from an annotation volume (uint32 leaf ids, AP fastest), and structure
// boundary images for projectome/slice backgrounds. Images are row-major, row = DV (dorsal row 0).
// Coronal (fixed AP): width = ML (left hemisphere on the left), height = DV.
// Sagittal (fixed ML): width = AP (anterior on the left), height = DV.
import type { GridShape } from './grid';

export interface LabelImage {
  readonly width: number;
  readonly height: number;
  /** Row-major labels, index = row * width + col. */
  readonly data: Uint32Array;
}

function checkIndex(i: number, n: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`${what} index ${i} outside 0…${n - 1}`);
}

/** Coronal label image at AP index `ap`. */
export function coronalLabelSlice(labels: Uint32Array, shape: GridShape, ap: number): LabelImage {
  const { nx, ny, nz } = shape;
  checkIndex(ap, nx, 'AP');
  const data = new Uint32Array(ny * nz);
  for (let dv = 0; dv < ny; dv++) {
    for (let ml = 0; ml < nz; ml++) data[dv * nz + ml] = labels[ap + nx * (dv + ny * ml)] ?? 0;
  }
  return { width: nz, height: ny, data };
}

/** Sagittal label image at ML index `ml`. */
export function sagittalLabelSlice(labels: Uint32Array, shape: GridShape, ml: number): LabelImage {
  const { nx, ny, nz } = shape;
  checkIndex(ml, nz, 'ML');
  const data = new Uint32Array(nx * ny);
  data.set(labels.subarray(nx * ny * ml, nx * ny * (ml + 1)));
  return { width: nx, height: ny, data };
}

/**
 * Boundary image (1 = boundary). For every pair of horizontally or vertically adjacent pixels
 * with different labels, one pixel of the pair is marked: the left/upper one, unless its label is
 * 0 (outside the brain), in which case the right/lower one. So lines are one pixel wide, the
 * brain outline is drawn on the brain side, and pixels outside the brain are never marked.
 * Pixels beyond the image edge are not compared (no frame around the image).
 */
export function boundaryImage(img: LabelImage): Uint8Array {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      const l = data[i] ?? 0;
      if (c + 1 < w) {
        const rl = data[i + 1] ?? 0;
        if (rl !== l) out[l !== 0 ? i : i + 1] = 1;
      }
      if (r + 1 < h) {
        const dl = data[i + w] ?? 0;
        if (dl !== l) out[l !== 0 ? i : i + w] = 1;
      }
    }
  }
  return out;
}

/** Coronal boundary image at AP index `ap` (any resolution). */
export function coronalBoundaries(labels: Uint32Array, shape: GridShape, ap: number): { width: number; height: number; data: Uint8Array } {
  const img = coronalLabelSlice(labels, shape, ap);
  return { width: img.width, height: img.height, data: boundaryImage(img) };
}

/** Sagittal boundary image at ML index `ml` (any resolution). */
export function sagittalBoundaries(labels: Uint32Array, shape: GridShape, ml: number): { width: number; height: number; data: Uint8Array } {
  const img = sagittalLabelSlice(labels, shape, ml);
  return { width: img.width, height: img.height, data: boundaryImage(img) };
}
