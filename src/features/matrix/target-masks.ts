// Region masks of many structures, made in the worker from the 50 µm annotation a few at a time:
// one 50 µm mask is ~9.6 MB and the worker keeps at most ~256 MB of masks (LRU), so a caller
// that needs 40 masks at once would evict its own. Each batch is used (by `each`) before the next
// one is made.
import type { Ontology } from '../../allen/index.ts';
import { ANNOTATION_KEY, ensureAnnotation } from '../../data/aggregate-pipeline.ts';
import { getAllenClient, getComputeWorker, getVolumeCache } from '../../data/services.ts';
import type { Hemisphere } from '../../protocol/compute-contract.ts';

export const MASK_BATCH = 8;

export interface BatchMask {
  readonly acronym: string;
  readonly maskKey: string;
  readonly voxelCount: number;
}

export interface MaskBatchReport {
  /** Acronyms the ontology does not know. */
  readonly unknown: string[];
  /** Known structures without a voxel in the annotation (in this hemisphere). */
  readonly empty: string[];
}

/** Calls `each` with each batch of non-empty masks, in input order. */
export async function withMaskBatches(
  acronyms: readonly string[],
  ontology: Ontology,
  hemisphere: Hemisphere,
  signal: AbortSignal,
  each: (batch: readonly BatchMask[]) => Promise<void>,
): Promise<MaskBatchReport> {
  const worker = getComputeWorker();
  await ensureAnnotation({ client: getAllenClient(), cache: getVolumeCache(), worker }, signal);
  const report: MaskBatchReport = { unknown: [], empty: [] };
  for (let i = 0; i < acronyms.length; i += MASK_BATCH) {
    const batch: BatchMask[] = [];
    for (const acronym of acronyms.slice(i, i + MASK_BATCH)) {
      signal.throwIfAborted();
      const s = ontology.byAcronym(acronym);
      if (!s) {
        report.unknown.push(acronym);
        continue;
      }
      const ids = Uint32Array.from(ontology.expand([s.id])).sort();
      const m = await worker.regionMask(ANNOTATION_KEY, ids, hemisphere);
      if (m.extent) batch.push({ acronym, maskKey: m.maskKey, voxelCount: m.voxelCount });
      else report.empty.push(acronym);
    }
    signal.throwIfAborted();
    if (batch.length > 0) await each(batch);
  }
  return report;
}
