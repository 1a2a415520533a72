// Section planes of the projectome: which CCF axis the slices are taken along and how the other
// two lie on the image. Volumes keep Allen's memory order (AP fastest, index = ap + nx·(dv +
// ny·ml)); a plane is a strided view of them, never a transposed copy.
//   coronal    slices along AP; image rows = DV (dorsal first), columns = ML (left hemisphere first)
//   sagittal   slices along ML; image rows = DV (dorsal first), columns = AP (anterior first)
//   horizontal slices along DV; image rows = ML (left hemisphere first), columns = AP (anterior first)
// A slice index i names the 100 µm slab [i·100, i·100 + 100) µm along the slicing axis, labelled
// by its lower face i·100 µm (for AP the anterior face, bsv's label; for ML the left face, for DV
// the dorsal face). Section coordinates are (row, column) in the image; "section µm" are index ×
// resolution along them, as the coronal DV/ML µm were.
import type { GridShape } from './grid';

export type SectionPlane = 'coronal' | 'sagittal' | 'horizontal';
export const SECTION_PLANES: readonly SectionPlane[] = ['coronal', 'sagittal', 'horizontal'];

/** CCF axes: 0 = AP (x), 1 = DV (y), 2 = ML (z). */
export type CcfAxis = 0 | 1 | 2;

export interface PlaneAxes {
  /** The axis the slices are taken along (the slider's axis). */
  readonly slice: CcfAxis;
  /** The axis along image rows (top to bottom) and along columns (left to right). */
  readonly row: CcfAxis;
  readonly col: CcfAxis;
}

export const PLANE_AXES: Readonly<Record<SectionPlane, PlaneAxes>> = {
  coronal: { slice: 0, row: 1, col: 2 },
  sagittal: { slice: 2, row: 1, col: 0 },
  horizontal: { slice: 1, row: 2, col: 0 },
};

/** Short names of the CCF axes, as in labels ("AP 5000 µm"). */
export const AXIS_NAMES = ['AP', 'DV', 'ML'] as const;

export interface PlaneView {
  /** nx = slices along the plane's axis, ny = image rows, nz = image columns; same resolution. */
  readonly shape: GridShape;
  /** Memory strides of one step along the slicing axis, an image row and an image column. */
  readonly sliceStride: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** The plane's view of a volume of `shape` (Allen memory order). */
export function planeView(shape: GridShape, plane: SectionPlane): PlaneView {
  const dims = [shape.nx, shape.ny, shape.nz];
  const strides = [1, shape.nx, shape.nx * shape.ny];
  const { slice, row, col } = PLANE_AXES[plane];
  return {
    shape: { nx: dims[slice] ?? 0, ny: dims[row] ?? 0, nz: dims[col] ?? 0, resolutionUm: shape.resolutionUm },
    sliceStride: strides[slice] ?? 0,
    rowStride: strides[row] ?? 0,
    colStride: strides[col] ?? 0,
  };
}

/** CCF (AP, DV, ML) of plane coordinates (slice, row, col), in any one unit. */
export function planeToCcf(plane: SectionPlane, slice: number, row: number, col: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  const a = PLANE_AXES[plane];
  out[a.slice] = slice;
  out[a.row] = row;
  out[a.col] = col;
  return out;
}

/** Plane coordinates (slice, row, col) of CCF (AP, DV, ML), in any one unit. */
export function ccfToPlane(plane: SectionPlane, ccf: readonly [number, number, number]): [number, number, number] {
  const a = PLANE_AXES[plane];
  return [ccf[a.slice], ccf[a.row], ccf[a.col]];
}

export function isSectionPlane(v: unknown): v is SectionPlane {
  return v === 'coronal' || v === 'sagittal' || v === 'horizontal';
}
