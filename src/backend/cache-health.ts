// A healthy cache, worker side: the repair scan runs once per session when the worker is idle
// (never before the first view's jobs: it waits until no job has run for a quiet spell), the size
// limit is the user's stored one or a default from the browser's quota, and the entries the
// current jobs and the shown views use are pinned so that eviction never takes them.
import type { CacheHealth, CacheRepairSummary } from '../protocol/data-contract.ts';
import type { VolumeCache } from './cache/index.ts';

/** The default limit: this share of the browser's quota for the origin, at most DEFAULT_LIMIT_MAX. */
const QUOTA_SHARE = 0.5;
export const DEFAULT_LIMIT_MAX = 2 * 1024 ** 3;
/** Aggregates of this many finished requests stay pinned (the views on screen and the one before). */
const SHOWN_PINS = 4;

export interface CacheHealthOptions {
  /** First look for an idle moment this long after start (default 2000 ms). */
  readonly delayMs?: number;
  /** Idle = no job for this long (default 500 ms). */
  readonly quietMs?: number;
  /** Scan anyway after this long (default 30 s). */
  readonly maxWaitMs?: number;
  /** False: no scan (tests). */
  readonly schedule?: boolean;
}

export interface CacheHealthService {
  /** A job started or ended (the repair waits for a quiet spell). */
  jobStarted(): void;
  jobEnded(): void;
  /** Pins `keys` for job `jobId` until `finished(jobId)`; `shown` keeps them pinned afterwards too. */
  pinJob(jobId: string, keys: readonly string[], shown: boolean): void;
  finished(jobId: string): void;
  health(): Promise<CacheHealth>;
  /** null: back to the default. */
  setLimit(bytes: number | null): Promise<CacheHealth>;
}

async function browserEstimate(): Promise<{ usage: number; quota: number } | null> {
  try {
    const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
    if (!storage?.estimate) return null;
    const e = await storage.estimate();
    return typeof e.usage === 'number' && typeof e.quota === 'number' ? { usage: e.usage, quota: e.quota } : null;
  } catch {
    return null;
  }
}

export function defaultLimit(quota: number | null): number {
  return quota !== null && quota > 0 ? Math.min(DEFAULT_LIMIT_MAX, Math.floor(quota * QUOTA_SHARE)) : DEFAULT_LIMIT_MAX;
}

export function createCacheHealth(cache: VolumeCache, options: CacheHealthOptions = {}): CacheHealthService {
  let active = 0;
  let lastActivity = performance.now();
  const started = performance.now();
  let repair: CacheRepairSummary | null = null;
  let repairError: string | null = null;
  let userLimit: number | null = null;
  const shown: string[] = [];
  const quietMs = options.quietMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 30_000;

  const limits = (async () => {
    userLimit = await cache.readLimitSetting();
    const limit = userLimit ?? defaultLimit((await browserEstimate())?.quota ?? null);
    await cache.setLimit(limit);
  })().catch(() => undefined);

  const tick = (): void => {
    const now = performance.now();
    const idle = active === 0 && now - lastActivity >= quietMs;
    if (!idle && now - started < maxWaitMs) {
      setTimeout(tick, Math.max(100, quietMs / 2));
      return;
    }
    void runRepair();
  };
  if (options.schedule !== false) setTimeout(tick, options.delayMs ?? 2000);

  async function runRepair(): Promise<void> {
    try {
      await limits;
      // between batches the scan steps aside while a view's jobs run
      const r = await cache.repair(async () => {
        while (active > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      });
      repair = {
        checked: r.checked,
        unknown: r.unknown,
        stale: r.stale,
        damaged: r.damaged,
        orphans: r.orphans,
        bytesRead: r.bytesRead,
        ms: Math.round(r.ms),
        pausedMs: Math.round(r.pausedMs),
      };
      performance.measure('bsv:cache-repair', { start: performance.now() - r.ms, duration: r.ms });
    } catch (e) {
      repairError = e instanceof Error ? e.message : String(e);
    }
  }

  async function health(): Promise<CacheHealth> {
    await limits;
    const [stats, estimate] = await Promise.all([cache.stats(), browserEstimate()]);
    return {
      count: stats.count,
      bytes: stats.bytes,
      byKind: stats.byKind,
      limitBytes: stats.limitBytes,
      limitIsDefault: userLimit === null,
      defaultLimitBytes: defaultLimit(estimate?.quota ?? null),
      evicted: stats.evicted,
      overLimit: stats.overLimit,
      damagedRemoved: stats.damaged.removed,
      damagedRewritten: stats.damaged.rewritten,
      repair,
      repairError,
      browser: estimate,
    };
  }

  return {
    jobStarted() {
      active++;
      lastActivity = performance.now();
    },
    jobEnded() {
      active = Math.max(0, active - 1);
      lastActivity = performance.now();
    },
    pinJob(jobId, keys, isShown) {
      cache.pin(`job:${jobId}`, keys);
      if (!isShown) return;
      shown.push(jobId);
      cache.pin(`shown:${jobId}`, keys);
      while (shown.length > SHOWN_PINS) cache.unpin(`shown:${shown.shift() ?? ''}`);
    },
    finished: (jobId) => cache.unpin(`job:${jobId}`),
    health,
    async setLimit(bytes) {
      await limits;
      userLimit = bytes;
      await cache.writeLimitSetting(bytes);
      await cache.setLimit(bytes ?? defaultLimit((await browserEstimate())?.quota ?? null));
      return health();
    },
  };
}
