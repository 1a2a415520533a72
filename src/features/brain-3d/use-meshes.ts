// Meshes of the 3D view, built by the compute worker (marching cubes) and lightened on the main
// thread by vertex clustering (render/mesh-decimate.ts) where they would be heavy for software
// WebGL. Positions stay CCF µm [AP, DV, ML]; the scene maps them (render/ccf-scene.ts). Finished
// meshes are kept per key for the session, so switching views or toggling back is instant.
import { useEffect, useState } from 'react';
import type { MeshMessage } from '../../protocol/compute-contract.ts';
import { clusterDecimate, type TriangleMesh } from '../../render/mesh-decimate.ts';

export interface PreparedMesh extends TriangleMesh {
  readonly triangles: number;
  /** Triangles out of marching cubes, before decimation. */
  readonly sourceTriangles: number;
  /** Worker isosurface call incl. transfer, and main-thread decimation (ms). */
  readonly isosurfaceMs: number;
  readonly decimateMs: number;
}

export type MeshLoad =
  | { readonly state: 'idle' | 'loading' }
  | { readonly state: 'ready'; readonly key: string; readonly mesh: PreparedMesh }
  | { readonly state: 'error'; readonly message: string };

const meshes = new Map<string, Promise<PreparedMesh>>();

/** Runs `iso` in the worker, then decimates at `cellUm` when the mesh has more than `maxTriangles`. */
export async function prepareMesh(iso: () => Promise<MeshMessage>, cellUm: number, maxTriangles: number): Promise<PreparedMesh> {
  const t0 = performance.now();
  const m = await iso();
  const t1 = performance.now();
  const positions = new Float32Array(m.positions);
  const normals = new Float32Array(m.normals);
  const indices = new Uint32Array(m.indices);
  const light = m.triangleCount > maxTriangles ? clusterDecimate(positions, indices, cellUm) : { positions, normals, indices };
  return {
    ...light,
    triangles: light.indices.length / 3,
    sourceTriangles: m.triangleCount,
    isosurfaceMs: t1 - t0,
    decimateMs: performance.now() - t1,
  };
}

/** The mesh under `key` (null = none wanted), built once with `build`. */
export function useMesh(key: string | null, build: () => Promise<PreparedMesh>): MeshLoad {
  const [load, setLoad] = useState<MeshLoad>({ state: 'idle' });
  useEffect(() => {
    if (!key) {
      setLoad({ state: 'idle' });
      return;
    }
    let live = true;
    setLoad({ state: 'loading' });
    let pending = meshes.get(key);
    if (!pending) {
      pending = build();
      meshes.set(key, pending);
      pending.catch(() => meshes.delete(key));
    }
    pending.then(
      (mesh) => live && setLoad({ state: 'ready', key, mesh }),
      (e: unknown) => live && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // `key` names everything `build` depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (!key) return { state: 'idle' };
  // a stale result of the previous key is still loading for this one
  if (load.state === 'ready' && load.key !== key) return { state: 'loading' };
  return load;
}
