import { describe, expect, it } from 'vitest';
import { isosurfaceFromMask } from '../src/compute/isosurface';
import { meshMessage } from './compute-atlas.api';

function ball() {
  const n = 30;
  const m = new Uint8Array(n * n * n);
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if ((x - 14.5) ** 2 + (y - 14.5) ** 2 + (z - 14.5) ** 2 <= 144) m[x + n * (y + n * z)] = 1;
  return isosurfaceFromMask(m, { nx: n, ny: n, nz: n, resolutionUm: 50 });
}

describe('meshMessage: decimation in the worker', () => {
  it('keeps a mesh under the triangle cap as it is', () => {
    const triangles = ball().indices.length / 3;
    const out = meshMessage(ball, { decimate: { cellUm: 150, maxTriangles: triangles } });
    expect([out.triangleCount, out.sourceTriangleCount]).toEqual([triangles, triangles]);
  });

  it('decimates a mesh over the cap and reports both counts and the times', () => {
    const triangles = ball().indices.length / 3;
    const out = meshMessage(ball, { decimate: { cellUm: 150, maxTriangles: 100 } });
    expect(out.sourceTriangleCount).toBe(triangles);
    expect(out.triangleCount).toBeLessThan(triangles / 4);
    expect(out.triangleCount).toBe(new Uint32Array(out.indices).length / 3);
    expect(new Float32Array(out.normals).length).toBe(new Float32Array(out.positions).length);
    expect(out.isosurfaceMs).toBeGreaterThanOrEqual(0);
    expect(out.decimateMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses a bad decimation request', () => {
    expect(() => meshMessage(ball, { decimate: { cellUm: 0, maxTriangles: 1 } })).toThrow(RangeError);
  });
});
