import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { allenConfig } from '../config/allen.ts';
import { CACHE_SCHEMA_VERSION } from '../protocol/cache-key.ts';
import { frameSnapshotKeys } from '../protocol/digest.ts';
import { encodeVolumeRecord } from '../protocol/volume-record.ts';
import { readStoredFirstAp, storedFirstApKey } from './stored-frame.ts';

// The worker writes these records (backend/frame-snapshots.ts; its test checks it uses this key);
// here they are written as the cache stores them: a volume record under the shared key.
const request = '{"target":"CP","sources":["MOp"]}';
const firstAp = Uint8Array.from({ length: 200 }, (_, i) => (i * 13) & 255);

function put(key: string, value: ArrayBuffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('bsv-cache');
    open.onupgradeneeded = () => open.result.createObjectStore('volumes');
    open.onsuccess = () => {
      const tx = open.result.transaction('volumes', 'readwrite');
      tx.objectStore('volumes').put(value, key);
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

const record = (bytes: Uint8Array): ArrayBuffer => {
  const r = encodeVolumeRecord(bytes, { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] }, CACHE_SCHEMA_VERSION);
  if (!r) throw new Error('not encodable');
  return r;
};

describe('stored first frame, read by the main thread', () => {
  it('reads the record stored under the shared key; another request is a miss', async () => {
    await put(await storedFirstApKey(request), record(firstAp));
    expect((await readStoredFirstAp(request)).bytes).toEqual(firstAp);
    expect((await readStoredFirstAp('{"target":"CP","sources":["SSp"]}')).bytes).toBeNull();
  });

  it('without a first-AP record, says whether the whole snapshot is stored (looked up in the same read, not read)', async () => {
    const other = '{"target":"ACB","sources":["MOp"]}';
    expect(await readStoredFirstAp(other)).toEqual({ bytes: null, wholeStored: false });
    // an older record: the whole snapshot without a first-AP one
    await put((await frameSnapshotKeys(allenConfig.release, other)).whole, record(Uint8Array.of(1, 2, 3)));
    expect(await readStoredFirstAp(other)).toEqual({ bytes: null, wholeStored: true });
    await put(await storedFirstApKey(other), record(firstAp));
    expect(await readStoredFirstAp(other)).toEqual({ bytes: firstAp, wholeStored: true });
    // with a first-AP record the whole one is not looked up (both are written together)
    const third = '{"target":"ACB","sources":["SSp"]}';
    await put(await storedFirstApKey(third), record(firstAp));
    expect(await readStoredFirstAp(third)).toEqual({ bytes: firstAp, wholeStored: true });
  });

  it('a damaged record is a miss, not a frame', async () => {
    const bad = record(firstAp);
    const bytes = new Uint8Array(bad);
    bytes[60] = (bytes[60] ?? 0) ^ 0xff;
    await put(await storedFirstApKey(request), bad);
    expect((await readStoredFirstAp(request)).bytes).toBeNull();
  });

  it('never creates the cache database: a browser without one reads nothing and still has none', async () => {
    const factory = new IDBFactory();
    expect(await readStoredFirstAp(request, factory)).toEqual({ bytes: null, wholeStored: false });
    expect((await factory.databases()).map((d) => d.name)).not.toContain('bsv-cache');
  });
});
