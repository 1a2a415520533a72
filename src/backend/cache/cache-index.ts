// In-memory index of what the volume cache holds: bytes and kind per key, when each entry was last
// used, and which entries are pinned (a running job's or a shown view's). It decides what a write
// over the size limit evicts: least recently used first, never a pinned entry, never one of the
// entries being written. Pure (no IndexedDB): volume-cache.ts loads it from the header index and
// the last-used times in the header records, and keeps it in step with its writes and deletes.
import type { VolumeKind } from '../../protocol/cache-key.ts';

export interface IndexedEntry {
  readonly bytes: number;
  readonly kind: VolumeKind | null;
  /** ms since the epoch; 0 when never recorded (an entry written before last-used times were kept). */
  readonly lastUsed: number;
}

export interface EvictionPlan {
  /** Keys to delete, least recently used first. */
  readonly evict: readonly string[];
  readonly evictBytes: number;
  /** False when even evicting every unpinned entry leaves the write over the limit. */
  readonly fits: boolean;
}

export interface CacheIndex {
  set(key: string, bytes: number, kind: VolumeKind | null, lastUsed: number): void;
  touch(key: string, at: number): void;
  remove(key: string): void;
  clear(): void;
  get(key: string): IndexedEntry | undefined;
  totalBytes(): number;
  size(): number;
  /** Replaces the pins of `owner` (a job id, "session", …) with `keys`. */
  pin(owner: string, keys: Iterable<string>): void;
  unpin(owner: string): void;
  isPinned(key: string): boolean;
  /** What to evict so that `incomingBytes` more fit under `limit`; `writing` keys are never chosen. */
  planEviction(incomingBytes: number, limit: number, writing: ReadonlySet<string>): EvictionPlan;
  byKind(): Map<VolumeKind | 'unknown', { count: number; bytes: number }>;
}

export function createCacheIndex(): CacheIndex {
  const entries = new Map<string, IndexedEntry>();
  const pins = new Map<string, ReadonlySet<string>>();
  let total = 0;

  const isPinned = (key: string): boolean => {
    for (const keys of pins.values()) if (keys.has(key)) return true;
    return false;
  };

  return {
    set(key, bytes, kind, lastUsed) {
      total += bytes - (entries.get(key)?.bytes ?? 0);
      entries.set(key, { bytes, kind, lastUsed });
    },
    touch(key, at) {
      const e = entries.get(key);
      if (e && at > e.lastUsed) entries.set(key, { ...e, lastUsed: at });
    },
    remove(key) {
      total -= entries.get(key)?.bytes ?? 0;
      entries.delete(key);
    },
    clear() {
      entries.clear();
      total = 0;
    },
    get: (key) => entries.get(key),
    totalBytes: () => total,
    size: () => entries.size,
    pin(owner, keys) {
      pins.set(owner, new Set(keys));
    },
    unpin(owner) {
      pins.delete(owner);
    },
    isPinned,
    planEviction(incomingBytes, limit, writing) {
      let over = total + incomingBytes - limit;
      if (over <= 0) return { evict: [], evictBytes: 0, fits: true };
      const candidates = [...entries]
        .filter(([key]) => !writing.has(key) && !isPinned(key))
        .sort((a, b) => a[1].lastUsed - b[1].lastUsed || b[1].bytes - a[1].bytes);
      const evict: string[] = [];
      let evictBytes = 0;
      for (const [key, e] of candidates) {
        if (over <= 0) break;
        evict.push(key);
        evictBytes += e.bytes;
        over -= e.bytes;
      }
      return { evict, evictBytes, fits: over <= 0 };
    },
    byKind() {
      const out = new Map<VolumeKind | 'unknown', { count: number; bytes: number }>();
      for (const e of entries.values()) {
        const k = e.kind ?? 'unknown';
        const agg = out.get(k) ?? { count: 0, bytes: 0 };
        out.set(k, { count: agg.count + 1, bytes: agg.bytes + e.bytes });
      }
      return out;
    },
  };
}
