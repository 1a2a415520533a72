// Runs the shared aggregate pipeline (src/data/aggregate-pipeline.ts) for a view: whenever the
// spec changes a new build starts and the previous one (and its downloads) is cancelled.
// Download statuses go to the shared download store, so DownloadProgress works in every view.
import { useEffect, useState } from 'react';
import type { Ontology } from '../allen/index.ts';
import { aggregateKey, buildAggregate, type AggregateOutcome, type AggregateSpec } from '../data/aggregate-pipeline.ts';
import {
  DRAWING_RESOLUTION,
  NUMERIC_RESOLUTION,
  annotationKey,
  ensureAnnotation,
  regionMaskFor,
  type AtlasResolution,
  type RegionMask,
} from '../data/atlas-load.ts';
import { getAllenClient, getComputeWorker, getDownloadQueue, getVolumeCache } from '../data/services.ts';
import { useDownloadStore } from '../state/download-store.ts';

export type AggregateLoad =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly phase: 'volumes' | 'averaging' | 'planning' }
  | { readonly state: 'ready'; readonly outcome: AggregateOutcome }
  | { readonly state: 'error'; readonly message: string };

function services() {
  return { client: getAllenClient(), cache: getVolumeCache(), queue: getDownloadQueue(), worker: getComputeWorker() };
}

/**
 * The group means of `spec` in the worker. `attempt` > 0 (a retry) recomputes an aggregate that
 * is missing experiments. Pass null to stay idle.
 */
export function useAggregate(spec: AggregateSpec | null, attempt = 0): AggregateLoad {
  const [load, setLoad] = useState<AggregateLoad>({ state: 'idle' });
  const key = spec ? `${aggregateKey(spec)}#${attempt}` : null;

  useEffect(() => {
    if (!spec) {
      setLoad({ state: 'idle' });
      return;
    }
    const ctl = new AbortController();
    setLoad({ state: 'loading', phase: 'planning' });
    useDownloadStore.getState().reset();
    buildAggregate(services(), spec, ctl.signal, {
      retryFailed: attempt > 0,
      onPhase: (phase) => {
        if (ctl.signal.aborted) return;
        if (phase === 'volumes') useDownloadStore.getState().begin([]);
        setLoad({ state: 'loading', phase });
      },
      onStatus: (s) => useDownloadStore.getState().pushJoining(s),
    }).then(
      (outcome) => {
        if (ctl.signal.aborted) return;
        if (useDownloadStore.getState().phase === 'running') useDownloadStore.getState().finish('done');
        setLoad({ state: 'ready', outcome });
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        useDownloadStore.getState().finish('done');
        setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctl.abort();
    // `key` captures every field of spec that changes the aggregate, and the attempt.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return load;
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
  const [load, setLoad] = useState<MaskLoad>({ state: 'idle' });
  useEffect(() => {
    if (!acronym || !ontology) {
      setLoad({ state: 'idle' });
      return;
    }
    const ctl = new AbortController();
    setLoad({ state: 'loading' });
    regionMaskFor(services(), ontology, acronym, ctl.signal, hemisphere, resolution).then(
      (mask) => {
        if (!ctl.signal.aborted) setLoad({ state: 'ready', mask, annotationKey: annotationKey(resolution) });
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctl.abort();
  }, [acronym, ontology, hemisphere, resolution]);
  return load;
}

/**
 * Starts loading the atlases a view needs into the worker as soon as the app opens on it (the
 * 100 µm one for numbers; the 50 µm one too when the view draws boundaries), so their reads and
 * decodes overlap loading the ontology and the experiment list instead of following them. A
 * failure here is ignored: the view's own load retries and reports it.
 */
export function useAtlasPrefetch(enabled: boolean, draws: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    ensureAnnotation(services(), ctl.signal, NUMERIC_RESOLUTION).catch(() => undefined);
    if (draws) ensureAnnotation(services(), ctl.signal, DRAWING_RESOLUTION).catch(() => undefined);
    return () => ctl.abort();
  }, [enabled, draws]);
}
