// The group means a view needs, through react-query (src/data/queries.ts): a new spec starts a
// new build in the worker and cancels the previous one (its downloads included). Download
// statuses go to the shared download store, so DownloadProgress works in every view.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Ontology } from '../allen/index.ts';
import {
  NUMERIC_RESOLUTION,
  aggregateQuery,
  prefetchAtlases,
  regionMaskQuery,
  type AggregateOutcome,
  type AggregateHandlers,
  type AggregateSpec,
  type AtlasResolution,
  type RegionMask,
} from '../data/queries.ts';
import { isAbort } from '../data/services.ts';
import { annotationKey, type DataEvent } from '../protocol/data-contract.ts';
import { useDownloadStore } from '../state/download-store.ts';

const EMPTY_SPEC: AggregateSpec = { experiments: [], grouping: 'none', normalization: 'none', subtractOtherHemisphere: false };

export type AggregateLoad =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly phase: 'volumes' | 'averaging' | 'planning' }
  | { readonly state: 'ready'; readonly outcome: AggregateOutcome }
  | { readonly state: 'error'; readonly message: string };

/** A build's download statuses and phases, into the shared download store (and `setPhase`). */
export function downloadHandlers(setPhase?: (phase: 'planning' | 'volumes' | 'averaging') => void): AggregateHandlers {
  return {
    onStart: () => {
      useDownloadStore.getState().reset();
      setPhase?.('planning');
    },
    onEvent: (e: DataEvent) => {
      if (e.kind === 'phase') {
        if (e.phase === 'volumes') useDownloadStore.getState().begin([]);
        setPhase?.(e.phase);
      } else if (e.kind === 'status') for (const s of e.statuses) useDownloadStore.getState().pushJoining(s);
    },
  };
}

/** Ends the download store's run when a build settles (not when it was cancelled). */
export function settleDownloads(): void {
  if (useDownloadStore.getState().phase === 'running') useDownloadStore.getState().finish('done');
}

/**
 * The group means of `spec` in the worker. `attempt` > 0 (a retry) averages again what an
 * earlier build could not load. Pass null to stay idle.
 */
export function useAggregate(spec: AggregateSpec | null, attempt = 0): AggregateLoad {
  const [phase, setPhase] = useState<'planning' | 'volumes' | 'averaging'>('planning');
  const q = useQuery({ ...aggregateQuery(spec ?? EMPTY_SPEC, attempt, downloadHandlers(setPhase)), enabled: spec !== null });
  const settled = q.isSuccess || (q.isError && !isAbort(q.error));
  useEffect(() => {
    if (settled) settleDownloads();
  }, [settled]);
  if (!spec) return { state: 'idle' };
  if (q.isError) return { state: 'error', message: q.error.message };
  if (q.isSuccess) return { state: 'ready', outcome: q.data };
  return { state: 'loading', phase };
}

/**
 * What identifies the means behind a view's numbers in its query key: the aggregate's key plus
 * how many experiments each group used (a retry that recovers failed experiments changes the
 * means under the same key).
 */
export function outcomeVersion(outcome: AggregateOutcome | null): string | null {
  return outcome ? `${outcome.key}#${outcome.groups.map((g) => g.usedExperimentIds.length).join(',')}` : null;
}

export type MaskLoad =
  | { readonly state: 'idle' }
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly mask: RegionMask; readonly annotationKey: string }
  | { readonly state: 'error'; readonly message: string };

/**
 * The mask of `acronym` (with descendants) in the worker: at 100 µm (the default) for numbers
 * (slicing, matrices), at 50 µm for drawing (outlines, surfaces).
 */
export function useRegionMask(
  acronym: string | null,
  ontology: Ontology | undefined,
  hemisphere: 'both' | 'left' | 'right' = 'both',
  resolution: AtlasResolution = NUMERIC_RESOLUTION,
): MaskLoad {
  const q = useQuery({
    ...regionMaskQuery(acronym ?? '', ontology, hemisphere, resolution),
    enabled: acronym !== null && ontology !== undefined,
  });
  if (!acronym || !ontology) return { state: 'idle' };
  if (q.isError) return { state: 'error', message: q.error.message };
  if (q.isSuccess) return { state: 'ready', mask: q.data, annotationKey: annotationKey(resolution) };
  return { state: 'loading' };
}

/**
 * Starts loading the atlases a view needs into the worker as soon as the app opens on it
 * (prefetchAtlases), so their reads and decodes overlap loading the ontology and the experiment
 * list.
 */
export function useAtlasPrefetch(enabled: boolean, drawsAt50: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (enabled) prefetchAtlases(client, drawsAt50);
  }, [client, enabled, drawsAt50]);
}
