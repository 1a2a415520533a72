// Public types of the volume cache and quota-error detection.
import type { UseStore } from 'idb-keyval';
import type { VolumeKeyParts, VolumeKind } from './cache-key.ts';
import type { VolumeMeta } from './volume-record.ts';

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
}

export type CacheStatus = 'ok' | { readonly disabled: string };

export interface CacheProblem {
  readonly kind: 'quota' | 'unavailable' | 'corrupt' | 'failed';
  readonly message: string;
  readonly key?: string;
  readonly error?: unknown;
}

export type PutOutcome = 'stored' | 'rejected' | 'disabled' | 'failed';

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
