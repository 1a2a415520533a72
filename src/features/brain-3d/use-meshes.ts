// Meshes of the 3D view: marching cubes and, where a mesh would be heavy for software WebGL,
// vertex-clustering decimation, both in the worker (compute/mesh-decimate.ts). Positions stay CCF
// µm [AP, DV, ML]; the scene maps them (render/ccf-scene.ts). Meshes are react-query data, so
// switching views or toggling back is instant. Isosurfaces run one at a time in a latest-only
// lane: dragging the threshold from 0.01 to 0.5 builds the surface being built plus the last one,
// never every value in between (the skipped queries' signals were aborted when their keys
// changed). Unused meshes are dropped after a minute (gcTime), so a long drag holds few.
import { useQuery } from '@tanstack/react-query';
import { createLane } from '../../data/latest-only.ts';
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

const isosurfaces = createLane();

/** The mesh under `key` (null = none wanted), built once with `build`. */
export function useMesh(key: string | null, build: () => Promise<PreparedMesh>): MeshLoad {
  const q = useQuery({
    queryKey: ['mesh', key],
    queryFn: ({ signal }) => isosurfaces.run(signal, build),
    enabled: key !== null,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
  if (!key) return { state: 'idle' };
  if (q.isError) return { state: 'error', message: q.error.message };
  if (q.isSuccess) return { state: 'ready', key, mesh: q.data };
  return { state: 'loading' };
}
