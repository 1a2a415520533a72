// The drawn sections of a projectome (SectionStack) with the atlas they are cut from: the volume
// cache keeps each request's cut labels (compute/section-record.ts; kind 'annotation', id
// 'sec-<SHA-256 of the request>', the atlas's resolution), so the first frame of a target drawn
// before no longer waits for the drawing atlas (50 µm: 1.8 MB of runs read from IndexedDB and
// expanded, ~0.5–0.7 s after it is asked on a warm start here, competing with the means' reads).
// Rebuilding the stack from the stored labels (target cells, boxes, cell codes) costs about what
// the cut did: ~70 ms in Node, ~150 ms with the IndexedDB read in the browser's worker, for
// 41 sections of 160 × 228 cells. A miss loads the atlas (shared with every other caller), cuts,
// encodes the record before answering (~10–40 ms) and writes it after. A record that does not
// decode is deleted and the stack cut again. Annotations that are not the CCF's (a user's own
// volume) are cut from what the worker holds, never stored. Reading a target's record before its
// mask gives the extent (a record keyed without it, read beside the mask and the means) was tried
// and measured no gain: the one worker's reads and rebuilds compete, and the products' read waited.
import { decodeSectionRecord, encodeSectionRecord } from '../compute/section-record.ts';
import type { SectionStack } from '../compute/section-stack.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import { annotationResolution, type AtlasResolution } from '../protocol/data-contract.ts';
import { sha256Hex } from '../protocol/digest.ts';
import { sectionRequestKey, type SectionRequest } from '../protocol/frame-snapshot.ts';
import type { AtlasLoader } from './atlas.ts';
import type { VolumeCache } from './cache/index.ts';

/** Bump when the cut changes (which section a slice index draws, the labels' layout): older records are misses. */
export const SECTIONS_VERSION = 1;

export interface SectionSourceDeps {
  readonly cache: () => VolumeCache;
  readonly atlas: Pick<AtlasLoader, 'ensure'>;
  readonly compute: Pick<ComputeWorkerApi, 'planeSectionStack'>;
}

export type SectionSource = (request: SectionRequest, signal: AbortSignal) => Promise<SectionStack>;

export function createSectionSource({ cache, atlas, compute }: SectionSourceDeps): SectionSource {
  const cacheKey = async (c: VolumeCache, resolution: AtlasResolution, requestKey: string): Promise<string> =>
    c.key('annotation', `sec-${(await sha256Hex(`s${SECTIONS_VERSION}|${requestKey}`)).slice(0, 32)}`, resolution);

  return async (r, signal) => {
    const resolution = annotationResolution(r.annotationKey);
    const cut = (): SectionStack => compute.planeSectionStack(r.annotationKey, r.plane, r.start, r.count, r.targetIds);
    if (resolution === null) return cut();
    const c = cache();
    const requestKey = sectionRequestKey(r);
    const key = await cacheKey(c, resolution, requestKey);
    const t0 = performance.now();
    const stored = await c.get(key).catch(() => null);
    signal.throwIfAborted();
    if (stored) {
      try {
        const stack = decodeSectionRecord(stored.bytes, requestKey, r.targetIds);
        if (stack.apStart !== r.start || stack.apCount !== r.count) throw new Error('section record: another extent');
        performance.measure('bsv:sections-read', { start: t0, end: performance.now() });
        return stack;
      } catch {
        await c.delete(key).catch(() => undefined);
      }
    }
    await atlas.ensure(resolution, signal);
    const stack = cut();
    // encoded before the answer goes (it is transferred), stored after
    const record = encodeSectionRecord(requestKey, stack);
    void c.put(key, record, { dtype: 'uint8', dims: [record.byteLength, 1, 1] }).catch(() => undefined);
    return stack;
  };
}
