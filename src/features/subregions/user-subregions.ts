// Subregions from the user's annotation volume ("your annotation"): the held 100 µm labels cut
// to the target's mask in the worker, then one mask per label (label ∩ target) in batches, fed to
// the same kernels as the ontology children. Labels become pseudo-structures named "label <id>".
import type { Structure } from '../../allen/types.ts';
import type { UserLabel } from '../../compute/user-annotation.ts';
import type { LabelName } from '../../compute/label-names.ts';
import { MASK_BATCH, type StructureMask } from '../../data/mask-batches.ts';
import { getComputeWorker } from '../../data/services.ts';
import { ensureUserAnnotationHeld, type UserAnnotationMeta } from '../../data/user-annotation.ts';

/** Categorical colours (Tableau 10) by label rank. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** A label of the user's volume dressed as a structure for the table, chart and CSV. */
export function userLabelStructure(label: number, rank: number, fileName: string, named?: LabelName): Structure {
  return {
    id: label,
    acronym: named?.acronym ?? named?.name ?? `label ${label}`,
    name: named?.name ?? `label ${label} of ${fileName}`,
    color: PALETTE[rank % PALETTE.length] ?? '#888888',
    parentId: null,
    graphOrder: label,
    depth: 0,
    childIds: [],
  };
}

/** The volume's labels inside the target mask (ascending id) and the cut volume's worker key. */
export async function userLabelsInMask(meta: UserAnnotationMeta, targetMaskKey: string): Promise<{ key: string; labels: UserLabel[] }> {
  await ensureUserAnnotationHeld(meta);
  return getComputeWorker().cutAnnotationToMask(meta.key, targetMaskKey);
}

/** As withMaskBatches for labels of the cut volume `cutKey` (the hemisphere is in the cut already). */
export async function withUserMaskBatches(
  cutKey: string,
  labels: readonly UserLabel[],
  meta: UserAnnotationMeta,
  signal: AbortSignal,
  each: (batch: readonly StructureMask[]) => Promise<void>,
): Promise<void> {
  const w = getComputeWorker();
  const names = new Map(meta.names ?? []);
  for (let i = 0; i < labels.length; i += MASK_BATCH) {
    const batch: StructureMask[] = [];
    for (const [j, l] of labels.slice(i, i + MASK_BATCH).entries()) {
      const mask = await w.regionMask(cutKey, Uint32Array.of(l.id), 'both');
      batch.push({ structure: userLabelStructure(l.id, i + j, meta.fileName, names.get(l.id)), mask });
    }
    signal.throwIfAborted();
    await each(batch);
  }
}
