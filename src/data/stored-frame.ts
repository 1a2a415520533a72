// A link's stored first frame at its first AP, read by the main thread itself at t = 0 of a repeat
// visit: one read-only get of a small record (0.1–0.2 MB for a 4-source CP link, 1/30 of the whole
// snapshot) from the volume cache's IndexedDB store,
// started before React renders and before the worker has even loaded (through the worker, the
// whole 5.6 MB snapshot of a 4-source CP link took 0.5 of the 0.77 s a repeat URL needed to its
// first frame). This is the one record the main thread reads there; the worker still owns the
// cache: it writes both records, keeps its index, evicts, pins both while they are shown, and
// reads the whole snapshot only when this one is not enough (use-frame-snapshot.ts). The key and the record's format are the shared ones of
// src/protocol (cache-key.ts, volume-record.ts, digest.ts). A database that does not exist yet is
// not created here (the upgrade is aborted), and any failure is a miss: the pipeline computes the
// frame as on a first visit.
import { allenConfig } from '../config/allen.ts';
import { CACHE_DB_NAME, CACHE_SCHEMA_VERSION, CACHE_STORE_NAME } from '../protocol/cache-key.ts';
import { frameSnapshotKeys } from '../protocol/digest.ts';
import { decodeVolumeRecord } from '../protocol/volume-record.ts';

/** The cache key of a link's stored first-AP frame (as the worker's cache.key('frame', id, 1) builds it). */
export async function storedFirstApKey(requestKey: string, release = allenConfig.release): Promise<string> {
  return (await frameSnapshotKeys(release, requestKey)).firstAp;
}

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

/** The stored first-AP frame's bytes (the record's payload, checked: magic, schema, length, checksum), or null. */
export async function readStoredFirstAp(requestKey: string, factory: IDBFactory | undefined = globalThis.indexedDB): Promise<Uint8Array | null> {
  if (!factory) return null;
  const [key, db] = await Promise.all([storedFirstApKey(requestKey), openExisting(factory)]);
  if (!db) return null;
  // another connection clearing or upgrading the cache is never blocked by this one
  db.onversionchange = () => db.close();
  try {
    const value = await new Promise<unknown>((resolve, reject) => {
      const get = db.transaction(CACHE_STORE_NAME, 'readonly').objectStore(CACHE_STORE_NAME).get(key);
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
