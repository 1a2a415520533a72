// The cache's repair scan (run once per session, at idle, after the first frame): every key of the
// store is classified and what no current code would serve is removed —
// - unknown: not a volume key, nor one of the cache's own small records (index, settings);
// - stale: another schema version or data release, or a retired kind;
// - damaged: a current key whose record fails full validation (not an ArrayBuffer, bad header,
//   wrong length, checksum mismatch) — reads would evict it anyway, the scan does it up front so
//   the panel counts only real entries;
// - orphans: index / last-used records whose volume is gone (not reported as damage).
// Records are read in small read-only transactions (one batch per task), so a view's reads and
// writes interleave with the scan instead of queueing behind one long transaction.
import { promisifyRequest, type UseStore } from 'idb-keyval';
import { META_PREFIX, SETTINGS_PREFIX, parseVolumeKey } from '../../protocol/cache-key.ts';
import { decodeVolumeRecord } from '../../protocol/volume-record.ts';

export interface RepairReport {
  /** Volume records validated (current keys). */
  readonly checked: number;
  readonly unknown: number;
  readonly stale: number;
  /** Current keys whose record failed validation, removed (their keys: `damagedKeys`). */
  readonly damaged: number;
  readonly damagedKeys: readonly string[];
  /** Index records without their volume, removed. */
  readonly orphans: number;
  /** Bytes of records read and validated. */
  readonly bytesRead: number;
  /** Time the scan worked, ms: wall time less the pauses it made for other jobs. */
  readonly ms: number;
  /** Time it waited for other jobs to finish, ms. */
  readonly pausedMs: number;
}

export interface RepairOptions {
  readonly store: UseStore;
  readonly schemaVersion: number;
  readonly isCurrent: (key: string) => boolean;
  /** Deletes volume keys with their index records. */
  readonly remove: (keys: readonly string[]) => Promise<void>;
  /** Records per read transaction (default 16). */
  readonly batch?: number;
  /** Called between batches; resolves when the scan may go on (a job is running: it waits). */
  readonly pause?: () => Promise<void>;
}

const yieldTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function repairStore(options: RepairOptions): Promise<RepairReport> {
  const t0 = performance.now();
  const { store, schemaVersion, isCurrent } = options;
  const batch = Math.max(1, options.batch ?? 16);
  const keys = (await store('readonly', (s) => promisifyRequest(s.getAllKeys()))).map(String);
  const volumes = new Set<string>();
  const sidecars: string[] = [];
  const unknown: string[] = [];
  const stale: string[] = [];
  for (const key of keys) {
    if (key.startsWith(META_PREFIX)) sidecars.push(key);
    else if (key.startsWith(SETTINGS_PREFIX)) continue;
    else if (parseVolumeKey(key) === null) unknown.push(key);
    else if (!isCurrent(key)) stale.push(key);
    else volumes.add(key);
  }
  const current = [...volumes];
  const damaged: string[] = [];
  let bytesRead = 0;
  let pausedMs = 0;
  for (let start = 0; start < current.length; start += batch) {
    const slice = current.slice(start, start + batch);
    const values = await store('readonly', (s) => Promise.all(slice.map((k) => promisifyRequest(s.get(k)))));
    slice.forEach((key, i) => {
      const value: unknown = values[i];
      if (value === undefined) {
        volumes.delete(key); // deleted since the key list was read
        return;
      }
      if (value instanceof ArrayBuffer) bytesRead += value.byteLength;
      if (!decodeVolumeRecord(value, schemaVersion).ok) {
        damaged.push(key);
        volumes.delete(key);
      }
    });
    await yieldTask();
    if (options.pause) {
      const p0 = performance.now();
      await options.pause();
      pausedMs += performance.now() - p0;
    }
  }
  const orphans = sidecars.filter((k) => {
    const volume = k.slice(k.indexOf('|') + 1);
    return !volumes.has(volume) && !stale.includes(volume) && !unknown.includes(volume) && !damaged.includes(volume);
  });
  // remove() also deletes each key's sidecars; unknown keys may have sidecars of their own
  await options.remove([...unknown, ...stale, ...damaged]);
  if (orphans.length > 0) {
    await store('readwrite', (s) => {
      for (const k of orphans) s.delete(k);
      return promisifyRequest(s.transaction);
    });
  }
  return {
    checked: current.length,
    unknown: unknown.length,
    stale: stale.length,
    damaged: damaged.length,
    damagedKeys: damaged,
    orphans: orphans.length,
    bytesRead,
    ms: performance.now() - t0 - pausedMs,
    pausedMs,
  };
}
