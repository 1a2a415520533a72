// The whole-brain surface (root structure, 50 µm annotation) as a mesh from the compute worker,
// projected into the silhouettes of the figure's panels on the main thread (~50 ms). The mesh and
// the silhouettes are react-query data per mask key for the session (a second visit is instant).
import { useQuery } from '@tanstack/react-query';
import type { Ontology } from '../../allen/index.ts';
import { getComputeWorker } from '../../data/services.ts';
import { CCF_EXTENT_UM } from '../../render/injection-sites.ts';
import { projectSilhouette, type Silhouette } from '../../render/silhouette.ts';
import type { PanelKind } from '../../render/injection-figure-layout.ts';
import { DRAWING_RESOLUTION } from '../../data/queries.ts';
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
  { readonly state: 'idle' | 'loading' } | { readonly state: 'ready'; readonly outline: BrainOutline } | { readonly state: 'error'; readonly message: string };

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
  const q = useQuery({
    queryKey: ['brain-outline', maskKey],
    queryFn: () => buildOutline(maskKey ?? ''),
    enabled: maskKey !== null,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  if (mask.state === 'error') return { state: 'error', message: mask.message };
  if (!root) return { state: 'idle' };
  if (!maskKey) return { state: 'loading' };
  if (q.isError) return { state: 'error', message: q.error.message };
  return q.isSuccess ? { state: 'ready', outline: q.data } : { state: 'loading' };
}
