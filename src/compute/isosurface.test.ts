import { describe, expect, it } from 'vitest';
import type { GridShape } from './grid';
import { isosurfaceFromMask, isosurfaceFromVolume, type IndexedMesh } from './isosurface';
import { caseTable } from './isosurface-table';

const shape: GridShape = { nx: 30, ny: 28, nz: 26, resolutionUm: 100 };
const centre = [14.3, 13.6, 12.2];

function ballVolume(r: number): Float32Array {
  // smooth signed-distance-like field: value > 0.5 inside a ball of radius r voxels
  const v = new Float32Array(shape.nx * shape.ny * shape.nz);
  for (let z = 0; z < shape.nz; z++)
    for (let y = 0; y < shape.ny; y++)
      for (let x = 0; x < shape.nx; x++) {
        const d = Math.hypot(x - (centre[0] ?? 0), y - (centre[1] ?? 0), z - (centre[2] ?? 0));
        v[x + shape.nx * (y + shape.ny * z)] = 0.5 + (r - d) * 0.1;
      }
  return v;
}

function ballMask(r: number): Uint8Array {
  const v = ballVolume(r);
  return Uint8Array.from(v, (a) => (a > 0.5 ? 1 : 0));
}

function topology(m: IndexedMesh): { v: number; e: number; f: number; badUndirected: number; badDirected: number } {
  const undirected = new Map<string, number>();
  const directed = new Map<string, number>();
  for (let t = 0; t < m.indices.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = m.indices[t + k] ?? 0;
      const b = m.indices[t + ((k + 1) % 3)] ?? 0;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      undirected.set(key, (undirected.get(key) ?? 0) + 1);
      directed.set(`${a},${b}`, (directed.get(`${a},${b}`) ?? 0) + 1);
    }
  }
  let badUndirected = 0;
  for (const c of undirected.values()) if (c !== 2) badUndirected++;
  let badDirected = 0;
  for (const c of directed.values()) if (c !== 1) badDirected++;
  return { v: m.positions.length / 3, e: undirected.size, f: m.indices.length / 3, badUndirected, badDirected };
}

type V3 = [number, number, number];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

function areaAndVolume(m: IndexedMesh): { area: number; volume: number; inwardFaces: number } {
  let area = 0;
  let volume = 0;
  let inwardFaces = 0;
  const p = m.positions;
  const c: V3 = [((centre[0] ?? 0) + 0.5) * 100, ((centre[1] ?? 0) + 0.5) * 100, ((centre[2] ?? 0) + 0.5) * 100];
  const vert = (i: number): V3 => [p[i * 3] ?? 0, p[i * 3 + 1] ?? 0, p[i * 3 + 2] ?? 0];
  for (let t = 0; t < m.indices.length; t += 3) {
    const A = vert(m.indices[t] ?? 0);
    const B = vert(m.indices[t + 1] ?? 0);
    const D = vert(m.indices[t + 2] ?? 0);
    const n = cross(sub(B, A), sub(D, A));
    area += Math.hypot(...n) / 2;
    volume += dot(A, cross(B, D)) / 6;
    const g: V3 = [(A[0] + B[0] + D[0]) / 3 - c[0], (A[1] + B[1] + D[1]) / 3 - c[1], (A[2] + B[2] + D[2]) / 3 - c[2]];
    if (dot(n, g) < 0) inwardFaces++;
  }
  return { area, volume, inwardFaces };
}

describe('marching-cubes case table', () => {
  it('has no triangles for the empty and the full cell, and one for a single corner', () => {
    const offsets = caseTable().offsets;
    expect((offsets[1] ?? 0) - (offsets[0] ?? 0)).toBe(0);
    expect((offsets[256] ?? 0) - (offsets[255] ?? 0)).toBe(0);
    expect((offsets[2] ?? 0) - (offsets[1] ?? 0)).toBe(3);
    // two diagonally opposite corners (0 and 7): two separate triangles
    expect((offsets[0x81 + 1] ?? 0) - (offsets[0x81] ?? 0)).toBe(6);
  });
});

describe('isosurface', () => {
  it('a smooth ball: closed 2-manifold, Euler characteristic 2, area ≈ 4πr², outward winding', () => {
    const r = 8;
    const m = isosurfaceFromVolume(ballVolume(r), shape, 0.5);
    const t = topology(m);
    expect(t.badUndirected).toBe(0);
    expect(t.badDirected).toBe(0);
    expect(t.v - t.e + t.f).toBe(2);
    const { area, volume, inwardFaces } = areaAndVolume(m);
    const rUm = r * 100;
    expect(Math.abs(area / (4 * Math.PI * rUm * rUm) - 1)).toBeLessThan(0.03);
    expect(Math.abs(volume / ((4 / 3) * Math.PI * rUm ** 3) - 1)).toBeLessThan(0.03);
    expect(inwardFaces).toBe(0);
  });

  it('a binary ball mask with and without blur is closed with Euler characteristic 2', () => {
    for (const sigma of [0, 1]) {
      const m = isosurfaceFromMask(ballMask(7), shape, { smoothSigmaVoxels: sigma });
      const t = topology(m);
      expect(t.badUndirected).toBe(0);
      expect(t.badDirected).toBe(0);
      expect(t.v - t.e + t.f).toBe(2);
      const { volume } = areaAndVolume(m);
      expect(volume).toBeGreaterThan(0);
      expect(Math.abs(volume / ((4 / 3) * Math.PI * 700 ** 3) - 1)).toBeLessThan(0.15);
    }
  });

  it('every one of the 256 corner configurations (embedded in empty space) gives a closed, outward surface', () => {
    const s: GridShape = { nx: 4, ny: 4, nz: 4, resolutionUm: 10 };
    for (let c = 1; c < 256; c++) {
      const mask = new Uint8Array(64);
      for (let k = 0; k < 8; k++) if ((c >> k) & 1) mask[1 + (k & 1) + 4 * (1 + ((k >> 1) & 1) + 4 * (1 + ((k >> 2) & 1)))] = 1;
      const m = isosurfaceFromMask(mask, s);
      const t = topology(m);
      expect(t.badUndirected, `case ${c}`).toBe(0);
      expect(t.badDirected, `case ${c}`).toBe(0);
      expect(areaAndVolume(m).volume, `case ${c}`).toBeGreaterThan(0);
    }
  });

  it('a random mask still gives a closed, consistently wound surface (no cracks)', () => {
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const s: GridShape = { nx: 12, ny: 11, nz: 10, resolutionUm: 50 };
    const mask = new Uint8Array(s.nx * s.ny * s.nz).map(() => (rand() < 0.45 ? 1 : 0));
    const m = isosurfaceFromMask(mask, s);
    const t = topology(m);
    expect(t.f).toBeGreaterThan(100);
    expect(t.badUndirected).toBe(0);
    expect(t.badDirected).toBe(0);
    // volume of the binary mask at the 0.5 level equals voxel count·res³ only approximately;
    // the sign shows global outward winding
    expect(areaAndVolume(m).volume).toBeGreaterThan(0);
  });

  it('places a single voxel at its CCF µm centre and handles voxels on the volume border', () => {
    const s: GridShape = { nx: 4, ny: 4, nz: 4, resolutionUm: 25 };
    const mask = new Uint8Array(64);
    mask[0] = 1; // voxel (0,0,0) at the volume corner, centre (12.5, 12.5, 12.5) µm
    const m = isosurfaceFromMask(mask, s);
    expect(topology(m).v - topology(m).e + topology(m).f).toBe(2);
    const n = m.positions.length / 3;
    const mean = [0, 1, 2].map((k) => {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += m.positions[i * 3 + k] ?? 0;
      return acc / n;
    });
    for (const c of mean) expect(c).toBeCloseTo(12.5, 6);
    // normals are unit length
    for (let i = 0; i < n; i++) expect(Math.hypot(m.normals[i * 3] ?? 0, m.normals[i * 3 + 1] ?? 0, m.normals[i * 3 + 2] ?? 0)).toBeCloseTo(1, 5);
  });

  it('a binary box mask without blur has its surface on the voxel faces (CCF µm bounds)', () => {
    const s: GridShape = { nx: 10, ny: 9, nz: 8, resolutionUm: 50 };
    const mask = new Uint8Array(720);
    for (let z = 3; z <= 5; z++) for (let y = 1; y <= 6; y++) for (let x = 2; x <= 5; x++) mask[x + 10 * (y + 9 * z)] = 1;
    const m = isosurfaceFromMask(mask, s);
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < m.positions.length; i++) {
      const k = i % 3;
      lo[k] = Math.min(lo[k] ?? 0, m.positions[i] ?? 0);
      hi[k] = Math.max(hi[k] ?? 0, m.positions[i] ?? 0);
    }
    // voxels x 2..5 span [100, 300) µm at 50 µm; y 1..6 → [50, 350); z 3..5 → [150, 300)
    expect(lo).toEqual([100, 50, 150]);
    expect(hi).toEqual([300, 350, 300]);
    const t = topology(m);
    expect(t.v - t.e + t.f).toBe(2);
  });

  it('density input: no-data voxels (−1, NaN) behave as 0', () => {
    const v = ballVolume(6).map((x) => (x > 0.5 ? x : 0));
    const withNoData = v.map((x, i) => (x > 0 ? x : i % 2 ? -1 : NaN));
    const a = isosurfaceFromVolume(v, shape, 0.4);
    const b = isosurfaceFromVolume(withNoData, shape, 0.4);
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    expect(Array.from(b.positions)).toEqual(Array.from(a.positions));
  });

  it('returns an empty mesh for an empty mask and rejects a non-finite threshold', () => {
    const s: GridShape = { nx: 3, ny: 3, nz: 3, resolutionUm: 100 };
    expect(isosurfaceFromMask(new Uint8Array(27), s).indices.length).toBe(0);
    expect(() => isosurfaceFromVolume(new Float32Array(27), s, NaN)).toThrow(RangeError);
    expect(() => isosurfaceFromMask(new Uint8Array(5), s)).toThrow(RangeError);
  });
});
