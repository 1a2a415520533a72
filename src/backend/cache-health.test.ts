import 'fake-indexeddb/auto';
import { createStore, set as idbSet } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { createVolumeCache } from './cache/index.ts';
import { DEFAULT_LIMIT_MAX, createCacheHealth, defaultLimit } from './cache-health.ts';

let db = 0;
const META = { dtype: 'uint8', dims: [1000] } as const;
const RECORD = 48 + 1000;

describe('cache health (worker side)', () => {
  it('the default limit is half the quota, at most 2 GB', () => {
    expect(defaultLimit(null)).toBe(DEFAULT_LIMIT_MAX);
    expect(defaultLimit(1e9)).toBe(5e8);
    expect(defaultLimit(1e12)).toBe(DEFAULT_LIMIT_MAX);
  });

  it('runs the repair once idle and waits for running jobs', async () => {
    const store = createStore(`health-test-${db++}`, 'volumes');
    const cache = createVolumeCache({ store });
    await idbSet('garbage', 'x', store);
    const health = createCacheHealth(cache, { delayMs: 0, quietMs: 50, maxWaitMs: 60_000 });
    health.jobStarted();
    await new Promise((r) => setTimeout(r, 200));
    expect((await health.health()).repair).toBeNull();
    health.jobEnded();
    await expect.poll(async () => (await health.health()).repair?.unknown, { timeout: 3000 }).toBe(1);
  });

  it('pins a job’s entries while it runs, and a shown view’s afterwards; the user limit is stored', async () => {
    const store = createStore(`health-test-${db++}`, 'volumes');
    let t = 1;
    const cache = createVolumeCache({ store, now: () => t++ });
    const health = createCacheHealth(cache, { schedule: false });
    const keys = [1, 2, 3, 4].map((id) => cache.key('grid', id, 100));
    for (const k of keys) await cache.put(k, new Uint8Array(1000), META);
    health.pinJob('job-1', [keys[0] ?? ''], false); // a download
    health.pinJob('job-2', [keys[1] ?? ''], true); // a view's aggregate
    health.finished('job-2');
    let h = await health.setLimit(3 * RECORD);
    expect(h.limitIsDefault).toBe(false);
    expect(h.evicted.count).toBe(1);
    expect(await cache.get(keys[2] ?? '')).toBeNull();
    health.finished('job-1');
    h = await health.setLimit(2 * RECORD);
    expect(await cache.get(keys[0] ?? '')).toBeNull(); // the download's job is over: not pinned
    expect(await cache.get(keys[1] ?? '')).not.toBeNull(); // still shown
    expect(h.count).toBe(2);
    expect(await cache.readLimitSetting()).toBe(2 * RECORD);
    h = await health.setLimit(null);
    expect([h.limitIsDefault, h.limitBytes, await cache.readLimitSetting()]).toEqual([true, DEFAULT_LIMIT_MAX, null]);
  });
});
