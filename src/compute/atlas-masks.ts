// Region masks from an annotation label volume (uint32 leaf ids, AP fastest). The caller expands a
// region to its descendants (ontology lives outside compute) and passes the id set.
// Hemisphere: a voxel is left when its centre (ml + 0.5)·res < MIDLINE_UM, right otherwise.
// Mask values: 1 inside, 0 outside.
import { MIDLINE_UM, type GridShape, voxelCount } from './grid';

export type Hemisphere = 'left' | 'right' | 'both';
export type StructureIdSet = ReadonlySet<number> | Uint32Array;

function membership(idsIn: StructureIdSet): (label: number) => boolean {
  if (!(idsIn instanceof Uint32Array)) return (l) => idsIn.has(l);
  // Binary search over a sorted copy (callers pass ids in ontology order, not sorted).
  const ids = Uint32Array.from(idsIn).sort();
  return (l) => {
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = ids[mid] ?? 0;
      if (v === l) return true;
      if (v < l) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
}

/** ML index range [start, end) of a hemisphere, by voxel centre. */
export function hemisphereRange(shape: GridShape, hemisphere: Hemisphere): [number, number] {
  // First index whose centre is at or beyond the midline.
  const split = Math.min(shape.nz, Math.max(0, Math.ceil(MIDLINE_UM / shape.resolutionUm - 0.5)));
  if (hemisphere === 'left') return [0, split];
  if (hemisphere === 'right') return [split, shape.nz];
  return [0, shape.nz];
}

/** Uint8 mask of voxels whose label is in `ids`, optionally restricted to one hemisphere. */
export function buildMask(labels: Uint32Array, shape: GridShape, ids: StructureIdSet, hemisphere: Hemisphere = 'both'): Uint8Array {
  const n = voxelCount(shape);
  if (labels.length !== n) throw new RangeError(`labels has ${labels.length} voxels, shape needs ${n}`);
  const has = membership(ids);
  const mask = new Uint8Array(n);
  const [z0, z1] = hemisphereRange(shape, hemisphere);
  const slab = shape.nx * shape.ny;
  // Labels are spatially coherent: cache the last label's answer.
  let last = -1;
  let lastIn = 0;
  for (let i = z0 * slab, end = z1 * slab; i < end; i++) {
    const l = labels[i] ?? 0;
    if (l !== last) {
      last = l;
      lastIn = has(l) ? 1 : 0;
    }
    mask[i] = lastIn;
  }
  return mask;
}

export interface MaskExtent {
  /** Voxel index bounds per axis [AP, DV, ML], inclusive. */
  readonly min: readonly [number, number, number];
  readonly max: readonly [number, number, number];
  /** CCF µm of the outer cell faces: min·res and (max + 1)·res. */
  readonly minUm: readonly [number, number, number];
  readonly maxUm: readonly [number, number, number];
  /** Number of voxels inside. */
  readonly count: number;
}

/** Bounding box of the non-zero voxels, or null for an empty mask. */
export function maskExtent(mask: Uint8Array, shape: GridShape): MaskExtent | null {
  const { nx, ny, nz, resolutionUm: r } = shape;
  let x0 = nx,
    y0 = ny,
    z0 = nz,
    x1 = -1,
    y1 = -1,
    z1 = -1,
    count = 0;
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (mask[i] === 0) continue;
        count++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        z1 = z;
      }
    }
  }
  if (count === 0) return null;
  return {
    min: [x0, y0, z0],
    max: [x1, y1, z1],
    minUm: [x0 * r, y0 * r, z0 * r],
    maxUm: [(x1 + 1) * r, (y1 + 1) * r, (z1 + 1) * r],
    count,
  };
}

/**
 * Fraction (0–1) of each coarse voxel covered by a fine mask, e.g. a 25 or 50 µm mask onto the
 * 100 µm density grid. The coarse resolution must be an integer multiple of the fine one; coarse
 * cells that hang over the fine volume's edge count the missing fine voxels as outside.
 */
export function maskVolumeFraction(mask: Uint8Array, shape: GridShape, targetResolutionUm: number): { fraction: Float32Array; shape: GridShape } {
  const f = targetResolutionUm / shape.resolutionUm;
  if (!Number.isInteger(f) || f < 1) {
    throw new RangeError(`target ${targetResolutionUm} µm is not an integer multiple of ${shape.resolutionUm} µm`);
  }
  const out: GridShape = { nx: Math.ceil(shape.nx / f), ny: Math.ceil(shape.ny / f), nz: Math.ceil(shape.nz / f), resolutionUm: targetResolutionUm };
  const counts = new Uint32Array(out.nx * out.ny * out.nz);
  let i = 0;
  for (let z = 0; z < shape.nz; z++) {
    const zo = Math.floor(z / f) * out.ny;
    for (let y = 0; y < shape.ny; y++) {
      const row = (Math.floor(y / f) + zo) * out.nx;
      for (let x = 0; x < shape.nx; x++, i++) {
        if (mask[i] !== 0) counts[row + Math.floor(x / f)] = (counts[row + Math.floor(x / f)] ?? 0) + 1;
      }
    }
  }
  const per = 1 / (f * f * f);
  const fraction = new Float32Array(counts.length);
  for (let j = 0; j < counts.length; j++) fraction[j] = (counts[j] ?? 0) * per;
  return { fraction, shape: out };
}

/** A 25/50 µm mask on the 100 µm grid: per-voxel area fraction plus a ≥ 50 % majority mask. */
export function downsampleMaskTo100(mask: Uint8Array, shape: GridShape): { fraction: Float32Array; majority: Uint8Array; shape: GridShape } {
  const { fraction, shape: out } = maskVolumeFraction(mask, shape, 100);
  const majority = new Uint8Array(fraction.length);
  for (let j = 0; j < fraction.length; j++) majority[j] = (fraction[j] ?? 0) >= 0.5 ? 1 : 0;
  return { fraction, majority, shape: out };
}
