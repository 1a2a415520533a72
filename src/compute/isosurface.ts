// Isosurfaces of masks and density volumes (marching cubes with a generated, crack-free case
// table: isosurface-table.ts). Inputs are AP-fastest volumes on a GridShape; output positions
// are CCF µm [AP, DV, ML] per vertex (voxel centres sit at (i + 0.5)·resolution, as in grid.ts).
// The volume is first cropped to the bounding box of above-threshold voxels (+ a margin of
// 1 voxel + the blur radius) and padded with "outside", so every surface is closed. Winding is
// counter-clockwise seen from outside; normals are area-weighted face normals pointing outward.
// No-data policy (density input): NaN / NO_DATA voxels, and space beyond the volume, take the value
// min(0, threshold), i.e. outside (0 for the usual threshold > 0).

import type { GridShape } from './grid';
import { isDensityValue } from './percentile';
import { blurVolume, type Dims3 } from './smoothing';
import { EDGE_AXIS, EDGE_CORNERS, caseTable } from './isosurface-table';

export interface IndexedMesh {
  /** xyz per vertex in CCF µm: [AP, DV, ML]. */
  readonly positions: Float32Array;
  /** Unit outward normals, xyz per vertex. */
  readonly normals: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside. */
  readonly indices: Uint32Array;
}

export interface IsosurfaceOptions {
  /** Gaussian pre-blur σ in voxels of the input grid (0 = none, default). ~1 removes terraces. */
  readonly smoothSigmaVoxels?: number;
}

const EMPTY_MESH: IndexedMesh = { positions: new Float32Array(0), normals: new Float32Array(0), indices: new Uint32Array(0) };

/** Surface of a 0/1 mask (value ≠ 0 = inside), at the 0.5 level. */
export function isosurfaceFromMask(mask: Uint8Array, shape: GridShape, opts: IsosurfaceOptions = {}): IndexedMesh {
  return isosurface({ kind: 'mask', data: mask }, shape, 0.5, opts);
}

/** Surface of a density volume at `threshold` (voxels with value > threshold are inside). */
export function isosurfaceFromVolume(volume: Float32Array, shape: GridShape, threshold: number, opts: IsosurfaceOptions = {}): IndexedMesh {
  if (!Number.isFinite(threshold)) throw new RangeError(`isosurface threshold must be finite, got ${threshold}`);
  return isosurface({ kind: 'volume', data: volume }, shape, threshold, opts);
}

type Source = { kind: 'mask'; data: Uint8Array } | { kind: 'volume'; data: Float32Array };

type Box = [number, number, number, number, number, number];

/** Bounding box [x0, y0, z0, x1, y1, z1] of mask voxels ≠ 0 (x1 < 0 when empty). */
function maskBox(mask: Uint8Array, nx: number, ny: number, nz: number): Box {
  let x0 = nx,
    y0 = ny,
    z0 = nz,
    x1 = -1,
    y1 = -1,
    z1 = -1;
  const words = mask.byteOffset % 4 === 0 && nx % 4 === 0 ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2) : null;
  const nw = nx >> 2;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      if (words) {
        let any = false;
        for (let w = row >> 2, e = w + nw; w < e; w++)
          if (words[w]) {
            any = true;
            break;
          }
        if (!any) continue;
      }
      let first = -1,
        last = -1;
      for (let x = 0; x < nx; x++)
        if (mask[row + x]) {
          if (first < 0) first = x;
          last = x;
        }
      if (first < 0) continue;
      if (first < x0) x0 = first;
      if (last > x1) x1 = last;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      if (z > z1) z1 = z;
    }
  return [x0, y0, z0, x1, y1, z1];
}

/** Bounding box of voxels with value > iso (no-data never inside). */
function volumeBox(v: Float32Array, nx: number, ny: number, nz: number, iso: number): Box {
  let x0 = nx,
    y0 = ny,
    z0 = nz,
    x1 = -1,
    y1 = -1,
    z1 = -1;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      for (let x = 0; x < nx; x++) {
        const a = v[row + x] ?? 0;
        if (a > iso && isDensityValue(a)) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
          if (z < z0) z0 = z;
          if (z > z1) z1 = z;
        }
      }
    }
  return [x0, y0, z0, x1, y1, z1];
}

function isosurface(src: Source, shape: GridShape, iso: number, opts: IsosurfaceOptions): IndexedMesh {
  const { nx, ny, nz, resolutionUm } = shape;
  if (src.data.length !== nx * ny * nz) throw new RangeError(`volume length ${src.data.length} ≠ ${nx}·${ny}·${nz}`);
  const [x0, y0, z0, x1, y1, z1] = src.kind === 'mask' ? maskBox(src.data, nx, ny, nz) : volumeBox(src.data, nx, ny, nz, iso);
  if (x1 < 0) return EMPTY_MESH;
  const sigma = opts.smoothSigmaVoxels ?? 0;
  const margin = 1 + (sigma > 0 ? Math.floor(4 * sigma + 0.5) : 0);
  // crop origin in source voxels (may be negative: padded region outside the volume reads as 0)
  const ox = x0 - margin,
    oy = y0 - margin,
    oz = z0 - margin;
  const dims: Dims3 = { nx: x1 - x0 + 1 + 2 * margin, ny: y1 - y0 + 1 + 2 * margin, nz: z1 - z0 + 1 + 2 * margin };
  let field: Float32Array = new Float32Array(dims.nx * dims.ny * dims.nz);
  if (outsideValue(iso) !== 0) field.fill(outsideValue(iso));
  for (let z = 0; z < dims.nz; z++) {
    const sz = z + oz;
    if (sz < 0 || sz >= nz) continue;
    for (let y = 0; y < dims.ny; y++) {
      const sy = y + oy;
      if (sy < 0 || sy >= ny) continue;
      const dst = dims.nx * (y + dims.ny * z);
      const row = nx * (sy + ny * sz);
      const xa = Math.max(0, -ox),
        xb = Math.min(dims.nx, nx - ox);
      if (src.kind === 'mask') {
        const m = src.data;
        for (let x = xa; x < xb; x++) field[dst + x] = m[row + x + ox] ? 1 : 0;
      } else {
        const v = src.data;
        const low = outsideValue(iso);
        for (let x = xa; x < xb; x++) {
          const a = v[row + x + ox];
          field[dst + x] = isDensityValue(a) ? a : low;
        }
      }
    }
  }
  if (sigma > 0) field = blurVolume(field, dims, sigma);
  // the outermost layer must be outside so the surface closes even after blurring
  clearBorder(field, dims, iso);
  return march(field, dims, iso, [ox, oy, oz], resolutionUm);
}

/** Outside value: ≤ iso, and 0 whenever 0 is outside (so outside voxels keep their value). */
function outsideValue(iso: number): number {
  return Math.min(0, iso);
}

function clearBorder(f: Float32Array, d: Dims3, iso: number): void {
  const low = outsideValue(iso);
  for (let z = 0; z < d.nz; z++) {
    for (let y = 0; y < d.ny; y++) {
      const row = d.nx * (y + d.ny * z);
      const edgeRow = z === 0 || z === d.nz - 1 || y === 0 || y === d.ny - 1;
      if (edgeRow) f.fill(low, row, row + d.nx);
      else {
        f[row] = low;
        f[row + d.nx - 1] = low;
      }
    }
  }
}

/** Inside flags of the 4 points (y, z), (y+1, z), (y, z+1), (y+1, z+1) at point p, placed on the
 * corner bits 0, 2, 4, 6 (x = 0 corners); shifting left by 1 gives the x = 1 corners. */
function colBits(f: Float32Array, p: number, sy: number, sz: number, iso: number): number {
  return ((f[p] ?? 0) > iso ? 1 : 0) | ((f[p + sy] ?? 0) > iso ? 4 : 0) | ((f[p + sz] ?? 0) > iso ? 16 : 0) | ((f[p + sy + sz] ?? 0) > iso ? 64 : 0);
}

function march(f: Float32Array, d: Dims3, iso: number, origin: [number, number, number], res: number): IndexedMesh {
  const { nx, ny, nz } = d;
  const sy = nx;
  const sz = nx * ny;
  const { offsets: caseOffsets, tris: caseTris } = caseTable();
  const cornerOffset = new Int32Array(8);
  for (let c = 0; c < 8; c++) cornerOffset[c] = (c & 1) + ((c >> 1) & 1) * sy + ((c >> 2) & 1) * sz;
  // vertex id per (grid point, axis) of the edge starting there, for the two point layers z and
  // z + 1 of the current cell layer only (memory O(nx·ny)); −1 = not created yet
  let layer0 = new Int32Array(nx * ny * 3).fill(-1);
  let layer1 = new Int32Array(nx * ny * 3).fill(-1);
  let pos = new Float32Array(4096 * 3);
  let nVert = 0;
  let idx = new Uint32Array(8192 * 3);
  let nIdx = 0;
  const vals = new Float64Array(8);
  const cellEdgeVertex = new Int32Array(12);
  for (let z = 0; z + 1 < nz; z++) {
    if (z > 0) {
      const t = layer0;
      layer0 = layer1;
      layer1 = t.fill(-1);
    }
    for (let y = 0; y + 1 < ny; y++) {
      let prev = colBits(f, sy * y + sz * z, sy, sz, iso);
      for (let x = 0; x + 1 < nx; x++) {
        const p = x + sy * y + sz * z;
        const next = colBits(f, p + 1, sy, sz, iso);
        const c = prev | (next << 1);
        prev = next;
        if (c === 0 || c === 255) continue;
        for (let k = 0; k < 8; k++) vals[k] = f[p + (cornerOffset[k] ?? 0)] ?? 0;
        const t0 = caseOffsets[c] ?? 0;
        const t1 = caseOffsets[c + 1] ?? 0;
        cellEdgeVertex.fill(-1);
        for (let t = t0; t < t1; t++) {
          const e = caseTris[t] ?? 0;
          if ((cellEdgeVertex[e] ?? -1) >= 0) continue;
          const ca = EDGE_CORNERS[2 * e] ?? 0;
          const cb = EDGE_CORNERS[2 * e + 1] ?? 0;
          const axis = EDGE_AXIS[e] ?? 0;
          const inPlane = x + (ca & 1) + sy * (y + ((ca >> 1) & 1));
          const edgeLayer = (ca >> 2) & 1 ? layer1 : layer0;
          const key = inPlane * 3 + axis;
          let vid = edgeLayer[key] ?? -1;
          if (vid < 0) {
            const va = vals[ca] ?? 0;
            const vb = vals[cb] ?? 0;
            const s = (iso - va) / (vb - va);
            if (nVert * 3 + 3 > pos.length) {
              const grown = new Float32Array(pos.length * 2);
              grown.set(pos);
              pos = grown;
            }
            const px = x + (ca & 1) + (axis === 0 ? s : 0);
            const py = y + ((ca >> 1) & 1) + (axis === 1 ? s : 0);
            const pz = z + ((ca >> 2) & 1) + (axis === 2 ? s : 0);
            pos[nVert * 3] = (px + origin[0] + 0.5) * res;
            pos[nVert * 3 + 1] = (py + origin[1] + 0.5) * res;
            pos[nVert * 3 + 2] = (pz + origin[2] + 0.5) * res;
            vid = nVert++;
            edgeLayer[key] = vid;
          }
          cellEdgeVertex[e] = vid;
        }
        if (nIdx + (t1 - t0) > idx.length) {
          const grown = new Uint32Array(idx.length * 2);
          grown.set(idx);
          idx = grown;
        }
        for (let t = t0; t < t1; t++) idx[nIdx++] = cellEdgeVertex[caseTris[t] ?? 0] ?? 0;
      }
    }
  }
  const positions = pos.slice(0, nVert * 3);
  const indices = idx.slice(0, nIdx);
  return { positions, normals: vertexNormals(positions, indices), indices };
}

/** Area-weighted vertex normals from triangle winding (outward for outward-wound meshes). */
export function vertexNormals(positions: Float32Array, indices: Uint32Array): Float32Array {
  const n = new Float32Array(positions.length);
  for (let t = 0; t < indices.length; t += 3) {
    const a = (indices[t] ?? 0) * 3,
      b = (indices[t + 1] ?? 0) * 3,
      c = (indices[t + 2] ?? 0) * 3;
    const ux = (positions[b] ?? 0) - (positions[a] ?? 0),
      uy = (positions[b + 1] ?? 0) - (positions[a + 1] ?? 0),
      uz = (positions[b + 2] ?? 0) - (positions[a + 2] ?? 0);
    const vx = (positions[c] ?? 0) - (positions[a] ?? 0),
      vy = (positions[c + 1] ?? 0) - (positions[a + 1] ?? 0),
      vz = (positions[c + 2] ?? 0) - (positions[a + 2] ?? 0);
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    n[a] = (n[a] ?? 0) + nx;
    n[a + 1] = (n[a + 1] ?? 0) + ny;
    n[a + 2] = (n[a + 2] ?? 0) + nz;
    n[b] = (n[b] ?? 0) + nx;
    n[b + 1] = (n[b + 1] ?? 0) + ny;
    n[b + 2] = (n[b + 2] ?? 0) + nz;
    n[c] = (n[c] ?? 0) + nx;
    n[c + 1] = (n[c + 1] ?? 0) + ny;
    n[c + 2] = (n[c + 2] ?? 0) + nz;
  }
  for (let i = 0; i < n.length; i += 3) {
    const l = Math.hypot(n[i] ?? 0, n[i + 1] ?? 0, n[i + 2] ?? 0);
    if (l > 0) {
      n[i] = (n[i] ?? 0) / l;
      n[i + 1] = (n[i + 1] ?? 0) / l;
      n[i + 2] = (n[i + 2] ?? 0) / l;
    }
  }
  return n;
}
