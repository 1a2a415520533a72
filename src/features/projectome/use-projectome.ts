// The projectome of a request through react-query: a new request cancels the previous one (its
// worker jobs and downloads included). Download statuses go to the shared download store; while
// volumes arrive, previews of the means so far are kept beside the query.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Ontology } from '../../allen/index.ts';
import type { Experiment } from '../../allen/types.ts';
import { isAbort } from '../../data/services.ts';
import { settleDownloads } from '../../hooks/use-aggregate.ts';
import { useDownloadStore } from '../../state/download-store.ts';
import { buildProjectome, type PipelinePhase, type ProjectomeRequest, type ProjectomeResult } from './projectome-pipeline.ts';

export type ProjectomeLoad =
  | { readonly state: 'idle' }
  | {
      readonly state: 'loading';
      readonly phase: PipelinePhase;
      /** The means so far of this request (drawn, marked partial). */
      readonly preview?: ProjectomeResult;
      /** The last projectome shown before this request (kept on screen, marked loading, until this one draws). */
      readonly previous?: ProjectomeResult;
    }
  | { readonly state: 'ready'; readonly result: ProjectomeResult }
  | { readonly state: 'error'; readonly message: string };

/** What a load state puts on screen. */
export function shownBy(load: ProjectomeLoad): ProjectomeResult | undefined {
  return load.state === 'ready' ? load.result : load.state === 'loading' ? (load.preview ?? load.previous) : undefined;
}

interface Progress {
  readonly key: string;
  readonly phase: PipelinePhase;
  readonly preview?: ProjectomeResult;
}

export function useProjectome(
  request: ProjectomeRequest | null,
  ontology: Ontology | undefined,
  experiments: readonly Experiment[] | undefined,
  attempt: number,
  /** False holds the request back (the last projectome stays on screen, as while loading). */
  start = true,
): ProjectomeLoad {
  const requestKey = request ? JSON.stringify(request) : '';
  const [progress, setProgress] = useState<Progress>({ key: '', phase: 'atlas' });
  const q = useQuery({
    queryKey: ['projectome', requestKey, attempt],
    queryFn: ({ signal }) => {
      if (!request || !ontology || !experiments) throw new Error('projectome asked without its inputs');
      const key = `${requestKey}#${attempt}`;
      setProgress({ key, phase: 'atlas' });
      useDownloadStore.getState().reset();
      return buildProjectome({ ontology, experiments }, request, signal, {
        retryFailed: attempt > 0,
        onPhase: (phase) => {
          if (signal.aborted) return;
          if (phase === 'volumes') useDownloadStore.getState().begin([]);
          // a preview stays on screen until the final frame replaces it
          setProgress((prev) => (prev.key === key ? { ...prev, phase } : prev));
        },
        onPartial: (preview) => {
          if (!signal.aborted) setProgress((prev) => (prev.key === key ? { ...prev, preview } : prev));
        },
        onStatus: (s) => useDownloadStore.getState().pushJoining(s),
      });
    },
    enabled: start && request !== null && ontology !== undefined && experiments !== undefined,
    // the prepared context lives in the worker (LRU): a remount rebuilds it (cheap: the means are held)
    gcTime: 0,
    retry: false,
    // the last projectome stays on screen (marked loading) until the next one is ready
    placeholderData: (previous) => previous,
  });
  const settled = (q.isSuccess && !q.isPlaceholderData) || (q.isError && !isAbort(q.error));
  useEffect(() => {
    if (settled) settleDownloads();
  }, [settled]);

  if (!request || !ontology || !experiments) return { state: 'idle' };
  if (q.isError) return isAbort(q.error) ? { state: 'loading', phase: 'atlas' } : { state: 'error', message: q.error.message };
  if (q.isSuccess && !q.isPlaceholderData) return { state: 'ready', result: q.data };
  const mine = progress.key === `${requestKey}#${attempt}`;
  const previous = q.isPlaceholderData ? q.data : undefined;
  return { state: 'loading', phase: mine ? progress.phase : 'atlas', preview: mine ? progress.preview : undefined, previous };
}
