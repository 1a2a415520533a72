// Vertex-clustering decimation of an indexed triangle mesh (pure): vertices falling in the same
// cubic cell of `cellUm` merge into one vertex at their mean position; triangles whose corners
// merge are dropped, as are duplicates (same three vertices, either winding). Positions are in
// any µm frame (CCF µm [AP, DV, ML] here); winding of surviving triangles is kept, so outward
// normals stay outward. Used to keep translucent whole-brain shells light enough for software
// WebGL (SwiftShader): a 50 µm brain surface (~420k triangles) becomes ~25k at 150 µm.
import { vertexNormals } from './isosurface';

export interface TriangleMesh {
  readonly positions: Float32Array;
  readonly normals: Float32Array;
  readonly indices: Uint32Array;
}

export function clusterDecimate(positions: Float32Array, indices: Uint32Array, cellUm: number): TriangleMesh {
  if (!(cellUm > 0)) throw new RangeError(`cell size must be > 0 µm, got ${cellUm}`);
  const nv = Math.floor(positions.length / 3);
  let minX = Infinity,
    minY = Infinity,
    minZ = Infinity,
    maxX = -Infinity,
    maxY = -Infinity,
    maxZ = -Infinity;
  for (let i = 0; i < nv; i++) {
    const x = positions[3 * i] ?? 0,
      y = positions[3 * i + 1] ?? 0,
      z = positions[3 * i + 2] ?? 0;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (z < minZ) minZ = z;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
    if (z > maxZ) maxZ = z;
  }
  const cx = Math.floor((maxX - minX) / cellUm) + 1;
  const cy = Math.floor((maxY - minY) / cellUm) + 1;
  const cz = Math.floor((maxZ - minZ) / cellUm) + 1;
  // cell → cluster: a dense table when the cell grid is small (the usual case), else a Map
  const dense = cx * cy * cz <= 1 << 24 ? new Int32Array(cx * cy * cz).fill(-1) : null;
  const sparse = dense ? null : new Map<number, number>();
  const remap = new Int32Array(nv);
  let sums = new Float64Array(3 * 1024);
  let counts = new Int32Array(1024);
  let nClusters = 0;
  for (let i = 0; i < nv; i++) {
    const x = positions[3 * i] ?? 0,
      y = positions[3 * i + 1] ?? 0,
      z = positions[3 * i + 2] ?? 0;
    const key = Math.floor((x - minX) / cellUm) + cx * (Math.floor((y - minY) / cellUm) + cy * Math.floor((z - minZ) / cellUm));
    let c = dense ? (dense[key] ?? -1) : (sparse?.get(key) ?? -1);
    if (c < 0) {
      c = nClusters++;
      if (dense) dense[key] = c;
      else sparse?.set(key, c);
      if (c >= counts.length) {
        const grownCounts = new Int32Array(counts.length * 2);
        grownCounts.set(counts);
        counts = grownCounts;
        const grownSums = new Float64Array(sums.length * 2);
        grownSums.set(sums);
        sums = grownSums;
      }
    }
    remap[i] = c;
    counts[c] = (counts[c] ?? 0) + 1;
    sums[3 * c] = (sums[3 * c] ?? 0) + x;
    sums[3 * c + 1] = (sums[3 * c + 1] ?? 0) + y;
    sums[3 * c + 2] = (sums[3 * c + 2] ?? 0) + z;
  }
  const kept: number[] = [];
  // a triangle's identity: its sorted cluster ids, as one exact number while nClusters³ < 2^53
  const numeric = nClusters < 200_000;
  const seen = new Set<number | string>();
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const a = remap[indices[t] ?? 0] ?? 0,
      b = remap[indices[t + 1] ?? 0] ?? 0,
      c = remap[indices[t + 2] ?? 0] ?? 0;
    if (a === b || b === c || a === c) continue;
    const lo = Math.min(a, b, c),
      hi = Math.max(a, b, c),
      mid = a + b + c - lo - hi;
    const id = numeric ? (lo * nClusters + mid) * nClusters + hi : `${lo},${mid},${hi}`;
    if (seen.has(id)) continue;
    seen.add(id);
    kept.push(a, b, c);
  }
  // compact: only clusters used by a surviving triangle
  const newId = new Int32Array(nClusters).fill(-1);
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
