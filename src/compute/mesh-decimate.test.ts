import { describe, expect, it } from 'vitest';
import { isosurfaceFromMask } from './isosurface';
import { clusterDecimate } from './mesh-decimate';

/** Signed volume of a closed mesh (divergence theorem). */
function meshVolume(p: Float32Array, idx: Uint32Array): number {
  let v = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const a = 3 * (idx[t] ?? 0),
      b = 3 * (idx[t + 1] ?? 0),
      c = 3 * (idx[t + 2] ?? 0);
    const ax = p[a] ?? 0,
      ay = p[a + 1] ?? 0,
      az = p[a + 2] ?? 0;
    const bx = p[b] ?? 0,
      by = p[b + 1] ?? 0,
      bz = p[b + 2] ?? 0;
    const cx = p[c] ?? 0,
      cy = p[c + 1] ?? 0,
      cz = p[c + 2] ?? 0;
    v += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  }
  return v / 6;
}

function ball(n: number, r: number): Uint8Array {
  const m = new Uint8Array(n * n * n);
  const c = (n - 1) / 2;
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if ((x - c) ** 2 + (y - c) ** 2 + (z - c) ** 2 <= r * r) m[x + n * (y + n * z)] = 1;
  return m;
}

describe('clusterDecimate', () => {
  it('merges two vertices in one cell: the triangle between them disappears, the other keeps its winding', () => {
    // quad (0,0)-(10,0)-(10,10)-(0,10) as two triangles, plus a vertex at (1,0) close to (0,0)
    const positions = Float32Array.from([0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0, 1, 0.5, 0]);
    const indices = Uint32Array.from([0, 1, 2, 0, 2, 3, 0, 4, 3]);
    const out = clusterDecimate(positions, indices, 5);
    expect(out.indices.length).toBe(6);
    expect(Array.from(out.positions.slice(0, 3))).toEqual([0.5, 0.25, 0]);
    // normals of a CCW quad in the xy plane point +z
    for (let i = 2; i < out.normals.length; i += 3) expect(out.normals[i]).toBeCloseTo(1, 6);
  });

  it('a cell size below the vertex spacing changes nothing', () => {
    const mesh = isosurfaceFromMask(ball(12, 4), { nx: 12, ny: 12, nz: 12, resolutionUm: 50 });
    const out = clusterDecimate(mesh.positions, mesh.indices, 1);
    expect(out.indices.length).toBe(mesh.indices.length);
    expect(meshVolume(out.positions, out.indices)).toBeCloseTo(meshVolume(mesh.positions, mesh.indices), 0);
  });

  it('decimates a sphere to fewer triangles while keeping its volume within 15 % and outward winding', () => {
    const mesh = isosurfaceFromMask(ball(40, 16), { nx: 40, ny: 40, nz: 40, resolutionUm: 50 });
    const out = clusterDecimate(mesh.positions, mesh.indices, 150);
    expect(out.indices.length / 3).toBeLessThan(mesh.indices.length / 3 / 4);
    const v0 = meshVolume(mesh.positions, mesh.indices);
    const v1 = meshVolume(out.positions, out.indices);
    expect(v0).toBeGreaterThan(0);
    expect(Math.abs(v1 - v0) / v0).toBeLessThan(0.15);
    // no degenerate or duplicate triangles
    const keys = new Set<string>();
    for (let t = 0; t < out.indices.length; t += 3) {
      const tri = [out.indices[t], out.indices[t + 1], out.indices[t + 2]];
      expect(new Set(tri).size).toBe(3);
      keys.add([...tri].sort().join(','));
    }
    expect(keys.size).toBe(out.indices.length / 3);
  });

  it('rejects a non-positive cell', () => {
    expect(() => clusterDecimate(new Float32Array(0), new Uint32Array(0), 0)).toThrow(RangeError);
  });
});
