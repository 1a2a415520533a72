// Real Allen data (shared/allen, read-only; skipped when absent): a 200 µm ISH energy grid in the
// same container format as density.raw (float32 LE, AP fastest, −1 = no data).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isosurfaceFromVolume } from './isosurface';
import { percentile } from './percentile';

function sharedAllen(): string | null {
  const candidates = [process.env.BSV_SHARED_ALLEN, resolve(process.cwd(), '../shared/allen'), '/work/shared/allen'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return null;
}

const root = sharedAllen();
const file = root ? join(root, 'volumes/ish_energy_200um_67x41x58.raw') : '';
const present = root !== null && existsSync(file);

describe('isosurface on a real Allen grid with no-data voxels', () => {
  it.skipIf(!present)('is a closed, consistently wound 2-manifold at the 99th percentile', () => {
    const bytes = readFileSync(file);
    const vol = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(vol.length).toBe(67 * 41 * 58);
    const positive = vol.filter((v) => v > 0);
    const t = percentile(positive, 99);
    expect(t).toBeGreaterThan(0);
    const mesh = isosurfaceFromVolume(vol, { nx: 67, ny: 41, nz: 58, resolutionUm: 200 }, t, { smoothSigmaVoxels: 0.7 });
    expect(mesh.indices.length).toBeGreaterThan(0);
    const directed = new Set<string>();
    const undirected = new Map<string, number>();
    for (let i = 0; i < mesh.indices.length; i += 3)
      for (let k = 0; k < 3; k++) {
        const a = mesh.indices[i + k] ?? 0;
        const b = mesh.indices[i + ((k + 1) % 3)] ?? 0;
        expect(directed.has(`${a},${b}`)).toBe(false);
        directed.add(`${a},${b}`);
        const key = a < b ? `${a},${b}` : `${b},${a}`;
        undirected.set(key, (undirected.get(key) ?? 0) + 1);
      }
    for (const c of undirected.values()) expect(c).toBe(2);
    // inside the CCF box (13.2 × 8 × 11.4 mm)
    for (let i = 0; i < mesh.positions.length; i += 3) {
      expect(mesh.positions[i]).toBeGreaterThanOrEqual(0);
      expect(mesh.positions[i]).toBeLessThanOrEqual(13400);
      expect(mesh.positions[i + 2]).toBeLessThanOrEqual(11600);
    }
  });
});
