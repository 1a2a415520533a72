// Vertex-clustering decimation of an indexed triangle mesh (pure): vertices falling in the same
// cubic cell of `cellUm` merge into one vertex at their mean position; triangles whose corners
// merge are dropped, as are duplicates (same three vertices, either winding). Positions are in
// any µm frame (CCF µm [AP, DV, ML] here); winding of surviving triangles is kept, so outward
// normals stay outward. Used to keep translucent whole-brain shells light enough for software
// WebGL (SwiftShader): a 50 µm brain surface (~420k triangles) becomes ~25k at 150 µm.
import { vertexNormals } from '../compute/isosurface';

export interface TriangleMesh {
  readonly positions: Float32Array;
  readonly normals: Float32Array;
  readonly indices: Uint32Array;
}

export function clusterDecimate(positions: Float32Array, indices: Uint32Array, cellUm: number): TriangleMesh {
  if (!(cellUm > 0)) throw new RangeError(`cell size must be > 0 µm, got ${cellUm}`);
  const nv = Math.floor(positions.length / 3);
  let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < nv; i++) {
    const x = positions[3 * i] ?? 0, y = positions[3 * i + 1] ?? 0, z = positions[3 * i + 2] ?? 0;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (z < minZ) minZ = z;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  const cx = Math.floor((maxX - minX) / cellUm) + 1;
  const cy = Math.floor((maxY - minY) / cellUm) + 1;
  const cellOf = new Map<number, number>();
  const remap = new Int32Array(nv);
  const sums: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < nv; i++) {
    const x = positions[3 * i] ?? 0, y = positions[3 * i + 1] ?? 0, z = positions[3 * i + 2] ?? 0;
    const key = Math.floor((x - minX) / cellUm) + cx * (Math.floor((y - minY) / cellUm) + cy * Math.floor((z - minZ) / cellUm));
    let c = cellOf.get(key);
    if (c === undefined) {
      c = counts.length;
      cellOf.set(key, c);
      counts.push(0);
      sums.push(0, 0, 0);
    }
    remap[i] = c;
    counts[c] = (counts[c] ?? 0) + 1;
    sums[3 * c] = (sums[3 * c] ?? 0) + x;
    sums[3 * c + 1] = (sums[3 * c + 1] ?? 0) + y;
    sums[3 * c + 2] = (sums[3 * c + 2] ?? 0) + z;
  }
  const kept: number[] = [];
  const seen = new Set<string>();
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const a = remap[indices[t] ?? 0] ?? 0, b = remap[indices[t + 1] ?? 0] ?? 0, c = remap[indices[t + 2] ?? 0] ?? 0;
    if (a === b || b === c || a === c) continue;
    const sorted = [a, b, c].sort((p, q) => p - q).join(',');
    if (seen.has(sorted)) continue;
    seen.add(sorted);
    kept.push(a, b, c);
  }
  // compact: only clusters used by a surviving triangle
  const newId = new Int32Array(counts.length).fill(-1);
  const out: number[] = [];
  const idx = new Uint32Array(kept.length);
  kept.forEach((c, k) => {
    let id = newId[c] ?? -1;
    if (id < 0) {
      id = out.length / 3;
      newId[c] = id;
      const n = counts[c] ?? 1;
      out.push((sums[3 * c] ?? 0) / n, (sums[3 * c + 1] ?? 0) / n, (sums[3 * c + 2] ?? 0) / n);
    }
    idx[k] = id;
  });
  const pos = Float32Array.from(out);
  return { positions: pos, normals: vertexNormals(pos, idx), indices: idx };
}
