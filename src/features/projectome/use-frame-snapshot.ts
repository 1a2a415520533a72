// The stored first frame of the link being shown (frame-snapshot.ts), in two reads through
// react-query: its first AP, read by this thread straight from the cache's IndexedDB store at t = 0
// (data/stored-frame.ts; a small record, drawn at once), then the whole snapshot through the
// worker (every slice for the slider until the checked result replaces it). `save` stores a
// verified result's frame for the next visit of the same link, both records through the worker
// (once per result and AP: a frame read back unchanged is not written again).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { getComputeWorker } from '../../data/services.ts';
import { readStoredFirstAp } from '../../data/stored-frame.ts';
import { decodeFrameSnapshot, encodeFrameSnapshot, firstApOf, type FrameSnapshot } from './frame-snapshot.ts';
import type { StageData } from './shown-frame.ts';

export interface FrameSnapshotState {
  /** The whole stored snapshot once read, else its first AP, else null. */
  readonly snapshot: FrameSnapshot | null;
  /** The first-AP read is over (found or not): other worker work may start without delaying it. */
  readonly settled: boolean;
  readonly save: (data: StageData, targetHex: string, apIndex: number) => void;
}

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

/**
 * The stored first frame at its first AP of a link's projectome request (JSON), or null. Started
 * before React renders by the boot prefetch (app/boot-prefetch.ts) and read by the view under the
 * same key.
 */
export function firstApSnapshotQuery(requestKey: string | null) {
  return queryOptions({
    queryKey: ['frame-snapshot', 'first-ap', requestKey],
    queryFn: async (): Promise<FrameSnapshot | null> => {
      if (requestKey === null) return null;
      const t0 = performance.now();
      const s = decoded(await readStoredFirstAp(requestKey), requestKey);
      performance.measure('bsv:snapshot-read', { start: t0, end: performance.now() });
      return s?.firstAp !== undefined ? s : null;
    },
    enabled: requestKey !== null,
    ...common,
  });
}

/** The whole stored snapshot of a link's request, read by the worker. */
function wholeSnapshotQuery(requestKey: string | null, enabled: boolean) {
  return queryOptions({
    queryKey: ['frame-snapshot', 'whole', requestKey],
    queryFn: async (): Promise<FrameSnapshot | null> => {
      if (requestKey === null) return null;
      const t0 = performance.now();
      const s = decoded(await getComputeWorker().readFrameSnapshot(requestKey), requestKey);
      performance.measure('bsv:snapshot-whole-read', { start: t0, end: performance.now() });
      return s?.firstAp === undefined ? s : null;
    },
    enabled: requestKey !== null && enabled,
    ...common,
  });
}

export function useFrameSnapshot(requestKey: string | null): FrameSnapshotState {
  const first = useQuery(firstApSnapshotQuery(requestKey));
  const firstSettled = requestKey === null || !first.isPending;
  // asked once the first AP is read (the worker's start-up and this read then never delay it)
  const whole = useQuery(wholeSnapshotQuery(requestKey, firstSettled));
  const storedFirst = first.data ?? null;
  const storedWhole = whole.data ?? null;
  const save = useCallback(
    (data: StageData, targetHex: string, apIndex: number) => {
      if (requestKey === null) return;
      const same = (s: FrameSnapshot | null): boolean => s !== null && s.result.key === data.result.key && s.targetHex === targetHex;
      if (same(storedWhole) && same(storedFirst) && storedFirst?.firstAp === apIndex) return;
      // after the frame is on screen: encoding and storing never delay it
      const snapshot: FrameSnapshot = { requestKey, result: data.result, stack: data.stack, sections: data.sections, targetHex };
      const firstAp = firstApOf(snapshot, apIndex);
      if (!firstAp) return;
      void getComputeWorker()
        .writeFrameSnapshot(requestKey, encodeFrameSnapshot(snapshot), encodeFrameSnapshot(firstAp))
        .catch(() => undefined);
    },
    [requestKey, storedFirst, storedWhole],
  );
  return { snapshot: storedWhole ?? storedFirst, settled: firstSettled, save };
}
