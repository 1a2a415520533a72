// One record of the volume cache read by the main thread itself, straight from IndexedDB, before
// the worker (the cache's owner) has even loaded: a link's stored first frame (stored-frame.ts) and
// the page's stored picture (page-picture.ts). Read-only: a database that does not exist yet is not
// created here (the upgrade is aborted), another connection clearing or upgrading the cache is
// never blocked, and any failure is a miss. The record's format is protocol/volume-record.ts's.
import { CACHE_DB_NAME, CACHE_SCHEMA_VERSION, CACHE_STORE_NAME } from '../protocol/cache-key.ts';
import { decodeVolumeRecord } from '../protocol/volume-record.ts';

function openExisting(factory: IDBFactory): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(CACHE_DB_NAME);
    } catch {
      resolve(null);
      return;
    }
    // no database yet: nothing is stored, and creating it is the worker's cache's job
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
  });
}

/** The payload of the record under `key` (checked: magic, schema, length, checksum), or null. */
export async function readCacheRecord(key: string | Promise<string>, factory: IDBFactory | undefined = globalThis.indexedDB): Promise<Uint8Array | null> {
  return (await readCacheRecordOr(key, null, factory)).bytes;
}

export interface CacheRecordRead {
  /** The payload of the record read (checked), or null. */
  readonly bytes: Uint8Array | null;
  /**
   * Whether the fallback's record may be there: looked up (not read, not checked) in the same
   * transaction only when `key` has no record; true when it has (not looked up: no second round
   * trip before the record is answered) and when the read failed (unknown: the cache's owner may
   * look); false when there is no cache at all.
   */
  readonly fallbackStored: boolean;
}

/** The payload under `key`, and whether a record may be under `fallback` (see CacheRecordRead). */
export async function readCacheRecordOr(
  key: string | Promise<string>,
  fallback: string | Promise<string> | null,
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<CacheRecordRead> {
  if (!factory) return { bytes: null, fallbackStored: false };
  const [k, f, db] = await Promise.all([key, fallback, openExisting(factory)]);
  if (!db) return { bytes: null, fallbackStored: false };
  // another connection clearing or upgrading the cache is never blocked by this one
  db.onversionchange = () => db.close();
  try {
    const [value, fallbackStored] = await new Promise<[unknown, boolean]>((resolve, reject) => {
      const store = db.transaction(CACHE_STORE_NAME, 'readonly').objectStore(CACHE_STORE_NAME);
      const get = store.get(k);
      get.onerror = () => reject(get.error ?? new Error('read failed'));
      get.onsuccess = () => {
        if (get.result !== undefined || f === null) {
          resolve([get.result, get.result !== undefined]);
          return;
        }
        const counted = store.count(f);
        counted.onsuccess = () => resolve([undefined, counted.result > 0]);
        counted.onerror = () => reject(counted.error ?? new Error('read failed'));
      };
    });
    if (value === undefined) return { bytes: null, fallbackStored };
    const check = decodeVolumeRecord(value, CACHE_SCHEMA_VERSION);
    return { bytes: check.ok ? check.record.bytes : null, fallbackStored };
  } catch {
    return { bytes: null, fallbackStored: f !== null };
  } finally {
    db.close();
  }
}
