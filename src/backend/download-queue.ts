// Loads projection density grids for many experiments, in the worker: cache first (batched
// getMany), then download (client: retries, per-host cap) → hand out → store. Delivery is by
// CALLBACK: `onGrid` gets each experiment's encoded bytes as soon as they are there (cache hits
// first, then downloads as they finish) and decodes them where they are needed (the aggregate:
// straight into the accumulator's memory); it throws when they do not decode, and the queue then
// evicts the record or downloads again. A record is stored only after the consumer decoded the
// bytes to a whole 132×80×114 grid (the record's checksum covers the bytes; that decode covers
// their meaning). What is stored is what the consumer returns — the aggregate returns the grid's
// packed form (compute/packed-grid.ts: non-zero voxels only, about the download's size, ~15×
// cheaper to read back than inflating the gzip) — or, when it returns nothing, the bytes as
// downloaded. A cached record in an older form (gzip NRRD, zip) for which the consumer returns
// a packed form is rewritten behind the load. `load` resolves once every id is done or failed.
// Failures never stop the others; the result lists which ids failed and why. Abort
// rejects `load` with an AllenError of kind 'aborted' and cancels outstanding requests and queued
// work. `reload: true` bypasses the cache for reads (and overwrites it).
// Tabs: each download runs under a Web Lock named after the experiment, and looks in the cache
// again once it holds the lock, so two tabs never download the same grid twice; the record is
// written before the lock is released, after the grid was handed out; the download slot moves on
// while it is written (writes never delay a frame or the next download); load() waits for them.
// Slots: a download slot moves on as soon as its grid has arrived, while the consumer takes it,
// so that a consumer busy elsewhere (the compute worker's thread, which also runs this queue) does
// not leave the network idle; at most `concurrency` grids whose slots moved on are still being
// handed out (or written, under a lock).
import { AllenError } from '../allen/errors.ts';
import { isNrrd, isZip } from '../allen/grids.ts';
import type { DownloadOptions } from '../allen/grids.ts';
import type { GridStatus } from '../protocol/data-contract.ts';
import { isPackedGrid } from '../compute/packed-grid.ts';
import type { CachedVolume, VolumeCache } from './cache/index.ts';

/** As downloaded (gzip NRRD or zip), or the cache's packed form. */
export type GridFormat = 'nrrd' | 'zip' | 'packed';

/** A grid's status (the contract's GridStatus), with the error itself where the contract has its message. */
export type LoadStatus =
  Exclude<GridStatus, { readonly state: 'failed' }> | { readonly experimentId: number; readonly state: 'failed'; readonly error: AllenError };

/** One grid as a GridSource gives it: as downloaded, or already packed (a grid fetcher's). */
export interface GridDownload {
  readonly experimentId: number;
  readonly format: GridFormat;
  readonly bytes: ArrayBuffer;
  readonly url: string;
  /** Bytes on the wire, when `bytes` are not them (a fetcher's packed grid). */
  readonly downloadedBytes?: number;
}

/** Where downloads come from: the Allen client itself, or a grid fetcher in its own worker (grid-fetch-client.ts). */
export interface GridSource {
  fetchDensityGrid(experimentId: number, opts?: DownloadOptions): Promise<GridDownload>;
}

/** One experiment's grid as downloaded, or as stored. */
export interface EncodedGrid {
  readonly experimentId: number;
  readonly source: 'cache' | 'network';
  readonly format: GridFormat;
  /** Only valid during the callback (a view into the stored record or the download). */
  readonly bytes: Uint8Array;
}

/**
 * Decodes a grid where it is needed; throws (anything but an abort) when the bytes are not a
 * whole 132×80×114 density grid. May be async; the queue waits for it before storing. Returns the
 * bytes to store in place of the ones given (a form cheaper to read back), or nothing.
 */
export type GridConsumer = (grid: EncodedGrid, signal: AbortSignal) => GridReplacement | Promise<GridReplacement>;
// void: a consumer with nothing to replace is a plain callback (a block body returns void)
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type
export type GridReplacement = Uint8Array | undefined | void;

export interface LoadOptions {
  readonly signal?: AbortSignal;
  /** Skip cache reads (downloads everything again) and overwrite the cache. */
  readonly reload?: boolean;
  readonly onStatus?: (status: LoadStatus) => void;
  readonly onGrid: GridConsumer;
}

export interface LoadResult {
  /** Ids delivered, in delivery order. */
  readonly loaded: readonly number[];
  /** Subset of `loaded` that came from the cache. */
  readonly fromCache: readonly number[];
  readonly failed: ReadonlyMap<number, AllenError>;
}

/** The part of the Web Locks API the queue uses (navigator.locks in browsers and workers). */
export interface GridLocks {
  request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T>;
}

export interface DownloadQueueOptions {
  readonly client: GridSource;
  /** null = no caching. */
  readonly cache: VolumeCache | null;
  /** Experiments downloading at once (default 4; the client's host cap also applies). */
  readonly concurrency?: number;
  /**
   * Downloads per experiment when decoding fails (a complete but corrupt payload); default 3. After
   * an NRRD that does not decode, the next attempts use the zip route (DESIGN §3: a grid is
   * reported failed only when neither route gives a volume).
   */
  readonly maxDecodeAttempts?: number;
  /** Records per cache read transaction (default 12). */
  readonly cacheBatch?: number;
  /** Cache read transactions in flight ahead of the grids being handed out (default 2). */
  readonly readAhead?: number;
  /** Cross-tab coordination; default navigator.locks where it exists, else none. */
  readonly locks?: GridLocks | null;
}

export interface DownloadQueue {
  load(ids: readonly number[], options: LoadOptions): Promise<LoadResult>;
}

/** Cache kind of grids stored as downloaded. */
export const GRID_KIND = 'grid';

function aborted(): AllenError {
  return new AllenError({ kind: 'aborted', what: 'Loading density volumes', detail: 'the load was cancelled', url: '' });
}

export function formatOf(bytes: Uint8Array): GridFormat | null {
  if (isPackedGrid(bytes)) return 'packed';
  // only the magic bytes are looked at: a stored record is a view into a larger buffer, and
  // copying it whole cost ~0.3 ms per grid on a warm start
  const head = bytes.slice(0, 8).buffer;
  return isNrrd(head) ? 'nrrd' : isZip(head) ? 'zip' : null;
}

function defaultLocks(): GridLocks | null {
  const nav = (globalThis as { navigator?: { locks?: unknown } }).navigator;
  const locks = nav?.locks as GridLocks | undefined;
  return locks && typeof locks.request === 'function' ? locks : null;
}

export function createDownloadQueue(options: DownloadQueueOptions): DownloadQueue {
  const { client, cache } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxDecodeAttempts = Math.max(1, options.maxDecodeAttempts ?? 3);
  const batch = Math.max(1, options.cacheBatch ?? 12);
  const readAhead = Math.max(1, options.readAhead ?? 2);
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  const keyOf = (id: number): string | null => (cache ? cache.key(GRID_KIND, id, 100) : null);

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

    // writes of records (downloads, and older forms rewritten); load() resolves after them
    const writes: Promise<void>[] = [];
    const store = (key: string | null, bytes: Uint8Array): Promise<void> | null => {
      const entry = cache && key ? cache.encode(key, bytes, { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] }) : null;
      return cache && entry ? cache.putEncoded([entry]).then(() => undefined) : null; // putEncoded reports its own errors
    };

    /** Hands a stored record out; false (and the record evicted) when it does not decode. */
    const deliverCached = async (id: number, record: CachedVolume): Promise<boolean> => {
      const format = record.meta.dtype === 'uint8' ? formatOf(record.bytes) : null;
      let ok = false;
      if (format) {
        try {
          const replacement = await opts.onGrid({ experimentId: id, source: 'cache', format, bytes: record.bytes }, signal);
          // an older form (gzip NRRD, zip) is rewritten in the consumer's form, behind the load
          const rewrite = replacement && format !== 'packed' ? store(record.key, replacement) : null;
          if (rewrite) writes.push(rewrite);
          ok = true;
        } catch {
          if (signal.aborted) throw aborted();
        }
      }
      if (!ok) {
        // passed the checksum but does not decode (another writer's record): drop it, download again
        if (cache) await cache.delete(record.key);
        return false;
      }
      emit({ experimentId: id, state: 'cached' });
      loaded.push(id);
      fromCache.push(id);
      emit({ experimentId: id, state: 'done', source: 'cache' });
      return true;
    };

    try {
      for (const id of ids) emit({ experimentId: id, state: 'queued' });

      let misses = ids;
      if (cache && !opts.reload) {
        misses = [];
        // `readAhead` batches are read ahead: their transactions run while this one's grids are
        // handed out (and decoded by the consumer, several at once when it is asynchronous).
        const read = (i: number) => {
          if (i >= ids.length) return null;
          const p = cache.getMany(ids.slice(i, i + batch).map((id) => keyOf(id) ?? ''));
          p.catch(() => undefined); // a read left behind by an abort must not go unhandled
          return p;
        };
        const ahead = Array.from({ length: readAhead }, (_, k) => read(k * batch));
        for (let i = 0; i < ids.length; i += batch) {
          if (signal.aborted) throw aborted();
          const chunk = ids.slice(i, i + batch);
          const tWait = performance.now();
          const records = (await ahead.shift()) ?? [];
          performance.measure('bsv:grid-read-wait', { start: tWait, end: performance.now() });
          ahead.push(read(i + readAhead * batch));
          const tDeliver = performance.now();
          const hits = await Promise.all(
            chunk.map((id, j) => {
              const r = records[j];
              return r ? deliverCached(id, r) : Promise.resolve(false);
            }),
          );
          performance.measure('bsv:grid-deliver-batch', { start: tDeliver, end: performance.now() });
          chunk.forEach((id, j) => {
            if (!hits[j]) misses.push(id);
          });
        }
      }

      /**
       * Downloads one grid; resolves once it is handed out, to its write to the cache (or null).
       * `arrived` is called when a download has come (before it is handed out).
       */
      const download = async (id: number, arrived: () => void): Promise<Promise<void> | null> => {
        let lastError: AllenError | null = null;
        const decodeFailures: string[] = [];
        let route: 'auto' | 'zip' = 'auto';
        for (let attempt = 1; attempt <= maxDecodeAttempts; attempt++) {
          emit({ experimentId: id, state: 'downloading', receivedBytes: 0, totalBytes: null, attempt });
          let got: GridDownload;
          let reported = 0;
          try {
            got = await client.fetchDensityGrid(id, {
              signal,
              route,
              onProgress: (receivedBytes, totalBytes) => {
                reported = receivedBytes;
                emit({ experimentId: id, state: 'downloading', receivedBytes, totalBytes, attempt });
              },
            });
          } catch (e) {
            if (signal.aborted) throw aborted();
            lastError =
              e instanceof AllenError
                ? e
                : new AllenError({ kind: 'network', what: `Download of experiment ${id}`, detail: String(e), url: '', experimentId: id, cause: e });
            break;
          }
          arrived();
          // every byte on the wire counted, whatever progress came (a fetcher's is throttled)
          const wire = got.downloadedBytes ?? got.bytes.byteLength;
          if (reported !== wire) emit({ experimentId: id, state: 'downloading', receivedBytes: wire, totalBytes: wire, attempt });
          emit({ experimentId: id, state: 'decoding', attempt });
          const bytes = new Uint8Array(got.bytes);
          let replacement: GridReplacement;
          try {
            replacement = await opts.onGrid({ experimentId: id, source: 'network', format: got.format, bytes }, signal);
          } catch (e) {
            if (signal.aborted) {
              // it arrived whole (a fetcher packs only a grid that decoded whole) but the job was
              // cancelled before using it (an atlas failure cancels the means): keep it, so that
              // Retry does not download it again
              const keep = got.format === 'packed' && isPackedGrid(bytes) ? store(keyOf(id), bytes) : null;
              if (keep) writes.push(keep);
              throw aborted();
            }
            decodeFailures.push(`the ${got.format} payload from ${got.url} does not decode (${e instanceof Error ? e.message : String(e)})`);
            lastError = new AllenError({
              kind: 'validation',
              what: `Decoding experiment ${id}`,
              detail: decodeFailures.join('; then '),
              url: got.url,
              experimentId: id,
              attempts: attempt,
              cause: e,
            });
            // an NRRD that arrived whole but does not decode: ask the zip route next
            route = 'zip';
            continue;
          }
          loaded.push(id);
          emit({ experimentId: id, state: 'done', source: 'network' });
          // the bytes decoded to a whole grid: keep the consumer's form of it, else them as downloaded
          return store(keyOf(id), replacement ?? bytes);
        }
        const error =
          lastError ?? new AllenError({ kind: 'empty', what: `Download of experiment ${id}`, detail: 'nothing was attempted', url: '', experimentId: id });
        failed.set(id, error);
        emit({ experimentId: id, state: 'failed', error });
        return null;
      };

      // A download slot moves on once its grid has arrived (or, with `concurrency` grids already
      // waiting to be taken, once it is handed out); the hand-out and the write to IndexedDB
      // finish behind it (the write under the grid's lock, so another tab waiting for the lock
      // finds the record). load() resolves after every hand-out and write.
      let waiting = 0;
      const handOuts: Promise<void>[] = [];

      /**
       * One grid, under a Web Lock when there are locks (another tab may have stored it while we
       * waited). Resolves when its slot is free; the rest is in `handOuts`.
       */
      const loadOne = (id: number): Promise<void> =>
        new Promise<void>((slotFree, fail) => {
          let early = false;
          const arrived = (): void => {
            if (early || waiting >= concurrency) return;
            early = true;
            waiting++;
            slotFree();
          };
          const run = locks
            ? locks.request(`bsv-grid-${id}`, { signal }, async () => {
                const key = keyOf(id);
                const stored = cache && key && !opts.reload ? await cache.get(key) : null;
                if (stored && (await deliverCached(id, stored))) return;
                const write = await download(id, arrived);
                slotFree();
                await write;
              })
            : download(id, arrived).then((write) => {
                if (write) writes.push(write);
              });
          const whole = run.finally(() => {
            if (early) waiting--;
          });
          whole.then(() => slotFree(), fail);
          handOuts.push(whole);
          whole.catch(() => undefined); // awaited below; a failure after the slot moved on must not go unhandled
        });

      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < misses.length) {
          if (signal.aborted) throw aborted();
          const id = misses[next++];
          if (id !== undefined) await loadOne(id);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, misses.length) }, worker));
        await Promise.all(handOuts);
        await Promise.all(writes);
      } catch (e) {
        ctl.abort(e);
        if (signal.aborted && !(e instanceof AllenError)) throw aborted();
        throw e;
      }
      return { loaded, fromCache, failed };
    } finally {
      opts.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  return { load };
}
