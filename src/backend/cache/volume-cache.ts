// IndexedDB cache of volumes (idb-keyval, own database "bsv-cache", store "volumes"). Values are
// binary records (volume-record.ts), never JSON. Every read is validated (magic, schema version,
// length, checksum); a bad record is evicted and reported, and null is returned: callers never
// get a bad buffer. Errors are never thrown to callers: a quota error switches the cache to
// "disabled" (writes skipped, reads still served), reported through status() and onError.
// Reload bypass: the cache is not consulted on reload — callers (the download queue) skip get()
// and overwrite with put().
import { promisifyRequest } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { describeError, isQuotaError } from './cache-types.ts';
import { createYieldingStore } from './yielding-store.ts';
import type { CacheEntryInfo, CachedVolume, CacheProblem, EncodedEntry, PutOutcome, VolumeCache, VolumeCacheOptions } from './cache-types.ts';
import { CACHE_SCHEMA_VERSION, DEFAULT_RELEASE, META_PREFIX, RETIRED_KINDS, buildVolumeKey, metaKeyOf, parseVolumeKey } from './cache-key.ts';
import { HEADER_BYTES, decodeVolumeRecord, encodeVolumeRecord, readRecordHeader } from './volume-record.ts';
import type { VolumeMeta } from './volume-record.ts';

export { isQuotaError };

/**
 * Writes records (and their header-only index entries) in one transaction, one record per task:
 * IDBObjectStore.put structured-clones its value synchronously on the calling thread (~10 ms per
 * 4.8 MB volume here), so issuing the next put from the previous one's success callback keeps
 * the main thread responsive where a batch of 12 puts in one go blocked it for 150–500 ms.
 * Resolves when the transaction commits; rejects (and aborts it) on the first error.
 */
function putChained(s: IDBObjectStore, entries: readonly EncodedEntry[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const tx = s.transaction;
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('cache write transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('cache write failed'));
    let i = 0;
    const next = (): void => {
      const entry = entries[i++];
      if (!entry) return;
      try {
        const req = s.put(entry.record, entry.key);
        s.put(entry.record.slice(0, HEADER_BYTES), metaKeyOf(entry.key));
        req.onsuccess = next;
      } catch (e) {
        reject(e);
        try {
          tx.abort();
        } catch {
          // the transaction already finished
        }
      }
    };
    next();
  });
}

export function createVolumeCache(options: VolumeCacheOptions = {}): VolumeCache {
  const schemaVersion = options.schemaVersion ?? CACHE_SCHEMA_VERSION;
  const release = options.release ?? DEFAULT_RELEASE;
  const batchSize = Math.max(1, options.batchSize ?? 12);
  let disabled: string | null = null;
  let store: UseStore | null = options.store ?? null;
  let unavailable = false;
  if (!store) {
    try {
      if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
      store = createYieldingStore('bsv-cache', 'volumes');
    } catch (e) {
      unavailable = true;
      disabled = `IndexedDB is not available (${describeError(e)}); volumes will be downloaded every time`;
    }
  }

  const report = (problem: CacheProblem): void => {
    try {
      options.onError?.(problem);
    } catch {
      // A failing listener must not break the cache.
    }
  };

  const fail = (e: unknown, what: string, key?: string): void => {
    if (isQuotaError(e)) {
      if (disabled === null) disabled = `storage quota exceeded while ${what}; caching is off for this session`;
      report({ kind: 'quota', message: disabled, key, error: e });
    } else {
      report({
        kind: 'failed',
        message: `cache error while ${what}: ${describeError(e)}`,
        key,
        error: e,
      });
    }
  };

  const isCurrent = (key: string): boolean => {
    const p = parseVolumeKey(key);
    return p !== null && p.schemaVersion === schemaVersion && p.release === release && !RETIRED_KINDS.includes(p.kind);
  };

  async function evict(key: string, reason: string): Promise<void> {
    report({
      kind: 'corrupt',
      message: `cached ${key} was invalid (${reason}) and was removed`,
      key,
    });
    await remove([key]);
  }

  async function remove(keys: readonly string[]): Promise<void> {
    if (!store || keys.length === 0) return;
    try {
      await store('readwrite', (s) => {
        for (const k of keys) {
          s.delete(k);
          s.delete(metaKeyOf(k));
        }
        return promisifyRequest(s.transaction);
      });
    } catch (e) {
      fail(e, `deleting ${keys.length} entries`);
    }
  }

  async function getMany(keys: readonly string[]): Promise<Array<CachedVolume | null>> {
    const out: Array<CachedVolume | null> = keys.map(() => null);
    if (!store || unavailable) return out;
    const wanted = keys.map((k, i) => ({ k, i })).filter(({ k }) => isCurrent(k));
    if (wanted.length === 0) return out;
    let values: unknown[];
    try {
      values = await store('readonly', (s) => Promise.all(wanted.map(({ k }) => promisifyRequest(s.get(k)))));
    } catch (e) {
      fail(e, `reading ${wanted.length} volumes`);
      return out;
    }
    const bad: Array<{ key: string; reason: string }> = [];
    wanted.forEach(({ k, i }, j) => {
      const value = values[j];
      if (value === undefined) return;
      const check = decodeVolumeRecord(value, schemaVersion);
      if (check.ok) out[i] = { key: k, meta: check.record.meta, bytes: check.record.bytes };
      else bad.push({ key: k, reason: check.reason });
    });
    for (const b of bad) await evict(b.key, b.reason);
    return out;
  }

  function encode(key: string, payload: ArrayBuffer | ArrayBufferView, meta: VolumeMeta): EncodedEntry | null {
    if (!isCurrent(key)) return null;
    const record = encodeVolumeRecord(payload, meta, schemaVersion);
    return record ? { key, record } : null;
  }

  async function putEncoded(entries: readonly EncodedEntry[]): Promise<PutOutcome[]> {
    const outcomes: PutOutcome[] = entries.map(() => 'failed');
    for (let start = 0; start < entries.length; start += batchSize) {
      const batch = entries.slice(start, start + batchSize);
      if (disabled !== null || !store) {
        batch.forEach((_, j) => (outcomes[start + j] = 'disabled'));
        continue;
      }
      try {
        await store('readwrite', (s) => putChained(s, batch));
        batch.forEach((_, j) => (outcomes[start + j] = 'stored'));
      } catch (e) {
        fail(e, `writing ${batch.length} volumes`, batch[0]?.key);
        batch.forEach((_, j) => (outcomes[start + j] = disabled !== null ? 'disabled' : 'failed'));
      }
    }
    return outcomes;
  }

  async function putMany(
    entries: ReadonlyArray<{
      key: string;
      payload: ArrayBuffer | ArrayBufferView;
      meta: VolumeMeta;
    }>,
  ): Promise<PutOutcome[]> {
    const encoded = entries.map((e) => encode(e.key, e.payload, e.meta));
    const valid = encoded.filter((e): e is EncodedEntry => e !== null);
    const written = await putEncoded(valid);
    let w = 0;
    return encoded.map((e) => (e === null ? 'rejected' : (written[w++] ?? 'failed')));
  }

  async function list(): Promise<CacheEntryInfo[]> {
    if (!store || unavailable) return [];
    try {
      const metas = await store('readonly', (s) => {
        const found: Array<{ key: string; header: unknown }> = [];
        const req = s.openCursor(IDBKeyRange.bound(META_PREFIX, `${META_PREFIX}\uffff`));
        return new Promise<typeof found>((resolve, reject) => {
          req.onsuccess = () => {
            const cursor = req.result;
            if (!cursor) {
              resolve(found);
              return;
            }
            found.push({ key: String(cursor.key).slice(META_PREFIX.length), header: cursor.value });
            cursor.continue();
          };
          req.onerror = () => reject(req.error);
        });
      });
      return metas.map(({ key, header }) => {
        const parts = parseVolumeKey(key);
        const head = parts ? readRecordHeader(header, parts.schemaVersion) : null;
        const meta = head?.ok ? head.meta : null;
        return {
          key,
          parts,
          meta,
          bytes: head?.ok ? HEADER_BYTES + head.payloadBytes : 0,
          current: isCurrent(key),
        };
      });
    } catch (e) {
      fail(e, 'listing the cache');
      return [];
    }
  }

  return {
    schemaVersion,
    release,
    key: (kind, id, resolution) => buildVolumeKey({ schemaVersion, release, kind, id: String(id), resolution }),
    get: async (key) => (await getMany([key]))[0] ?? null,
    getMany,
    encode,
    put: async (key, payload, meta) => (await putMany([{ key, payload, meta }]))[0] ?? 'failed',
    putMany,
    putEncoded,
    delete: (key) => remove([key]),
    async clear() {
      if (!store || unavailable) return;
      try {
        await store('readwrite', (s) => {
          s.clear();
          return promisifyRequest(s.transaction);
        });
      } catch (e) {
        fail(e, 'clearing the cache');
      }
    },
    list,
    async usage() {
      const entries = await list();
      return { count: entries.length, bytes: entries.reduce((a, e) => a + e.bytes, 0) };
    },
    async purgeStale() {
      const stale = (await list()).filter((e) => !e.current).map((e) => e.key);
      await remove(stale);
      return stale.length;
    },
    status: () => (disabled === null ? 'ok' : { disabled }),
  };
}
