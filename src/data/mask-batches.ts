// Region masks of many structures (subregion children, matrix targets) made in the worker a few
// at a time, from the 100 µm annotation (numbers) unless told otherwise. The worker keeps at most
// 32 masks (LRU; a 100 µm mask is 1.2 MB, a 50 µm one 9.6 MB), so each batch is used (by `each`)
// before the next one is made.
import type { Ontology } from '../allen/index.ts';
import type { Structure } from '../allen/types.ts';
import type { Hemisphere, MaskSummary } from '../protocol/compute-contract.ts';
import { NUMERIC_RESOLUTION, type AtlasResolution } from './queries.ts';
import { workerJob } from './services.ts';

/** Masks made before `each` uses them: well under the worker's 32-mask cap. */
export const MASK_BATCH = 8;

export interface StructureMask {
  readonly structure: Structure;
  readonly mask: MaskSummary;
}

/** Mask of one structure with its descendants (extent null = no voxel). */
export function structureMask(
  structure: Structure,
  ontology: Ontology,
  hemisphere: Hemisphere,
  signal: AbortSignal,
  resolution: AtlasResolution = NUMERIC_RESOLUTION,
): Promise<StructureMask> {
  const ids = Uint32Array.from(ontology.expand([structure.id])).sort();
  return workerJob(signal, async (w, jobId) => ({ structure, mask: await w.structureMask(ids, hemisphere, resolution, jobId) }));
}

/** Calls `each` with each batch of masks (empty ones included), in input order. */
export async function withMaskBatches(
  structures: readonly Structure[],
  ontology: Ontology,
  hemisphere: Hemisphere,
  signal: AbortSignal,
  each: (batch: readonly StructureMask[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < structures.length; i += MASK_BATCH) {
    const batch: StructureMask[] = [];
    for (const s of structures.slice(i, i + MASK_BATCH)) batch.push(await structureMask(s, ontology, hemisphere, signal));
    signal.throwIfAborted();
    await each(batch);
  }
}
