// Shared facts about Allen CCF volumes. Memory order is Allen's: AP fastest, then DV, then ML
// ("Fortran order"): index = ap + nx * (dv + ny * ml). Never transpose.
// Coordinates are CCF µm: x = AP (posterior +), y = DV (ventral +), z = ML (right +).

/** Value marking a voxel with no data in Allen density grids. Never averaged as a value. */
export const NO_DATA = -1;

/** Midline in CCF µm (ML). z < MIDLINE_UM is the left hemisphere. */
export const MIDLINE_UM = 5700;

export interface GridShape {
  /** Voxels along AP (fastest axis). */
  readonly nx: number;
  /** Voxels along DV. */
  readonly ny: number;
  /** Voxels along ML (slowest axis). */
  readonly nz: number;
  /** Voxel edge length in µm. */
  readonly resolutionUm: number;
}

export type AtlasResolution = 100 | 50 | 25;

/** CCF 2017 grid sizes by resolution (AP, DV, ML). */
export const CCF_SHAPES: Readonly<Record<AtlasResolution, GridShape>> = {
  100: { nx: 132, ny: 80, nz: 114, resolutionUm: 100 },
  50: { nx: 264, ny: 160, nz: 228, resolutionUm: 50 },
  25: { nx: 528, ny: 320, nz: 456, resolutionUm: 25 },
};

/** Projection density grids are always on the 100 µm CCF grid. */
export const DENSITY_SHAPE: GridShape = CCF_SHAPES[100];

export function voxelCount(shape: GridShape): number {
  return shape.nx * shape.ny * shape.nz;
}

/** Linear index of voxel (ap, dv, ml) in Allen's AP-fastest order. */
export function voxelIndex(shape: GridShape, ap: number, dv: number, ml: number): number {
  return ap + shape.nx * (dv + shape.ny * ml);
}

/** Voxel index containing a CCF µm coordinate along one axis, clamped to [0, n-1]. */
export function umToIndex(um: number, resolutionUm: number, n: number): number {
  const i = Math.floor(um / resolutionUm);
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/** CCF µm of the centre of voxel i along one axis (voxels are cells from the volume corner). */
export function indexToUm(i: number, resolutionUm: number): number {
  return (i + 0.5) * resolutionUm;
}

/** Hemisphere of a CCF ML coordinate in µm: Allen hemisphere ids 1 = left, 2 = right. */
export function hemisphereOfMl(mlUm: number): 1 | 2 {
  return mlUm < MIDLINE_UM ? 1 : 2;
}
