// The whole-brain surface (root structure, 50 µm annotation) as a mesh from the compute worker,
// projected into the silhouettes of the figure's panels on the main thread. The mesh and the
// silhouettes are kept per mask key for the session (a second visit to the view is instant).
import { useEffect, useState } from 'react';
import type { Ontology } from '../../allen/index.ts';
import { getComputeWorker } from '../../data/services.ts';
import { CCF_EXTENT_UM } from '../../render/injection-sites.ts';
import { projectSilhouette, type Silhouette } from '../../render/silhouette.ts';
import type { PanelKind } from '../../render/injection-figure-layout.ts';
import { DRAWING_RESOLUTION } from '../../data/atlas-load.ts';
import { useRegionMask } from '../../hooks/use-aggregate.ts';

/** Silhouette raster bin (µm): 50 µm = the annotation's own voxel. */
const BIN_UM = 50;

export interface BrainOutline {
  readonly silhouettes: Readonly<Record<PanelKind, Silhouette>>;
  readonly triangles: number;
  /** Worker isosurface call (ms, incl. transfer) and main-thread projection (ms). */
  readonly isosurfaceMs: number;
  readonly projectMs: number;
}

export type OutlineLoad =
  | { readonly state: 'idle' | 'loading' }
  | { readonly state: 'ready'; readonly outline: BrainOutline }
  | { readonly state: 'error'; readonly message: string };

const outlines = new Map<string, Promise<BrainOutline>>();

async function buildOutline(maskKey: string): Promise<BrainOutline> {
  const t0 = performance.now();
  const mesh = await getComputeWorker().isosurfaceFromMask(maskKey);
  const t1 = performance.now();
  const positions = new Float32Array(mesh.positions);
  const indices = new Uint32Array(mesh.indices);
  const [ap, dv, ml] = CCF_EXTENT_UM;
  const silhouettes = {
    top: projectSilhouette(positions, indices, { u: 0, v: 2, uMaxUm: ap, vMaxUm: ml, binUm: BIN_UM }),
    side: projectSilhouette(positions, indices, { u: 0, v: 1, uMaxUm: ap, vMaxUm: dv, binUm: BIN_UM }),
    front: projectSilhouette(positions, indices, { u: 2, v: 1, uMaxUm: ml, vMaxUm: dv, binUm: BIN_UM }),
  };
  return { silhouettes, triangles: mesh.triangleCount, isosurfaceMs: t1 - t0, projectMs: performance.now() - t1 };
}

/** Brain silhouettes for the figure; null ontology or `enabled` false → idle. */
export function useBrainOutline(ontology: Ontology | undefined, enabled: boolean): OutlineLoad {
  const root = enabled && ontology ? (ontology.byId(ontology.rootId)?.acronym ?? null) : null;
  const mask = useRegionMask(root, ontology, 'both', DRAWING_RESOLUTION);
  const maskKey = mask.state === 'ready' ? mask.mask.maskKey : null;
  const [load, setLoad] = useState<OutlineLoad>({ state: 'idle' });
  useEffect(() => {
    if (!maskKey) return;
    let live = true;
    setLoad({ state: 'loading' });
    let pending = outlines.get(maskKey);
    if (!pending) {
      pending = buildOutline(maskKey);
      outlines.set(maskKey, pending);
      pending.catch(() => outlines.delete(maskKey));
    }
    pending.then(
      (outline) => live && setLoad({ state: 'ready', outline }),
      (e: unknown) => live && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [maskKey]);
  if (mask.state === 'error') return { state: 'error', message: mask.message };
  if (!root) return { state: 'idle' };
  if (!maskKey) return { state: 'loading' };
  return load;
}
