// IndexedDB cache of volumes (idb-keyval, own database "bsv-cache", store "volumes"). Values are
// binary records (volume-record.ts), never JSON. Every read is validated (magic, schema version,
// length, checksum); a bad record is evicted and reported, and null is returned: callers never
// get a bad buffer. Errors are never thrown to callers: a quota error switches the cache to
// "disabled" (writes skipped, reads still served), reported through status() and onError.
// Reload bypass: the cache is not consulted on reload — callers (the download queue) skip get()
// and overwrite with put().
// Size limit: an in-memory index (cache-index.ts: bytes, kind, last use) decides what a write over
// the limit evicts — least recently used first, never a pinned entry (a running job's or a shown
// view's). Last-used times sit in the 48-byte index entries (cache-key.ts), written with each volume and, for reads, in
// one transaction shortly after (a read never rewrites the volume). Writes go one batch at a time.
import { promisifyRequest } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { describeError, isQuotaError } from './cache-types.ts';
import { createYieldingStore } from './yielding-store.ts';
import type { CacheEntryInfo, CachedVolume, CacheProblem, EncodedEntry, PutOutcome, VolumeCache, VolumeCacheOptions } from './cache-types.ts';
import {
  CACHE_DB_NAME,
  CACHE_SCHEMA_VERSION,
  CACHE_STORE_NAME,
  DEFAULT_RELEASE,
  LAST_USED_OFFSET,
  META_PREFIX,
  RETIRED_KINDS,
  SETTINGS_PREFIX,
  buildVolumeKey,
  metaKeyOf,
  parseVolumeKey,
} from '../../protocol/cache-key.ts';
import { createLimitKeeper } from './cache-limit.ts';
import { repairStore } from './cache-repair.ts';
import { HEADER_BYTES, decodeVolumeRecord, encodeVolumeRecord, readRecordHeader } from '../../protocol/volume-record.ts';
import type { VolumeMeta } from '../../protocol/volume-record.ts';

export { isQuotaError };

const LIMIT_KEY = `${SETTINGS_PREFIX}size-limit`;

/**
 * Writes records (and their header-only index entries) in one transaction, one record per task:
 * IDBObjectStore.put structured-clones its value synchronously on the calling thread (~10 ms per
 * 4.8 MB volume here), so issuing the next put from the previous one's success callback keeps
 * the main thread responsive where a batch of 12 puts in one go blocked it for 150–500 ms.
 * Resolves when the transaction commits; rejects (and aborts it) on the first error.
 */
function putChained(s: IDBObjectStore, entries: readonly EncodedEntry[], now: number): Promise<void> {
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
        const header = entry.record.slice(0, HEADER_BYTES);
        new DataView(header).setFloat64(LAST_USED_OFFSET, now, true);
        s.put(header, metaKeyOf(entry.key));
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
  const now = options.now ?? Date.now;
  const damaged = new Set<string>();
  let rewritten = 0;
  let disabled: string | null = null;
  let store: UseStore | null = options.store ?? null;
  let unavailable = false;
  if (!store) {
    try {
      if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
      store = createYieldingStore(CACHE_DB_NAME, CACHE_STORE_NAME);
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
    damaged.add(key);
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
      for (const k of keys) limits.index.remove(k);
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
      if (check.ok) {
        out[i] = { key: k, meta: check.record.meta, bytes: check.record.bytes };
        limits.touch(k);
      } else bad.push({ key: k, reason: check.reason });
    });
    for (const b of bad) await evict(b.key, b.reason);
    return out;
  }

  function encode(key: string, payload: ArrayBuffer | ArrayBufferView, meta: VolumeMeta): EncodedEntry | null {
    if (!isCurrent(key)) return null;
    const record = encodeVolumeRecord(payload, meta, schemaVersion);
    return record ? { key, record } : null;
  }

  const limits = createLimitKeeper({
    store: () => (unavailable ? null : store),
    writable: () => disabled === null,
    now,
    list: () => list(),
    remove,
    report,
    fail,
    limitBytes: options.limitBytes ?? null,
    usedFlushMs: options.usedFlushMs ?? 1000,
  });

  let writes: Promise<unknown> = Promise.resolve();
  /** Batches are written one at a time (so each sees the sizes the previous one left). */
  function putEncoded(entries: readonly EncodedEntry[]): Promise<PutOutcome[]> {
    const run = writes.then(() => putEncodedNow(entries));
    writes = run.catch(() => undefined);
    return run;
  }

  async function putEncodedNow(entries: readonly EncodedEntry[]): Promise<PutOutcome[]> {
    const outcomes: PutOutcome[] = entries.map(() => 'failed');
    for (let start = 0; start < entries.length; start += batchSize) {
      const offered = entries.slice(start, start + batchSize);
      if (disabled !== null || !store) {
        offered.forEach((_, j) => (outcomes[start + j] = 'disabled'));
        continue;
      }
      const batch = await limits.makeRoom(offered);
      offered.forEach((e, j) => {
        if (!batch.includes(e)) outcomes[start + j] = 'over-limit';
      });
      if (batch.length === 0) continue;
      try {
        const at = now();
        await store('readwrite', (s) => putChained(s, batch, at));
        for (const e of batch) {
          limits.index.set(e.key, e.record.byteLength, parseVolumeKey(e.key)?.kind ?? null, at);
          if (damaged.delete(e.key)) rewritten++;
        }
        offered.forEach((e, j) => {
          if (batch.includes(e)) outcomes[start + j] = 'stored';
        });
      } catch (e) {
        fail(e, `writing ${batch.length} volumes`, batch[0]?.key);
        offered.forEach((entry, j) => {
          if (batch.includes(entry)) outcomes[start + j] = disabled !== null ? 'disabled' : 'failed';
        });
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
          lastUsed: header instanceof ArrayBuffer && header.byteLength >= HEADER_BYTES ? new DataView(header).getFloat64(LAST_USED_OFFSET, true) || 0 : 0,
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
    touch: (keys) => {
      for (const k of keys) if (isCurrent(k)) limits.touch(k);
    },
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
          // everything but the settings (the size limit the user chose survives a clear)
          s.delete(IDBKeyRange.upperBound(SETTINGS_PREFIX, true));
          s.delete(IDBKeyRange.lowerBound(`${SETTINGS_PREFIX}\uffff`, true));
          return promisifyRequest(s.transaction);
        });
        limits.cleared();
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
    repair: async (pause) => {
      if (!store || unavailable) return { checked: 0, unknown: 0, stale: 0, damaged: 0, damagedKeys: [], orphans: 0, bytesRead: 0, ms: 0, pausedMs: 0 };
      const r = await repairStore({ store, schemaVersion, isCurrent, remove, pause });
      for (const k of r.damagedKeys) damaged.add(k);
      return r;
    },
    setLimit: (bytes) => limits.setLimit(bytes),
    async readLimitSetting() {
      if (!store || unavailable) return null;
      const v: unknown = await store('readonly', (s) => promisifyRequest(s.get(LIMIT_KEY))).catch(() => undefined);
      return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
    },
    async writeLimitSetting(bytes) {
      if (!store || unavailable) return;
      try {
        await store('readwrite', (s) => {
          if (bytes === null) s.delete(LIMIT_KEY);
          else s.put(bytes, LIMIT_KEY);
          return promisifyRequest(s.transaction);
        });
      } catch (e) {
        fail(e, 'storing the size limit');
      }
    },
    pin: (owner, keys) => limits.index.pin(owner, keys),
    unpin: (owner) => limits.index.unpin(owner),
    async stats() {
      if (store && !unavailable) await limits.loadIndex().catch(() => undefined);
      const byKind = [...limits.index.byKind()].map(([kind, v]) => ({ kind, ...v }));
      return {
        count: limits.index.size(),
        bytes: limits.index.totalBytes(),
        byKind,
        limitBytes: limits.limit(),
        evicted: { ...limits.evicted },
        overLimit: limits.overLimit(),
        damaged: { removed: damaged.size + rewritten, rewritten },
      };
    },
    flushUsed: () => limits.flushUsed(),
    status: () => (disabled === null ? 'ok' : { disabled }),
  };
}
