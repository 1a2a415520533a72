// The drawn atlas sections of a projectome over its whole AP extent, cut once: for every 100 µm
// AP index a, the coronal label image of the (finer) annotation at AP a·100 + 50 µm (the slice's
// centre), the target's cells in it and the bounding boxes the renderer draws over. Images are
// row-major, row = DV (dorsal first), column = ML (CCF left hemisphere first), as
// coronalLabelSlice; the annotation keeps Allen's memory order (AP fastest).
// planeSectionStack cuts the same along another plane (section-plane.ts): "AP index" is then the
// 100 µm slice index along the plane's axis, rows and columns the plane's image axes.
import { umToIndex, type GridShape } from './grid';
import { planeView, type SectionPlane } from './section-plane';

export interface SectionStack {
  /** 100 µm AP indices apStart … apStart + apCount − 1. */
  readonly apStart: number;
  readonly apCount: number;
  /** Size of one section (the annotation's ny × nz) and its resolution. */
  readonly rows: number;
  readonly cols: number;
  readonly resolutionUm: number;
  /** Uint32 [apCount][rows][cols]: leaf structure ids, 0 = outside the brain. */
  readonly labels: Uint32Array;
  /** Uint8 [apCount][rows][cols]: 1 where the label is one of the target's ids. */
  readonly targetMask: Uint8Array;
  /** Int32 [apCount][4]: cells with a label ≠ 0, r0, r1, c0, c1 inclusive; −1s when none. */
  readonly brainBoxes: Int32Array;
  /** Int32 [apCount][4]: the target's cells, likewise. */
  readonly targetBoxes: Int32Array;
  /**
   * Uint8 [apCount][rows][cols][2], what the renderer draws per cell in one texture fetch.
   * Byte 0, the section: 1 = inside the brain (label ≠ 0); 2, 4, 8, 16 = the label differs from
   * the left, right, upper, lower neighbour (a boundary runs along that side; a neighbour past
   * the section's edge is the cell itself). Byte 1, the target: 1 = in the target; 2, 4, 8, 16 =
   * that neighbour is not (past the edge counts as not).
   */
  readonly cellCodes: Uint8Array;
}

/** SectionStack.cellCodes of labels and a target mask ([apCount][rows][cols] each). */
export function sectionCellCodes(labels: Uint32Array, targetMask: Uint8Array, apCount: number, rows: number, cols: number): Uint8Array {
  const n = rows * cols;
  if (labels.length !== apCount * n || targetMask.length !== apCount * n) throw new RangeError(`section codes: arrays are not ${apCount} × ${rows} × ${cols}`);
  const out = new Uint8Array(2 * apCount * n);
  for (let k = 0; k < apCount; k++) {
    const base = k * n;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const i = base + r * cols + c;
        const l = labels[i] ?? 0;
        const left = c > 0 ? i - 1 : i;
        const right = c < cols - 1 ? i + 1 : i;
        const up = r > 0 ? i - cols : i;
        const down = r < rows - 1 ? i + cols : i;
        out[2 * i] =
          (l !== 0 ? 1 : 0) | (labels[left] !== l ? 2 : 0) | (labels[right] !== l ? 4 : 0) | (labels[up] !== l ? 8 : 0) | (labels[down] !== l ? 16 : 0);
        if (targetMask[i]) {
          const outside = (j: number, inGrid: boolean): boolean => !inGrid || !targetMask[j];
          out[2 * i + 1] =
            1 |
            (outside(i - 1, c > 0) ? 2 : 0) |
            (outside(i + 1, c < cols - 1) ? 4 : 0) |
            (outside(i - cols, r > 0) ? 8 : 0) |
            (outside(i + cols, r < rows - 1) ? 16 : 0);
        }
      }
  }
  return out;
}

/** Annotation index of the section drawn for 100 µm AP index `apIndex` (its centre, a·100 + 50 µm); along a plane's axis with that plane's view shape. */
export function sectionIndexOf(apIndex: number, shape: GridShape): number {
  return umToIndex(apIndex * 100 + 50, shape.resolutionUm, shape.nx);
}

export function coronalSectionStack(annotation: Uint32Array, shape: GridShape, apStart: number, apCount: number, targetIds: Uint32Array): SectionStack {
  return planeSectionStack(annotation, shape, 'coronal', apStart, apCount, targetIds);
}

/** As coronalSectionStack, along `plane`: apStart, apCount are 100 µm slice indices along its axis. */
export function planeSectionStack(
  annotation: Uint32Array,
  volumeShape: GridShape,
  plane: SectionPlane,
  apStart: number,
  apCount: number,
  targetIds: Uint32Array,
): SectionStack {
  if (annotation.length !== volumeShape.nx * volumeShape.ny * volumeShape.nz) {
    throw new RangeError(`annotation length ${annotation.length} ≠ ${volumeShape.nx} × ${volumeShape.ny} × ${volumeShape.nz}`);
  }
  if (!(Number.isInteger(apStart) && Number.isInteger(apCount) && apStart >= 0 && apCount >= 0 && apCount <= 1000)) {
    throw new RangeError(`slice indices ${apStart} + ${apCount} are not a valid extent`);
  }
  const view = planeView(volumeShape, plane);
  const { shape, sliceStride, rowStride, colStride } = view;
  const { ny, nz } = shape;
  const n = ny * nz;
  const labels = new Uint32Array(apCount * n);
  const targetMask = new Uint8Array(apCount * n);
  const brainBoxes = new Int32Array(apCount * 4).fill(-1);
  const targetBoxes = new Int32Array(apCount * 4).fill(-1);
  const ids = new Set(targetIds);
  // labels come in runs: remember the last membership answer
  let lastLabel = 0;
  let lastIn = ids.has(0);
  for (let k = 0; k < apCount; k++) {
    const ap = sectionIndexOf(apStart + k, shape) * sliceStride;
    const base = k * n;
    const brain = [Infinity, -1, Infinity, -1];
    const target = [Infinity, -1, Infinity, -1];
    // columns outer, rows inner (coronal: ML outer, DV inner, consecutive reads nx voxels apart)
    for (let ml = 0; ml < nz; ml++) {
      for (let dv = 0; dv < ny; dv++) {
        const l = annotation[ap + rowStride * dv + colStride * ml] ?? 0;
        const i = base + dv * nz + ml;
        labels[i] = l;
        if (l !== lastLabel) {
          lastLabel = l;
          lastIn = ids.has(l);
        }
        if (l !== 0) grow(brain, dv, ml);
        if (lastIn) {
          targetMask[i] = 1;
          grow(target, dv, ml);
        }
      }
    }
    if (brain[1] !== -1) brainBoxes.set(brain, 4 * k);
    if (target[1] !== -1) targetBoxes.set(target, 4 * k);
  }
  const cellCodes = sectionCellCodes(labels, targetMask, apCount, ny, nz);
  return { apStart, apCount, rows: ny, cols: nz, resolutionUm: shape.resolutionUm, labels, targetMask, brainBoxes, targetBoxes, cellCodes };
}

function grow(box: number[], r: number, c: number): void {
  if (r < (box[0] ?? Infinity)) box[0] = r;
  if (r > (box[1] ?? -1)) box[1] = r;
  if (c < (box[2] ?? Infinity)) box[2] = c;
  if (c > (box[3] ?? -1)) box[3] = c;
}
