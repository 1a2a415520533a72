// Meshes of the 3D view: marching cubes and, where a mesh would be heavy for software WebGL,
// vertex-clustering decimation, both in the worker (compute/mesh-decimate.ts). Positions stay CCF
// µm [AP, DV, ML]; the scene maps them (render/ccf-scene.ts). Meshes are react-query data for the
// session, so switching views or toggling back is instant; a new key (e.g. a threshold dragged
// further) cancels nothing already finished and starts only what is missing.
import { useQuery } from '@tanstack/react-query';
import type { MeshMessage } from '../../protocol/compute-contract.ts';
import type { TriangleMesh } from '../../compute/mesh-decimate.ts';

export interface PreparedMesh extends TriangleMesh {
  readonly triangles: number;
  /** Triangles out of marching cubes, before decimation. */
  readonly sourceTriangles: number;
  /** Worker isosurface and decimation times (ms). */
  readonly isosurfaceMs: number;
  readonly decimateMs: number;
}

export type MeshLoad =
  | { readonly state: 'idle' | 'loading' }
  | { readonly state: 'ready'; readonly key: string; readonly mesh: PreparedMesh }
  | { readonly state: 'error'; readonly message: string };

/** Wraps the worker's mesh (already decimated there when heavy) as typed arrays. */
export async function prepareMesh(iso: () => Promise<MeshMessage>): Promise<PreparedMesh> {
  const m = await iso();
  return {
    positions: new Float32Array(m.positions),
    normals: new Float32Array(m.normals),
    indices: new Uint32Array(m.indices),
    triangles: m.triangleCount,
    sourceTriangles: m.sourceTriangleCount,
    isosurfaceMs: m.isosurfaceMs,
    decimateMs: m.decimateMs,
  };
}

/** The mesh under `key` (null = none wanted), built once with `build`. */
export function useMesh(key: string | null, build: () => Promise<PreparedMesh>): MeshLoad {
  const q = useQuery({ queryKey: ['mesh', key], queryFn: build, enabled: key !== null, staleTime: Infinity, gcTime: 10 * 60_000, retry: false });
  if (!key) return { state: 'idle' };
  if (q.isError) return { state: 'error', message: q.error.message };
  if (q.isSuccess) return { state: 'ready', key, mesh: q.data };
  return { state: 'loading' };
}
