// Public types of the volume cache and quota-error detection.
import type { UseStore } from 'idb-keyval';
import type { VolumeKeyParts, VolumeKind } from '../../protocol/cache-key.ts';
import type { VolumeMeta } from '../../protocol/volume-record.ts';
import type { RepairReport } from './cache-repair.ts';

export interface CachedVolume {
  readonly key: string;
  readonly meta: VolumeMeta;
  /** Payload view into the stored record (byteOffset 48, 8-aligned). Transfer `bytes.buffer` freely. */
  readonly bytes: Uint8Array;
}

export interface CacheEntryInfo {
  readonly key: string;
  readonly parts: VolumeKeyParts | null;
  readonly meta: VolumeMeta | null;
  /** Bytes of the stored record (header + payload). */
  readonly bytes: number;
  /** False for entries of another schema version or data release (never served). */
  readonly current: boolean;
  /** When it was last used (ms since the epoch; 0 = not recorded). */
  readonly lastUsed: number;
}

export type CacheStatus = 'ok' | { readonly disabled: string };

export interface CacheProblem {
  readonly kind: 'quota' | 'unavailable' | 'corrupt' | 'failed';
  readonly message: string;
  readonly key?: string;
  readonly error?: unknown;
}

/** 'over-limit': not written, the size limit is reached and everything else is pinned (in use). */
export type PutOutcome = 'stored' | 'rejected' | 'disabled' | 'failed' | 'over-limit';

/** What the cache holds and what it did this session (the cache panel). */
export interface CacheStats {
  readonly count: number;
  readonly bytes: number;
  readonly byKind: ReadonlyArray<{ readonly kind: VolumeKind | 'unknown'; readonly count: number; readonly bytes: number }>;
  /** The size limit in force, bytes (null: none). */
  readonly limitBytes: number | null;
  /** Least recently used entries evicted to stay under the limit. */
  readonly evicted: { readonly count: number; readonly bytes: number };
  /** Writes skipped because the limit was reached and the rest was in use. */
  readonly overLimit: number;
  /** Damaged entries removed (repair scan and reads), and how many of those were written again since. */
  readonly damaged: { readonly removed: number; readonly rewritten: number };
}

/** A record encoded (payload copied) and ready to write. */
export interface EncodedEntry {
  readonly key: string;
  readonly record: ArrayBuffer;
}

export interface VolumeCacheOptions {
  /** Defaults to createYieldingStore('bsv-cache', 'volumes'). Tests inject fakes. */
  readonly store?: UseStore;
  readonly schemaVersion?: number;
  readonly release?: string;
  /** Volumes per write transaction in putMany (default 12). */
  readonly batchSize?: number;
  readonly onError?: (problem: CacheProblem) => void;
  /** Size limit in bytes (default none; setLimit changes it). */
  readonly limitBytes?: number | null;
  /** Clock of the last-used times (tests). */
  readonly now?: () => number;
  /** Last-used times of reads are written this long after the read, in one transaction (default 1000 ms). */
  readonly usedFlushMs?: number;
}

export interface VolumeCache {
  readonly schemaVersion: number;
  readonly release: string;
  /** Key for this cache's schema version and release. */
  key(kind: VolumeKind, id: string | number, resolution: number): string;
  get(key: string): Promise<CachedVolume | null>;
  /** One read transaction; null for misses, stale keys and evicted bad records. */
  getMany(keys: readonly string[]): Promise<Array<CachedVolume | null>>;
  /** Copies the payload into a record synchronously (so the caller may transfer it right after). */
  encode(key: string, payload: ArrayBuffer | ArrayBufferView, meta: VolumeMeta): EncodedEntry | null;
  put(key: string, payload: ArrayBuffer | ArrayBufferView, meta: VolumeMeta): Promise<PutOutcome>;
  putMany(
    entries: ReadonlyArray<{
      key: string;
      payload: ArrayBuffer | ArrayBufferView;
      meta: VolumeMeta;
    }>,
  ): Promise<PutOutcome[]>;
  /** Writes already-encoded records, batchSize per transaction. */
  putEncoded(entries: readonly EncodedEntry[]): Promise<PutOutcome[]>;
  delete(key: string): Promise<void>;
  clear(): Promise<void>;
  /** Index of stored volumes (headers only, no payload reads). */
  list(): Promise<CacheEntryInfo[]>;
  usage(): Promise<{ count: number; bytes: number }>;
  /** Deletes entries of other schema versions or releases; returns how many. */
  purgeStale(): Promise<number>;
  /** Removes unknown, stale and damaged entries (full validation of every record); see cache-repair.ts. */
  repair(pause?: () => Promise<void>): Promise<RepairReport>;
  /** The limit in force from now on (null: none); evicts unpinned entries at once when over it. */
  setLimit(bytes: number | null): Promise<void>;
  /** The user's stored limit (a small settings record), or null when never set. */
  readLimitSetting(): Promise<number | null>;
  writeLimitSetting(bytes: number | null): Promise<void>;
  /** Entries `owner` (a job, the shown view) uses: never evicted until unpinned or pinned anew. */
  pin(owner: string, keys: Iterable<string>): void;
  unpin(owner: string): void;
  stats(): Promise<CacheStats>;
  /** Marks current entries as used now, for reads made outside this cache (a link's first frame, read by the main thread). */
  touch(keys: readonly string[]): void;
  /** Writes pending last-used times now (otherwise shortly after the reads). */
  flushUsed(): Promise<void>;
  status(): CacheStatus;
}

/** QuotaExceededError, also when wrapped (cause / inner / error) or only named in the message. */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const e = error as {
    name?: unknown;
    message?: unknown;
    cause?: unknown;
    inner?: unknown;
    error?: unknown;
  };
  if (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  if (typeof e.message === 'string' && /quota/i.test(e.message)) return true;
  return [e.cause, e.inner, e.error].some((inner) => isQuotaError(inner, depth + 1));
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
