// Runs the shared aggregate pipeline (src/data/aggregate-pipeline.ts) for a view: whenever the
// spec changes a new build starts and the previous one (and its downloads) is cancelled.
// Download statuses go to the shared download store, so DownloadProgress works in every view.
import { useEffect, useState } from 'react';
import type { Ontology } from '../allen/index.ts';
import {
  ANNOTATION_KEY,
  aggregateKey,
  buildAggregate,
  ensureAnnotation,
  regionMaskFor,
  type AggregateOutcome,
  type AggregateSpec,
} from '../data/aggregate-pipeline.ts';
import { getAllenClient, getComputeWorker, getDownloadQueue, getVolumeCache } from '../data/services.ts';
import type { MaskSummary } from '../protocol/compute-contract.ts';
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
  | { readonly state: 'ready'; readonly mask: MaskSummary & { readonly structureIds: ReadonlySet<number> }; readonly annotationKey: string }
  | { readonly state: 'error'; readonly message: string };

/** The 50 µm mask of `acronym` (with descendants) in the worker, for slicing and matrices. */
export function useRegionMask(acronym: string | null, ontology: Ontology | undefined, hemisphere: 'both' | 'left' | 'right' = 'both'): MaskLoad {
  const [load, setLoad] = useState<MaskLoad>({ state: 'idle' });
  useEffect(() => {
    if (!acronym || !ontology) {
      setLoad({ state: 'idle' });
      return;
    }
    const ctl = new AbortController();
    setLoad({ state: 'loading' });
    regionMaskFor(services(), ontology, acronym, ctl.signal, hemisphere).then(
      (mask) => {
        if (!ctl.signal.aborted) setLoad({ state: 'ready', mask, annotationKey: ANNOTATION_KEY });
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctl.abort();
  }, [acronym, ontology, hemisphere]);
  return load;
}

/**
 * Starts loading the 50 µm atlas into the worker as soon as the app opens on a view that needs
 * it, so its read and decode overlap loading the ontology and the experiment list instead of
 * following them. A failure here is ignored: the view's own load retries and reports it.
 */
export function useAtlasPrefetch(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    ensureAnnotation(services(), ctl.signal).catch(() => undefined);
    return () => ctl.abort();
  }, [enabled]);
}
