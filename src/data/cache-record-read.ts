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
  if (!factory) return null;
  const [k, db] = await Promise.all([key, openExisting(factory)]);
  if (!db) return null;
  // another connection clearing or upgrading the cache is never blocked by this one
  db.onversionchange = () => db.close();
  try {
    const value = await new Promise<unknown>((resolve, reject) => {
      const get = db.transaction(CACHE_STORE_NAME, 'readonly').objectStore(CACHE_STORE_NAME).get(k);
      get.onsuccess = () => resolve(get.result);
      get.onerror = () => reject(get.error ?? new Error('read failed'));
    });
    if (value === undefined) return null;
    const check = decodeVolumeRecord(value, CACHE_SCHEMA_VERSION);
    return check.ok ? check.record.bytes : null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}
