// A link's stored first frame at its first AP, read by the main thread itself at t = 0 of a repeat
// visit: one read-only get of a small record (0.1–0.2 MB for a 4-source CP link, 1/30 of the whole
// snapshot) from the volume cache's IndexedDB store,
// started before React renders and before the worker has even loaded (through the worker, the
// whole 5.6 MB snapshot of a 4-source CP link took 0.5 of the 0.77 s a repeat URL needed to its
// first frame). The worker still owns the cache: it writes both records, keeps its index, evicts,
// pins both while they are shown, and reads the whole snapshot only when this one is not enough
// (use-frame-snapshot.ts), which this read says may exist: without a first-AP record it looks up
// the whole one's key in the same transaction. The key and the record's format are the shared ones of src/protocol
// (cache-key.ts, volume-record.ts, digest.ts); the read is cache-record-read.ts's, and any
// failure is a miss: the pipeline computes the frame as on a first visit.
import { allenConfig } from '../config/allen.ts';
import { frameSnapshotKeys } from '../protocol/digest.ts';
import { readCacheRecordOr } from './cache-record-read.ts';

/** The cache key of a link's stored first-AP frame (as the worker's cache.key('frame', id, 1) builds it). */
export async function storedFirstApKey(requestKey: string, release = allenConfig.release): Promise<string> {
  return (await frameSnapshotKeys(release, requestKey)).firstAp;
}

export interface StoredFirstAp {
  /** The stored first-AP frame's bytes (the record's payload, checked: magic, schema, length, checksum), or null. */
  readonly bytes: Uint8Array | null;
  /**
   * Whether the link's whole snapshot may be stored: looked up in the same transaction (not read)
   * when there is no first-AP record, which usually means a new link, and the worker's read of the
   * whole one is then skipped; true when there is one (both are written together).
   */
  readonly wholeStored: boolean;
}

/** The stored first-AP frame of a link, and whether its whole snapshot is stored. */
export async function readStoredFirstAp(requestKey: string, factory: IDBFactory | undefined = globalThis.indexedDB): Promise<StoredFirstAp> {
  // the keys' digest and the database's open run side by side
  const keys = frameSnapshotKeys(allenConfig.release, requestKey);
  const read = await readCacheRecordOr(
    keys.then((k) => k.firstAp),
    keys.then((k) => k.whole),
    factory,
  );
  return { bytes: read.bytes, wholeStored: read.fallbackStored };
}
