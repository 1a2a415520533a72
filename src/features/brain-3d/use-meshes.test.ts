import { describe, expect, it } from 'vitest';
import { isosurfaceFromMask } from '../../compute/isosurface';
import type { MeshMessage } from '../../protocol/compute-contract';
import { prepareMesh } from './use-meshes';

function ballMessage(): MeshMessage {
  const n = 30;
  const m = new Uint8Array(n * n * n);
  for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if ((x - 14.5) ** 2 + (y - 14.5) ** 2 + (z - 14.5) ** 2 <= 144) m[x + n * (y + n * z)] = 1;
  const mesh = isosurfaceFromMask(m, { nx: n, ny: n, nz: n, resolutionUm: 50 });
  return {
    positions: mesh.positions.buffer as ArrayBuffer,
    normals: mesh.normals.buffer as ArrayBuffer,
    indices: mesh.indices.buffer as ArrayBuffer,
    vertexCount: mesh.positions.length / 3,
    triangleCount: mesh.indices.length / 3,
  };
}

describe('prepareMesh', () => {
  it('keeps a mesh under the triangle cap as it is', async () => {
    const msg = ballMessage();
    const out = await prepareMesh(async () => msg, 150, msg.triangleCount);
    expect(out.triangles).toBe(msg.triangleCount);
    expect(out.sourceTriangles).toBe(msg.triangleCount);
  });

  it('decimates a mesh over the cap and reports both counts', async () => {
    const msg = ballMessage();
    const out = await prepareMesh(async () => msg, 150, 100);
    expect(out.sourceTriangles).toBe(msg.triangleCount);
    expect(out.triangles).toBeLessThan(msg.triangleCount / 4);
    expect(out.triangles).toBe(out.indices.length / 3);
    expect(out.normals.length).toBe(out.positions.length);
  });

  it('passes the worker error on', async () => {
    await expect(prepareMesh(async () => Promise.reject(new Error("no mask 'x' in the worker")), 150, 10)).rejects.toThrow("no mask 'x'");
  });
});
