// Region masks of many structures (subregion children, matrix targets) made in the worker from the
// 50 µm annotation a few at a time: one 50 µm mask is ~9.6 MB and the worker keeps at most ~256 MB
// of masks (LRU), so 40 masks made at once would evict each other. Each batch is used (by `each`)
// before the next one is made. Ids are sent sorted: the worker's mask builder binary-searches them.
import type { Ontology } from '../allen/index.ts';
import type { Structure } from '../allen/types.ts';
import { ANNOTATION_KEY, ensureAnnotation } from './aggregate-pipeline.ts';
import { getAllenClient, getComputeWorker, getVolumeCache } from './services.ts';
import type { Hemisphere, MaskSummary } from '../protocol/compute-contract.ts';

export const MASK_BATCH = 8;

export interface StructureMask {
  readonly structure: Structure;
  readonly mask: MaskSummary;
}

/** Mask of one structure with its descendants (extent null = no voxel). */
export async function structureMask(structure: Structure, ontology: Ontology, hemisphere: Hemisphere, signal: AbortSignal): Promise<StructureMask> {
  const worker = getComputeWorker();
  await ensureAnnotation({ client: getAllenClient(), cache: getVolumeCache(), worker }, signal);
  signal.throwIfAborted();
  const ids = Uint32Array.from(ontology.expand([structure.id])).sort();
  return { structure, mask: await worker.regionMask(ANNOTATION_KEY, ids, hemisphere) };
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
