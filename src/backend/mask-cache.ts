// Region masks with the atlas they are built from: the volume cache keeps each mask asked for
// (compute/mask-record.ts: its runs, 12 kB for a 100 µm CP mask; kind 'annotation', id
// 'mask-<SHA-256 of the annotation, hemisphere and sorted ids>', the atlas's resolution), so a
// target masked before has its mask, its extent and then its drawn sections (section-cache.ts)
// without the annotation: on a warm start of a new combination of sources the 100 µm atlas read
// (~0.2–0.35 s of IndexedDB here, competing with the means' reads) and its expansion leave the
// first frame's path. Nothing else a projectome's first frame draws needs that atlas.
// When the annotation is already held the mask is built from it (~30–70 ms), as before; a miss
// loads the annotation (shared with every other caller), builds the mask, and stores its record
// a little later (never in the first frame's way). A record that does not decode, or answers
// other inputs, is deleted and the mask built again.
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import type { Hemisphere, MaskSummary } from '../protocol/compute-views-contract.ts';
import { annotationKey, type AtlasResolution } from '../protocol/data-contract.ts';
import { sha256Hex } from '../protocol/digest.ts';
import type { AtlasLoader } from './atlas.ts';
import type { VolumeCache } from './cache/index.ts';

/** Bump when a mask's meaning changes (hemisphere split, what a label set covers): older records are misses. */
export const MASKS_VERSION = 1;

/** A new mask's record is written this long after it was built: after the first frame had its chance. */
export const MASK_WRITE_DELAY_MS = 2000;

/** Masks this session has answered (their summaries), looked up before any read. */
const MAX_REMEMBERED = 32;

export interface MaskSourceDeps {
  readonly cache: () => VolumeCache;
  readonly atlas: Pick<AtlasLoader, 'ensure'>;
  readonly compute: Pick<ComputeWorkerApi, 'regionMask' | 'maskRecord' | 'holdMaskRecord' | 'hasMask' | 'hasAnnotation'>;
  /** Schedules the record's write (tests run it at once). */
  readonly later?: (write: () => void) => void;
}

export type MaskSource = (ids: Uint32Array, hemisphere: Hemisphere, resolution: AtlasResolution, signal: AbortSignal) => Promise<MaskSummary>;

export function createMaskSource({ cache, atlas, compute, later = (w) => void setTimeout(w, MASK_WRITE_DELAY_MS) }: MaskSourceDeps): MaskSource {
  const answered = new Map<string, MaskSummary>();
  /** Records this session read or wrote: not written again. */
  const stored = new Set<string>();
  const remember = (key: string, summary: MaskSummary): MaskSummary => {
    answered.delete(key);
    answered.set(key, summary);
    if (answered.size > MAX_REMEMBERED) answered.delete(answered.keys().next().value ?? '');
    return summary;
  };

  return async (ids, hemisphere, resolution, signal) => {
    const annKey = annotationKey(resolution);
    const c = cache();
    const sorted = [...new Set(ids)].sort((a, b) => a - b).join(',');
    const key = c.key('annotation', `mask-${(await sha256Hex(`m${MASKS_VERSION}|${annKey}|${hemisphere}|${sorted}`)).slice(0, 32)}`, resolution);
    const known = answered.get(key);
    if (known && compute.hasMask(known.maskKey)) return known;
    if (!compute.hasAnnotation(annKey)) {
      const t0 = performance.now();
      const record = await c.get(key).catch(() => null);
      signal.throwIfAborted();
      if (record) {
        try {
          const summary = compute.holdMaskRecord(annKey, ids, hemisphere, record.bytes.slice().buffer);
          stored.add(key);
          performance.measure('bsv:mask-read', { start: t0, end: performance.now() });
          return remember(key, summary);
        } catch {
          await c.delete(key).catch(() => undefined);
        }
      }
    }
    await atlas.ensure(resolution, signal);
    const summary = compute.regionMask(annKey, ids, hemisphere);
    if (summary.extent && !stored.has(key)) {
      stored.add(key);
      later(() => {
        if (!compute.hasMask(summary.maskKey)) return void stored.delete(key);
        const bytes = compute.maskRecord(summary.maskKey);
        void c.put(key, bytes, { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] }).catch(() => stored.delete(key));
      });
    }
    return remember(key, summary);
  };
}
