// Masks of the matrix's target acronyms, in batches (data/mask-batches.ts): unknown acronyms and
// structures without a voxel are reported, not drawn; the rest keep the acronym as typed.
import type { Ontology } from '../../allen/index.ts';
import type { Structure } from '../../allen/types.ts';
import { withMaskBatches } from '../../data/mask-batches.ts';
import type { Hemisphere } from '../../protocol/compute-contract.ts';

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

/** Calls `each` with each batch of non-empty target masks, in input order. */
export async function withTargetMaskBatches(
  acronyms: readonly string[],
  ontology: Ontology,
  hemisphere: Hemisphere,
  signal: AbortSignal,
  each: (batch: readonly BatchMask[]) => Promise<void>,
): Promise<MaskBatchReport> {
  const report: MaskBatchReport = { unknown: [], empty: [] };
  const typed = new Map<Structure, string>();
  for (const acronym of acronyms) {
    const s = ontology.byAcronym(acronym);
    if (s) typed.set(s, acronym);
    else report.unknown.push(acronym);
  }
  await withMaskBatches([...typed.keys()], ontology, hemisphere, signal, async (batch) => {
    const drawn: BatchMask[] = [];
    for (const { structure, mask } of batch) {
      const acronym = typed.get(structure) ?? structure.acronym;
      if (mask.extent) drawn.push({ acronym, maskKey: mask.maskKey, voxelCount: mask.voxelCount });
      else report.empty.push(acronym);
    }
    if (drawn.length > 0) await each(drawn);
  });
  return report;
}
