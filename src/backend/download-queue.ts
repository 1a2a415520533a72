// Loads projection density volumes for many experiments: cache first (batched getMany), then
// download (client: retries, host cap) → decode (injected; a worker in the app) → validate →
// hand out → batched cache write. Delivery is by CALLBACK: `onVolume` fires for each experiment
// as soon as its volume is ready (cache hits first, then downloads as they finish); `load`
// resolves once every id is done or failed. Failures never stop the others; the result lists
// which ids failed and why. Abort rejects `load` with an AllenError of kind 'aborted' and cancels
// outstanding requests. `reload: true` bypasses the cache for reads (and overwrites it).
import { AllenError } from '../allen/index.ts';
import type { AllenClient, DensityDownload } from '../allen/index.ts';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import type { EncodedEntry, VolumeCache } from './cache/index.ts';
import type { VolumeMeta } from './cache/index.ts';

/** Decodes downloaded bytes (NRRD or zip) to float32 voxels, AP fastest, 132×80×114, −1 = no data. */
export type DecodeDensity = (
  download: DensityDownload,
  signal: AbortSignal,
) => Promise<ArrayBuffer>;

export type LoadStatus =
  | { readonly experimentId: number; readonly state: 'queued' }
  | { readonly experimentId: number; readonly state: 'cached' }
  | {
      readonly experimentId: number;
      readonly state: 'downloading';
      readonly receivedBytes: number;
      readonly totalBytes: number | null;
      readonly attempt: number;
    }
  | { readonly experimentId: number; readonly state: 'decoding'; readonly attempt: number }
  | { readonly experimentId: number; readonly state: 'done'; readonly source: 'cache' | 'network' }
  | { readonly experimentId: number; readonly state: 'failed'; readonly error: AllenError };

export interface ReadyVolume {
  readonly experimentId: number;
  readonly source: 'cache' | 'network';
  /**
   * float32 voxels (AP fastest, 132×80×114, −1 = no data). May be a view with byteOffset ≠ 0
   * (cache hits point into the stored record): to transfer, send `data.buffer` together with
   * `data.byteOffset` and `data.length`. The queue keeps no reference after the callback.
   */
  readonly data: Float32Array;
}

export interface LoadOptions {
  readonly signal?: AbortSignal;
  /** Skip cache reads (downloads everything again) and overwrite the cache. */
  readonly reload?: boolean;
  readonly onStatus?: (status: LoadStatus) => void;
  readonly onVolume: (volume: ReadyVolume) => void;
}

export interface LoadResult {
  /** Ids delivered, in delivery order. */
  readonly loaded: readonly number[];
  /** Subset of `loaded` that came from the cache. */
  readonly fromCache: readonly number[];
  readonly failed: ReadonlyMap<number, AllenError>;
}

export interface DownloadQueueOptions {
  readonly client: Pick<AllenClient, 'fetchDensityGrid'>;
  /** null = no caching. */
  readonly cache: VolumeCache | null;
  readonly decode: DecodeDensity;
  /** Experiments downloading/decoding at once (default 4; the client's host cap also applies). */
  readonly concurrency?: number;
  /**
   * Downloads per experiment when decoding fails (a complete but corrupt payload); default 3. After
   * an NRRD that does not decode, the next attempts use the zip route (DESIGN §3: a grid is
   * reported failed only when neither route gives a volume).
   */
  readonly maxDecodeAttempts?: number;
  /** Volumes per cache read/write transaction (default 12). */
  readonly cacheBatch?: number;
  /**
   * Encoded volumes waiting for the cache (default 2 × cacheBatch, ≈ 115 MB at 4.8 MB each): when
   * IndexedDB writes fall behind the network, new downloads wait, so memory stays bounded.
   */
  readonly maxQueuedWrites?: number;
}

export interface DownloadQueue {
  load(ids: readonly number[], options: LoadOptions): Promise<LoadResult>;
}

export const DENSITY_META: VolumeMeta = {
  dtype: 'float32',
  dims: [DENSITY_SHAPE.nx, DENSITY_SHAPE.ny, DENSITY_SHAPE.nz],
};
const DENSITY_BYTES = voxelCount(DENSITY_SHAPE) * 4;

function aborted(): AllenError {
  return new AllenError({
    kind: 'aborted',
    what: 'Loading density volumes',
    detail: 'the load was cancelled',
    url: '',
  });
}

export function createDownloadQueue(options: DownloadQueueOptions): DownloadQueue {
  const { client, cache, decode } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxDecodeAttempts = Math.max(1, options.maxDecodeAttempts ?? 3);
  const batch = Math.max(1, options.cacheBatch ?? 12);
  // Must exceed one batch, so that a full queue always has a flushed batch to wait for.
  const maxQueuedWrites = Math.max(batch + 1, options.maxQueuedWrites ?? 2 * batch);

  async function load(idsIn: readonly number[], opts: LoadOptions): Promise<LoadResult> {
    const ids = [...new Set(idsIn)];
    const ctl = new AbortController();
    const onOuterAbort = (): void => ctl.abort(opts.signal?.reason);
    if (opts.signal?.aborted) throw aborted();
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const signal = ctl.signal;
    const emit = (s: LoadStatus): void => opts.onStatus?.(s);
    const loaded: number[] = [];
    const fromCache: number[] = [];
    const failed = new Map<number, AllenError>();
    const keyOf = (id: number): string | null => (cache ? cache.key('density', id, 100) : null);

    let pendingWrites: EncodedEntry[] = [];
    /** Encoded records not yet written: pending plus those in the write chain. */
    let queuedWrites = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const flush = (all: boolean): Promise<unknown> => {
      if (!cache || pendingWrites.length === 0 || (!all && pendingWrites.length < batch))
        return writing;
      const entries = pendingWrites;
      pendingWrites = [];
      // putEncoded reports its errors and never rejects.
      writing = writing.then(() => cache.putEncoded(entries)).then(() => {
        queuedWrites -= entries.length;
      });
      return writing;
    };

    try {
      for (const id of ids) emit({ experimentId: id, state: 'queued' });

      let misses = ids;
      if (cache && !opts.reload) {
        misses = [];
        // One batch is read ahead: the next transaction runs while this one's volumes are
        // checked and handed out (read-only transactions proceed in parallel).
        const read = (i: number) => {
          if (i >= ids.length) return null;
          const p = cache.getMany(ids.slice(i, i + batch).map((id) => keyOf(id) ?? ''));
          p.catch(() => undefined); // a read left behind by an abort must not go unhandled
          return p;
        };
        let next = read(0);
        for (let i = 0; i < ids.length; i += batch) {
          if (signal.aborted) throw aborted();
          const chunk = ids.slice(i, i + batch);
          const volumes = (await next) ?? [];
          next = read(i + batch);
          chunk.forEach((id, j) => {
            const v = volumes[j];
            if (v && v.meta.dtype === 'float32' && v.bytes.byteLength === DENSITY_BYTES) {
              emit({ experimentId: id, state: 'cached' });
              opts.onVolume({
                experimentId: id,
                source: 'cache',
                data: new Float32Array(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength / 4),
              });
              loaded.push(id);
              fromCache.push(id);
              emit({ experimentId: id, state: 'done', source: 'cache' });
            } else {
              misses.push(id);
            }
          });
        }
      }

      const loadOne = async (id: number): Promise<void> => {
        let lastError: AllenError | null = null;
        const decodeFailures: string[] = [];
        let route: 'auto' | 'zip' = 'auto';
        for (let attempt = 1; attempt <= maxDecodeAttempts; attempt++) {
          emit({
            experimentId: id,
            state: 'downloading',
            receivedBytes: 0,
            totalBytes: null,
            attempt,
          });
          let download: DensityDownload;
          try {
            download = await client.fetchDensityGrid(id, {
              signal,
              route,
              onProgress: (receivedBytes, totalBytes) =>
                emit({
                  experimentId: id,
                  state: 'downloading',
                  receivedBytes,
                  totalBytes,
                  attempt,
                }),
            });
          } catch (e) {
            if (signal.aborted) throw aborted();
            lastError =
              e instanceof AllenError
                ? e
                : new AllenError({
                    kind: 'network',
                    what: `Download of experiment ${id}`,
                    detail: String(e),
                    url: '',
                    experimentId: id,
                    cause: e,
                  });
            break;
          }
          emit({ experimentId: id, state: 'decoding', attempt });
          let voxels: ArrayBuffer;
          try {
            voxels = await decode(download, signal);
            if (voxels.byteLength !== DENSITY_BYTES)
              throw new Error(`decoded ${voxels.byteLength} bytes, expected ${DENSITY_BYTES}`);
          } catch (e) {
            if (signal.aborted) throw aborted();
            decodeFailures.push(`the ${download.format} payload from ${download.url} does not decode (${e instanceof Error ? e.message : String(e)})`);
            lastError = new AllenError({
              kind: 'validation',
              what: `Decoding experiment ${id}`,
              detail: decodeFailures.join('; then '),
              url: download.url,
              experimentId: id,
              attempts: attempt,
              cause: e,
            });
            // an NRRD that arrived whole but does not decode: ask the zip route next
            route = 'zip';
            continue;
          }
          // Copy into the cache record before handing the buffer out (the consumer may transfer it).
          const key = keyOf(id);
          const encoded = cache && key ? cache.encode(key, voxels, DENSITY_META) : null;
          opts.onVolume({ experimentId: id, source: 'network', data: new Float32Array(voxels) });
          loaded.push(id);
          emit({ experimentId: id, state: 'done', source: 'network' });
          if (encoded) {
            pendingWrites.push(encoded);
            queuedWrites += 1;
            void flush(false);
          }
          return;
        }
        const error =
          lastError ??
          new AllenError({
            kind: 'empty',
            what: `Download of experiment ${id}`,
            detail: 'nothing was attempted',
            url: '',
            experimentId: id,
          });
        failed.set(id, error);
        emit({ experimentId: id, state: 'failed', error });
      };

      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < misses.length) {
          while (queuedWrites >= maxQueuedWrites) await writing;
          if (signal.aborted) throw aborted();
          const id = misses[next++];
          if (id !== undefined) await loadOne(id);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, misses.length) }, worker));
      } catch (e) {
        ctl.abort(e);
        throw e;
      }
      await flush(true);
      return { loaded, fromCache, failed };
    } finally {
      opts.signal?.removeEventListener('abort', onOuterAbort);
      // Volumes that were validated before an abort are still worth keeping.
      void flush(true);
    }
  }

  return { load };
}
