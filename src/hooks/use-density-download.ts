// Starts, aborts and retries the download of density grids into the browser cache (the
// experiments table's Download button). The worker fetches, validates and caches them; only
// statuses come back. One load runs at a time: starting a new one cancels the previous one.
import { useQueryClient } from '@tanstack/react-query';
import * as Comlink from 'comlink';
import { useCallback, useMemo } from 'react';
import { LARGE_DOWNLOAD, askPersistentStorage } from '../data/persistent-storage.ts';
import { isAbort, workerJob } from '../data/services.ts';
import type { DataEvent } from '../protocol/data-contract.ts';
import { useDownloadStore } from '../state/download-store.ts';
import { cacheEntriesQuery } from '../data/queries.ts';

let controller: AbortController | null = null;

export interface DensityDownload {
  start(ids: readonly number[], options?: { reload?: boolean; retry?: boolean }): Promise<void>;
  abort(): void;
}

export function useDensityDownload(): DensityDownload {
  const queryClient = useQueryClient();
  const start = useCallback(
    async (ids: readonly number[], options: { reload?: boolean; retry?: boolean } = {}) => {
      controller?.abort();
      const own = new AbortController();
      controller = own;
      useDownloadStore.getState().begin(ids, options.retry === true);
      // a large download asks the browser to keep the cache (the answer is shown with the progress)
      if (ids.length >= LARGE_DOWNLOAD && useDownloadStore.getState().persistence === null) {
        void askPersistentStorage().then((outcome) => useDownloadStore.getState().setPersistence(outcome));
      }
      const onEvent = (e: DataEvent): void => {
        if (e.kind === 'status') for (const s of e.statuses) useDownloadStore.getState().push(s);
      };
      try {
        await workerJob(own.signal, (w, jobId) => w.download(ids, { reload: options.reload === true }, Comlink.proxy(onEvent), jobId));
        if (controller === own) useDownloadStore.getState().finish('done');
      } catch (e) {
        if (!isAbort(e) && !own.signal.aborted) throw e;
        if (controller === own) useDownloadStore.getState().finish('aborted');
      } finally {
        if (controller === own) controller = null;
        void queryClient.invalidateQueries({ queryKey: cacheEntriesQuery.queryKey });
      }
    },
    [queryClient],
  );
  const abort = useCallback(() => controller?.abort(), []);
  return useMemo(() => ({ start, abort }), [start, abort]);
}
