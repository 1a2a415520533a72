// Mask of a structure (with descendants) in the 50 µm annotation held by the compute worker.
// Same as hooks/use-aggregate.ts useRegionMask, but it sends the ids SORTED: the worker's
// buildMask (compute/atlas-masks.ts) binary-searches a Uint32Array and assumes ascending order,
// which data/aggregate-pipeline.ts regionMaskFor does not guarantee (reported; drop this hook for
// useRegionMask once regionMaskFor sorts).
import { useEffect, useState } from 'react';
import type { Ontology } from '../../allen/index.ts';
import { ANNOTATION_KEY, ensureAnnotation } from '../../data/aggregate-pipeline.ts';
import { getAllenClient, getComputeWorker, getVolumeCache } from '../../data/services.ts';

export type AtlasMaskLoad =
  | { readonly state: 'idle' | 'loading' }
  | { readonly state: 'ready'; readonly maskKey: string; readonly voxelCount: number }
  | { readonly state: 'error'; readonly message: string };

export function useAtlasMask(acronym: string | null, ontology: Ontology | undefined): AtlasMaskLoad {
  const [load, setLoad] = useState<AtlasMaskLoad>({ state: 'idle' });
  useEffect(() => {
    if (!acronym || !ontology) {
      setLoad({ state: 'idle' });
      return;
    }
    const ctl = new AbortController();
    setLoad({ state: 'loading' });
    (async () => {
      const structure = ontology.byAcronym(acronym);
      if (!structure) throw new Error(`"${acronym}" is not a structure in the Allen ontology.`);
      const worker = getComputeWorker();
      await ensureAnnotation({ client: getAllenClient(), cache: getVolumeCache(), worker }, ctl.signal);
      const ids = Uint32Array.from(ontology.expand([structure.id])).sort();
      const mask = await worker.regionMask(ANNOTATION_KEY, ids, 'both');
      if (!mask.extent) throw new Error(`${structure.acronym} has no voxels in the 50 µm annotation.`);
      return mask;
    })().then(
      (mask) => !ctl.signal.aborted && setLoad({ state: 'ready', maskKey: mask.maskKey, voxelCount: mask.voxelCount }),
      (e: unknown) => !ctl.signal.aborted && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => ctl.abort();
  }, [acronym, ontology]);
  return load;
}
