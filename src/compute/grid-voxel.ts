// Voxels of the 100 µm density grid (132 × 80 × 114, Allen's memory order: AP fastest), and the
// voxel that holds a CCF point. Pure; shared by the main thread (query keys, voxel picking) and
// the worker (reading one voxel of every cached grid).
import { DENSITY_SHAPE, voxelIndex } from './grid';

const RESOLUTION_UM = DENSITY_SHAPE.resolutionUm;

/** Voxel indices on the 100 µm grid: ap 0–131, dv 0–79, ml 0–113. */
export interface GridVoxel {
  readonly ap: number;
  readonly dv: number;
  readonly ml: number;
}

/** The voxel holding a CCF point (µm [AP, DV, ML]), or null outside the grid. */
export function voxelOfPoint(pointUm: readonly [number, number, number]): GridVoxel | null {
  const [ap, dv, ml] = pointUm.map((v) => Math.floor(v / RESOLUTION_UM));
  if (ap === undefined || dv === undefined || ml === undefined) return null;
  if (ap < 0 || dv < 0 || ml < 0 || ap >= DENSITY_SHAPE.nx || dv >= DENSITY_SHAPE.ny || ml >= DENSITY_SHAPE.nz) return null;
  return { ap, dv, ml };
}

/** Index of a voxel of the 100 µm grid in Allen's memory order (AP fastest). */
export function densityVoxelIndex(v: GridVoxel): number {
  return voxelIndex(DENSITY_SHAPE, v.ap, v.dv, v.ml);
}
