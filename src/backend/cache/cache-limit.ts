// The size limit of the volume cache: an in-memory index (cache-index.ts: bytes, kind, last use,
// pins) loaded once from the 48-byte header records, the eviction a write over the limit makes
// (least recently used first, never a pinned entry), and the last-used times of reads, written
// into those header records in one transaction shortly after them (a read never rewrites a volume).
import { promisifyRequest, type UseStore } from 'idb-keyval';
import { LAST_USED_OFFSET, metaKeyOf } from '../../protocol/cache-key.ts';
import { HEADER_BYTES } from '../../protocol/volume-record.ts';
import { createCacheIndex, type CacheIndex } from './cache-index.ts';
import type { CacheEntryInfo, CacheProblem, EncodedEntry } from './cache-types.ts';

export interface LimitKeeperDeps {
  readonly store: () => UseStore | null;
  /** False once caching is off (quota): last-used times are not written then. */
  readonly writable: () => boolean;
  readonly now: () => number;
  readonly list: () => Promise<CacheEntryInfo[]>;
  readonly remove: (keys: readonly string[]) => Promise<void>;
  readonly report: (problem: CacheProblem) => void;
  readonly fail: (e: unknown, what: string) => void;
  readonly limitBytes: number | null;
  readonly usedFlushMs: number;
}

export interface LimitKeeper {
  readonly index: CacheIndex;
  limit(): number | null;
  /** Sets the limit; evicts unpinned entries at once when over it. */
  setLimit(bytes: number | null): Promise<void>;
  /** Evicts least recently used, unpinned entries so that `batch` fits; returns the part that fits. */
  makeRoom(batch: readonly EncodedEntry[]): Promise<readonly EncodedEntry[]>;
  loadIndex(): Promise<void>;
  touch(key: string): void;
  flushUsed(): Promise<void>;
  /** Forgets pending last-used times (the cache was cleared). */
  cleared(): void;
  readonly evicted: { count: number; bytes: number };
  overLimit(): number;
}

export function createLimitKeeper(deps: LimitKeeperDeps): LimitKeeper {
  const { now, list, remove, report, fail } = deps;
  const index = createCacheIndex();
  let limitBytes = deps.limitBytes;
  const evicted = { count: 0, bytes: 0 };
  let overLimit = 0;

  /** Evicts least recently used, unpinned entries so that `batch` fits; returns the part that fits. */
  async function makeRoom(batch: readonly EncodedEntry[]): Promise<readonly EncodedEntry[]> {
    if (limitBytes === null) return batch;
    await loadIndex();
    const limit = limitBytes;
    const growth = (e: EncodedEntry): number => e.record.byteLength - (index.get(e.key)?.bytes ?? 0);
    const plan = index.planEviction(
      batch.reduce((a, e) => a + growth(e), 0),
      limit,
      new Set(batch.map((e) => e.key)),
    );
    await evictForLimit(plan.evict, plan.evictBytes);
    if (plan.fits) return batch;
    let room = limit - index.totalBytes();
    const kept = batch.filter((e) => {
      const g = growth(e);
      if (g > room) return false;
      room -= g;
      return true;
    });
    // said once a session (the cache panel counts them); not a quota error: caching stays on
    if (overLimit === 0) {
      report({
        kind: 'failed',
        message: `the cache's size limit is reached and what it holds is in use: some entries are not stored (raise the limit in the Cache panel)`,
        key: batch.find((e) => !kept.includes(e))?.key,
      });
    }
    overLimit += batch.length - kept.length;
    return kept;
  }

  async function evictForLimit(keys: readonly string[], bytes: number): Promise<void> {
    if (keys.length === 0) return;
    await remove(keys);
    evicted.count += keys.length;
    evicted.bytes += bytes;
  }

  let indexLoad: Promise<void> | null = null;
  /** The index from the header records and last-used records (once; kept in step afterwards). */
  function loadIndex(): Promise<void> {
    indexLoad ??= (async () => {
      for (const e of await list()) if (!index.get(e.key)) index.set(e.key, e.bytes, e.parts?.kind ?? null, e.lastUsed);
    })().catch((e: unknown) => {
      indexLoad = null;
      throw e;
    });
    return indexLoad;
  }

  const pendingUsed = new Map<string, number>();
  let usedTimer: ReturnType<typeof setTimeout> | null = null;
  function touch(key: string): void {
    const at = now();
    index.touch(key, at);
    pendingUsed.set(key, at);
    usedTimer ??= setTimeout(() => void flushUsed(), deps.usedFlushMs);
  }

  async function flushUsed(): Promise<void> {
    if (usedTimer !== null) clearTimeout(usedTimer);
    usedTimer = null;
    if (pendingUsed.size === 0 || !deps.store() || !deps.writable()) return;
    const batch = [...pendingUsed];
    pendingUsed.clear();
    try {
      await storeOf()('readwrite', (s) => {
        for (const [key, at] of batch) {
          const req = s.get(metaKeyOf(key));
          req.onsuccess = () => {
            const header: unknown = req.result;
            if (!(header instanceof ArrayBuffer) || header.byteLength !== HEADER_BYTES) return; // gone meanwhile
            const copy = header.slice(0);
            new DataView(copy).setFloat64(LAST_USED_OFFSET, at, true);
            s.put(copy, metaKeyOf(key));
          };
        }
        return promisifyRequest(s.transaction);
      });
    } catch (e) {
      fail(e, 'recording when entries were used');
    }
  }

  function storeOf(): UseStore {
    const s = deps.store();
    if (!s) throw new Error('the cache has no store');
    return s;
  }

  return {
    index,
    limit: () => limitBytes,
    async setLimit(bytes) {
      limitBytes = bytes;
      if (bytes === null || !deps.store()) return;
      await loadIndex();
      const plan = index.planEviction(0, bytes, new Set());
      await evictForLimit(plan.evict, plan.evictBytes);
    },
    makeRoom,
    loadIndex,
    touch,
    flushUsed,
    cleared() {
      index.clear();
      pendingUsed.clear();
    },
    evicted,
    overLimit: () => overLimit,
  };
}
