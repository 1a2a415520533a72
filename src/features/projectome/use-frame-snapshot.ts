// The stored first frame of the link being shown (frame-snapshot.ts), read from the worker's cache
// at t = 0 through react-query, and `save`, which stores a verified result's frame for the next
// visit of the same link (once per result: a frame read back unchanged is not written again).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { getComputeWorker } from '../../data/services.ts';
import { decodeFrameSnapshot, encodeFrameSnapshot, type FrameSnapshot } from './frame-snapshot.ts';
import type { StageData } from './shown-frame.ts';

export interface FrameSnapshotState {
  readonly snapshot: FrameSnapshot | null;
  /** The read is over (found or not): other worker work may start without delaying it. */
  readonly settled: boolean;
  readonly save: (data: StageData, targetHex: string) => void;
}

/**
 * The stored first frame of a link's projectome request (JSON), or null. Started before React
 * renders by the boot prefetch (app/boot-prefetch.ts) and read by the view under the same key.
 */
export function frameSnapshotQuery(requestKey: string | null) {
  return queryOptions({
    queryKey: ['frame-snapshot', requestKey],
    queryFn: async (): Promise<FrameSnapshot | null> => {
      if (requestKey === null) return null;
      const t0 = performance.now();
      const bytes = await getComputeWorker().readFrameSnapshot(requestKey);
      const s = bytes ? decodeFrameSnapshot(bytes) : null;
      performance.measure('bsv:snapshot-read', { start: t0, end: performance.now() });
      return s && s.requestKey === requestKey ? s : null;
    },
    enabled: requestKey !== null,
    // read once per link and page: afterwards the computed result is what is shown
    staleTime: Infinity,
    // long enough for a prefetch that finished before the view mounted to be found
    gcTime: 10_000,
    retry: false,
  });
}

export function useFrameSnapshot(requestKey: string | null): FrameSnapshotState {
  const q = useQuery(frameSnapshotQuery(requestKey));
  const stored = q.data ?? null;
  const save = useCallback(
    (data: StageData, targetHex: string) => {
      if (requestKey === null || (stored && stored.result.key === data.result.key && stored.targetHex === targetHex)) return;
      // after the frame is on screen: encoding and storing never delay it
      const bytes = encodeFrameSnapshot({ requestKey, result: data.result, stack: data.stack, sections: data.sections, targetHex });
      void getComputeWorker()
        .writeFrameSnapshot(requestKey, bytes)
        .catch(() => undefined);
    },
    [requestKey, stored],
  );
  return { snapshot: stored, settled: requestKey === null || !q.isPending, save };
}
