// Starts, aborts and retries the download of density volumes for a list of experiments. One
// load runs at a time: starting a new one cancels the previous one's outstanding requests.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { AllenError } from '../allen/index.ts';
import { getDownloadQueue } from '../data/services.ts';
import { useDownloadStore } from '../state/download-store.ts';

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
      const store = useDownloadStore.getState();
      store.begin(ids, options.retry === true);
      try {
        await getDownloadQueue().load(ids, {
          signal: own.signal,
          reload: options.reload === true,
          onStatus: (s) => useDownloadStore.getState().push(s),
          // Issue 4 feeds these to the aggregate worker; here only the status matters.
          onVolume: () => undefined,
        });
        if (controller === own) useDownloadStore.getState().finish('done');
      } catch (e) {
        if ((e as AllenError).kind === 'aborted' || own.signal.aborted) {
          if (controller === own) useDownloadStore.getState().finish('aborted');
        } else {
          throw e;
        }
      } finally {
        if (controller === own) controller = null;
        void queryClient.invalidateQueries({ queryKey: ['cache-entries'] });
      }
    },
    [queryClient],
  );
  const abort = useCallback(() => controller?.abort(), []);
  return useMemo(() => ({ start, abort }), [start, abort]);
}
