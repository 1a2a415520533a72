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

/** The buffers of a stack's arrays (what a worker transfers when it answers with one). */
export const sectionStackBuffers = (st: SectionStack): ArrayBuffer[] =>
  [st.labels, st.targetMask, st.brainBoxes, st.targetBoxes, st.cellCodes].map((a) => a.buffer as ArrayBuffer);

/**
 * SectionStack.cellCodes of labels and a target mask ([apCount][rows][cols] each). One pass per
 * row with the edge cells apart, so the inner loop has no bounds tests or closures (60 coronal
 * sections of a synthetic 264×160×228 volume, in Node: ~70 → ~10 ms).
 */
export function sectionCellCodes(labels: Uint32Array, targetMask: Uint8Array, apCount: number, rows: number, cols: number): Uint8Array {
  const n = rows * cols;
  if (labels.length !== apCount * n || targetMask.length !== apCount * n) throw new RangeError(`section codes: arrays are not ${apCount} × ${rows} × ${cols}`);
  const out = new Uint8Array(2 * apCount * n);
  if (n === 0) return out;
  for (let k = 0; k < apCount; k++) {
    const base = k * n;
    for (let r = 0; r < rows; r++) {
      const row = base + r * cols;
      // a neighbour past the section's edge is the cell itself (no boundary), and not in the target
      const upOff = r > 0 ? -cols : 0;
      const downOff = r < rows - 1 ? cols : 0;
      const upIn = r > 0 ? 1 : 0;
      const downIn = r < rows - 1 ? 1 : 0;
      for (let c = 0; c < cols; c++) {
        const i = row + c;
        const l = labels[i] ?? 0;
        const left = c > 0 ? i - 1 : i;
        const right = c < cols - 1 ? i + 1 : i;
        out[2 * i] =
          (l !== 0 ? 1 : 0) |
          (labels[left] !== l ? 2 : 0) |
          (labels[right] !== l ? 4 : 0) |
          (labels[i + upOff] !== l ? 8 : 0) |
          (labels[i + downOff] !== l ? 16 : 0);
        if (targetMask[i] !== 0) {
          out[2 * i + 1] =
            1 |
            (c === 0 || targetMask[i - 1] === 0 ? 2 : 0) |
            (c === cols - 1 || targetMask[i + 1] === 0 ? 4 : 0) |
            (upIn === 0 || targetMask[i - cols] === 0 ? 8 : 0) |
            (downIn === 0 || targetMask[i + cols] === 0 ? 16 : 0);
        }
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
  const { ny: rows, nz: cols } = shape;
  const n = rows * cols;
  const labels = new Uint32Array(apCount * n);
  const slices = new Int32Array(apCount);
  for (let k = 0; k < apCount; k++) slices[k] = sectionIndexOf(apStart + k, shape) * sliceStride;
  // The cut is a gather from the annotation's memory order (AP fastest) into [slice][row][col]:
  // the innermost loop runs along the axis that is closest together in the annotation, so reads
  // follow memory instead of jumping a whole line of voxels each. Then one pass along the cut
  // labels finds the target and the boxes. In Node, 60 coronal sections of a 264×160×228 volume
  // (cell codes included): 166 → 112 ms on a first call, ~130 → ~70 ms once compiled.
  if (sliceStride < rowStride && sliceStride < colStride) {
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const from = r * rowStride + c * colStride;
        const to = r * cols + c;
        for (let k = 0; k < apCount; k++) labels[k * n + to] = annotation[from + (slices[k] ?? 0)] ?? 0;
      }
  } else {
    // sagittal and horizontal: the columns are the AP axis, the annotation's fastest
    for (let k = 0; k < apCount; k++)
      for (let r = 0; r < rows; r++) {
        const from = (slices[k] ?? 0) + r * rowStride;
        const to = k * n + r * cols;
        for (let c = 0; c < cols; c++) labels[to + c] = annotation[from + c * colStride] ?? 0;
      }
  }
  return sectionStackFromLabels(labels, apStart, apCount, rows, cols, shape.resolutionUm, targetIds);
}

/**
 * The rest of a SectionStack from its cut labels ([apCount][rows][cols]): the target's cells, the
 * boxes and the cell codes (a stored stack keeps only its labels: section-record.ts).
 */
export function sectionStackFromLabels(
  labels: Uint32Array,
  apStart: number,
  apCount: number,
  rows: number,
  cols: number,
  resolutionUm: number,
  targetIds: Uint32Array,
): SectionStack {
  const n = rows * cols;
  if (labels.length !== apCount * n) throw new RangeError(`section labels: ${labels.length} cells are not ${apCount} × ${rows} × ${cols}`);
  // target cells and both boxes, in one pass along the cut labels
  const targetMask = new Uint8Array(apCount * n);
  const brainBoxes = new Int32Array(apCount * 4).fill(-1);
  const targetBoxes = new Int32Array(apCount * 4).fill(-1);
  const ids = new Set(targetIds);
  // labels come in runs: remember the last membership answer
  let lastLabel = 0;
  let lastIn = ids.has(0);
  for (let k = 0; k < apCount; k++) {
    let br0 = -1,
      br1 = -1,
      bc0 = cols,
      bc1 = -1;
    let tr0 = -1,
      tr1 = -1,
      tc0 = cols,
      tc1 = -1;
    for (let r = 0; r < rows; r++) {
      const row = k * n + r * cols;
      for (let c = 0; c < cols; c++) {
        const l = labels[row + c] ?? 0;
        if (l !== lastLabel) {
          lastLabel = l;
          lastIn = ids.has(l);
        }
        if (l !== 0) {
          if (br0 < 0) br0 = r;
          br1 = r;
          if (c < bc0) bc0 = c;
          if (c > bc1) bc1 = c;
        }
        if (lastIn) {
          targetMask[row + c] = 1;
          if (tr0 < 0) tr0 = r;
          tr1 = r;
          if (c < tc0) tc0 = c;
          if (c > tc1) tc1 = c;
        }
      }
    }
    if (br1 !== -1) brainBoxes.set([br0, br1, bc0, bc1], 4 * k);
    if (tr1 !== -1) targetBoxes.set([tr0, tr1, tc0, tc1], 4 * k);
  }
  const cellCodes = sectionCellCodes(labels, targetMask, apCount, rows, cols);
  return { apStart, apCount, rows, cols, resolutionUm, labels, targetMask, brainBoxes, targetBoxes, cellCodes };
}
