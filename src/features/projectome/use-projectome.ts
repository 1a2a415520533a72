// Runs the projectome pipeline whenever its inputs change; a new request cancels the previous
// one (and its downloads). Download statuses go to the shared download store.
import { useEffect, useState } from 'react';
import type { Ontology } from '../../allen/index.ts';
import type { Experiment } from '../../allen/types.ts';
import { getAllenClient, getComputeWorker, getDownloadQueue, getVolumeCache } from '../../data/services.ts';
import { useDownloadStore } from '../../state/download-store.ts';
import { buildProjectome, type PipelinePhase, type ProjectomeRequest, type ProjectomeResult } from './projectome-pipeline.ts';

export type ProjectomeLoad =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly phase: PipelinePhase; readonly preview?: ProjectomeResult }
  | { readonly state: 'ready'; readonly result: ProjectomeResult }
  | { readonly state: 'error'; readonly message: string };

export function useProjectome(
  request: ProjectomeRequest | null,
  ontology: Ontology | undefined,
  experiments: readonly Experiment[] | undefined,
  attempt: number,
): ProjectomeLoad {
  const [load, setLoad] = useState<ProjectomeLoad>({ state: 'idle' });
  const requestKey = request ? JSON.stringify(request) : null;

  useEffect(() => {
    if (!request || !ontology || !experiments) {
      setLoad({ state: 'idle' });
      return;
    }
    const ctl = new AbortController();
    setLoad({ state: 'loading', phase: 'atlas' });
    const downloads = useDownloadStore.getState();
    downloads.reset();
    buildProjectome(
      {
        client: getAllenClient(),
        cache: getVolumeCache(),
        queue: getDownloadQueue(),
        worker: getComputeWorker(),
        ontology,
        experiments,
      },
      request,
      ctl.signal,
      {
        retryFailed: attempt > 0,
        onPhase: (phase) => {
          if (ctl.signal.aborted) return;
          if (phase === 'volumes') useDownloadStore.getState().begin([]);
          // a preview stays on screen until the final frame replaces it
          setLoad((prev) => ({ state: 'loading', phase, preview: prev.state === 'loading' ? prev.preview : undefined }));
        },
        onPartial: (preview) => {
          if (ctl.signal.aborted) return;
          setLoad((prev) => (prev.state === 'loading' ? { ...prev, preview } : prev));
        },
        onStatus: (s) => useDownloadStore.getState().pushJoining(s),
      },
    ).then(
      (result) => {
        if (ctl.signal.aborted) return;
        if (useDownloadStore.getState().phase === 'running') useDownloadStore.getState().finish('done');
        setLoad({ state: 'ready', result });
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        useDownloadStore.getState().finish('done');
        setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctl.abort();
    // requestKey captures every field of request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestKey, ontology, experiments, attempt]);

  return load;
}
