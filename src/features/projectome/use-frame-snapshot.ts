// The stored first frame of the link being shown (frame-snapshot.ts), through react-query: its
// first AP, read by this thread straight from the cache's IndexedDB store at t = 0
// (data/stored-frame.ts; a small record, drawn at once), and the whole snapshot through the worker
// only when it is needed before the checked result is drawn: no first-AP record (older records),
// the slider moved off that AP, or the pipeline failed (offline: the figure stays, every slice);
// never when the first-AP read found no whole record either (a new link: the worker's read of the
// missing record took 50–140 ms of a new combination's first second, for nothing).
// Read eagerly it cost the checked frame a 5.6 MB read beside the atlas reads, its decode and an
// upload. `useSaveFrame` stores a verified result's frame for the next visit of the same link
// through the worker: both records, or only the first-AP one when the stored result is the same
// and only the AP differs, or nothing when both are unchanged.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { getComputeWorker } from '../../data/services.ts';
import { readStoredFirstAp } from '../../data/stored-frame.ts';
import { projectomeParams } from '../../state/projectome-params.ts';
import { apIndexIn, sliceRangeOf } from './ap-position.ts';
import { decodeFrameSnapshot, sectionRequestOf, type FrameSnapshot } from './frame-snapshot.ts';
import type { StageData } from './shown-frame.ts';

const common = {
  // read once per link and page: afterwards the computed result is what is shown
  staleTime: Infinity,
  // long enough for a prefetch that finished before the view mounted to be found
  gcTime: 10_000,
  retry: false,
} as const;

/** What `bytes` decode to, when it is a snapshot of this request. */
function decoded(bytes: Uint8Array | null, requestKey: string): FrameSnapshot | null {
  const s = bytes ? decodeFrameSnapshot(bytes) : null;
  return s && s.requestKey === requestKey ? s : null;
}

export interface StoredFirstApSnapshot {
  readonly snapshot: FrameSnapshot | null;
  /** Whether the link's whole snapshot is stored: without it, the worker is not asked to read it. */
  readonly wholeStored: boolean;
}

/**
 * The stored first frame at its first AP of a link's projectome request (JSON), or null, and
 * whether its whole snapshot is stored. Started before React renders by the boot prefetch
 * (app/boot-prefetch.ts) and read by the view under the same key.
 */
export function firstApSnapshotQuery(requestKey: string | null) {
  return queryOptions({
    queryKey: ['frame-snapshot', 'first-ap', requestKey],
    queryFn: async (): Promise<StoredFirstApSnapshot> => {
      if (requestKey === null) return { snapshot: null, wholeStored: false };
      const t0 = performance.now();
      const read = await readStoredFirstAp(requestKey);
      const s = decoded(read.bytes, requestKey);
      performance.measure('bsv:snapshot-read', { start: t0, end: performance.now() });
      if (s?.firstAp === undefined) return { snapshot: null, wholeStored: read.wholeStored };
      // the worker (the cache's owner) pins both records while shown and marks them used
      void getComputeWorker()
        .markFrameShown(requestKey)
        .catch(() => undefined);
      return { snapshot: s, wholeStored: read.wholeStored };
    },
    enabled: requestKey !== null,
    ...common,
  });
}

export interface FirstApSnapshot {
  readonly snapshot: FrameSnapshot | null;
  /** The read is over (found or not): other worker work may start without delaying it. */
  readonly settled: boolean;
  /** Whether the link's whole snapshot is stored (false until the read is over). */
  readonly wholeStored: boolean;
}

export function useFirstApSnapshot(requestKey: string | null): FirstApSnapshot {
  const q = useQuery(firstApSnapshotQuery(requestKey));
  return { snapshot: q.data?.snapshot ?? null, settled: requestKey === null || !q.isPending, wholeStored: q.data?.wholeStored ?? false };
}

/** Whether the AP shown is not the one `first` holds (re-renders only when that flips). */
export function useMovedOff(first: FrameSnapshot | null): boolean {
  const range = first === null ? null : sliceRangeOf(first.result.summary);
  return projectomeParams.useStore((s) => first !== null && (range === null ? -1 : apIndexIn(s.value.positionUm, range)) !== first.firstAp);
}

/** The whole stored snapshot of a link's request, read by the worker once `wanted`; null until then or when none is stored. */
export function useWholeSnapshot(requestKey: string | null, wanted: boolean): FrameSnapshot | null {
  const q = useQuery(
    queryOptions({
      queryKey: ['frame-snapshot', 'whole', requestKey],
      queryFn: async (): Promise<FrameSnapshot | null> => {
        if (requestKey === null) return null;
        const t0 = performance.now();
        const s = decoded(await getComputeWorker().readFrameSnapshot(requestKey), requestKey);
        performance.measure('bsv:snapshot-whole-read', { start: t0, end: performance.now() });
        return s?.firstAp === undefined ? s : null;
      },
      enabled: requestKey !== null && wanted,
      ...common,
    }),
  );
  return q.data ?? null;
}

/** Stores a verified result's frame for the next visit (see the file comment for what is written). */
export function useSaveFrame(requestKey: string | null, storedFirst: FrameSnapshot | null): (data: StageData, targetHex: string, apIndex: number) => void {
  return useCallback(
    (data: StageData, targetHex: string, apIndex: number) => {
      if (requestKey === null) return;
      // both records are written in one transaction: a first-AP record of this result means the whole one is too
      const sameResult = storedFirst !== null && storedFirst.result.key === data.result.key && storedFirst.targetHex === targetHex;
      if (sameResult && storedFirst.firstAp === apIndex) return;
      // after the frame is on screen, built and encoded in the worker from what it holds: storing
      // never delays a frame, and the arrays never cross back (cloning them cost 216 ms)
      const t0 = performance.now();
      void getComputeWorker()
        .storeFrameSnapshot({ requestKey, result: data.result, targetHex, sections: sectionRequestOf(data.result), firstAp: apIndex, whole: !sameResult })
        .catch(() => undefined);
      performance.measure('bsv:snapshot-post', { start: t0, end: performance.now() });
    },
    [requestKey, storedFirst],
  );
}
