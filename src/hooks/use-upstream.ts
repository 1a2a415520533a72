// Upstream sources of a target: ProjectionStructureUnionize rows (is_injection=false, both
// hemispheres, projection_volume > min) grouped by the experiments' primary injection structure.
// The rows come from the worker (cached in IndexedDB after the first download, ~1 MB of JSON
// parsed off the main thread); the grouping runs here, where the ontology and filters are. The
// source table can come after the first frame, which needs nothing from it: the list waits for a
// link's stored first frame to be read and, when a projectome is to be drawn, for the page's first
// frame to settle (state/first-frame.ts) — unless grids are being downloaded, where the frame is
// seconds away and the table is wanted meanwhile. Measured with bench:ab (16 paired warm loads of
// a new combination): waiting only for the projectome to be built gained nothing (1.35 s against
// 1.32 s: the list then ran alongside the frame's own last steps).
import { useIsFetching, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { groupUpstream } from '../allen/upstream-groups.ts';
import type { Ontology } from '../allen/ontology.ts';
import type { Experiment, MouseLineFilter, UpstreamSource } from '../allen/types.ts';
import { upstreamRowsQuery } from '../data/queries.ts';
import { useDownloadStore } from '../state/download-store.ts';
import { useFirstFrameSettled } from '../state/first-frame.ts';

export interface UpstreamState {
  readonly data: UpstreamSource[] | undefined;
  readonly loading: boolean;
  readonly error: Error | null;
  readonly refetch: () => void;
}

export function useUpstreamSources(
  targetId: number | null,
  minVolumeMm3: number,
  line: MouseLineFilter,
  primaryOnly: boolean,
  products: readonly number[],
  ontology: Ontology | undefined,
  experiments: readonly Experiment[] | undefined,
  /** A projectome is to be drawn (a target and sources): the list waits for its first frame. */
  frameExpected: boolean,
): UpstreamState {
  const firstFrameRead = useIsFetching({ queryKey: ['frame-snapshot'] }) === 0;
  const frameSettled = useFirstFrameSettled((st) => st.settled);
  const downloading = useDownloadStore((st) => {
    for (const status of st.statuses.values()) if (status.state === 'downloading') return true;
    return false;
  });
  const afterFrame = !frameExpected || frameSettled || downloading;
  const label = (targetId !== null && ontology?.byId(targetId)?.acronym) || `structure ${targetId ?? '?'}`;
  const q = useQuery({ ...upstreamRowsQuery(targetId, minVolumeMm3, label), enabled: targetId !== null && firstFrameRead && afterFrame });
  const rows = q.data;
  const data = useMemo(
    () =>
      rows && targetId !== null && ontology && experiments
        ? groupUpstream(targetId, rows, { minVolumeMm3, line, primaryOnly, productIds: products }, ontology, experiments)
        : undefined,
    [rows, targetId, ontology, experiments, minVolumeMm3, line, primaryOnly, products],
  );
  // pending also while it waits for the first frame: it will run then
  const loading = targetId !== null && ontology !== undefined && experiments !== undefined && q.isPending;
  return { data, loading, error: q.error, refetch: () => void q.refetch() };
}
