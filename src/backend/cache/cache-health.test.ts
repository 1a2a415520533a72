import 'fake-indexeddb/auto';
import { createStore, get as idbGet, keys as idbKeys, set as idbSet } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { createVolumeCache } from './volume-cache.ts';
import { HEADER_BYTES } from '../../protocol/volume-record.ts';

let db = 0;
const freshStore = (): UseStore => createStore(`cache-health-test-${db++}`, 'volumes');
const META = { dtype: 'uint8', dims: [1000] } as const;
const RECORD = HEADER_BYTES + 1000;
const bytes = (seed: number): Uint8Array => Uint8Array.from({ length: 1000 }, (_, i) => (seed + i) & 0xff);

describe('volume cache: size limit (fake-indexeddb)', () => {
  it('a write over the limit evicts the least recently used entries, with their index records', async () => {
    const store = freshStore();
    let t = 1000;
    const cache = createVolumeCache({ store, now: () => t++, limitBytes: 3 * RECORD, usedFlushMs: 0 });
    const [a, b, c, d] = [1, 2, 3, 4].map((id) => cache.key('grid', id, 100)) as [string, string, string, string];
    for (const [i, k] of [a, b, c].entries()) expect(await cache.put(k, bytes(i), META)).toBe('stored');
    // reading a makes it recent: b is now the least recently used
    expect(await cache.get(a)).not.toBeNull();
    await cache.flushUsed();
    expect(await cache.put(d, bytes(4), META)).toBe('stored');
    expect(await cache.get(b)).toBeNull();
    const left = (await idbKeys(store)).map(String);
    expect(left.filter((k) => k.includes('|2|'))).toEqual([]);
    expect((await cache.stats()).evicted).toEqual({ count: 1, bytes: RECORD });
    expect((await cache.stats()).bytes).toBe(3 * RECORD);
  });

  it('last-used times survive a new session (read from the small records, not the volumes)', async () => {
    const store = freshStore();
    let t = 1000;
    const first = createVolumeCache({ store, now: () => t++ });
    const [a, b, c] = [1, 2, 3].map((id) => first.key('grid', id, 100)) as [string, string, string];
    for (const [i, k] of [a, b, c].entries()) await first.put(k, bytes(i), META);
    await first.get(a);
    await first.flushUsed();
    const second = createVolumeCache({ store, now: () => t++, limitBytes: 3 * RECORD });
    await second.put(second.key('grid', 9, 100), bytes(9), META);
    expect(await second.get(b)).toBeNull();
    expect(await second.get(a)).not.toBeNull();
  });

  it('never evicts a pinned entry; a write that cannot fit is skipped and reported', async () => {
    const store = freshStore();
    let t = 1;
    const problems: string[] = [];
    const cache = createVolumeCache({ store, now: () => t++, limitBytes: 2 * RECORD, onError: (p) => problems.push(p.message) });
    const [a, b, c, d] = [1, 2, 3, 4].map((id) => cache.key('grid', id, 100)) as [string, string, string, string];
    await cache.putMany([
      { key: a, payload: bytes(1), meta: META },
      { key: b, payload: bytes(2), meta: META },
    ]);
    cache.pin('job-1', [a]);
    expect(await cache.put(c, bytes(3), META)).toBe('stored'); // evicts b, the unpinned one
    expect(await cache.get(a)).not.toBeNull();
    expect(await cache.get(b)).toBeNull();
    cache.pin('view', [c]);
    expect(await cache.put(d, bytes(4), META)).toBe('over-limit');
    expect(await cache.get(a)).not.toBeNull();
    expect(await cache.get(c)).not.toBeNull();
    expect(problems.some((m) => /size limit/.test(m))).toBe(true);
    expect((await cache.stats()).overLimit).toBe(1);
    cache.unpin('job-1');
    expect(await cache.put(d, bytes(4), META)).toBe('stored');
    expect(await cache.get(a)).toBeNull();
  });

  it('lowering the limit evicts at once; the stored setting survives a clear', async () => {
    const store = freshStore();
    let t = 1;
    const cache = createVolumeCache({ store, now: () => t++ });
    for (const id of [1, 2, 3, 4]) await cache.put(cache.key('grid', id, 100), bytes(id), META);
    await cache.writeLimitSetting(2 * RECORD);
    await cache.setLimit((await cache.readLimitSetting()) ?? null);
    const s = await cache.stats();
    expect([s.count, s.bytes, s.limitBytes]).toEqual([2, 2 * RECORD, 2 * RECORD]);
    expect(await cache.get(cache.key('grid', 1, 100))).toBeNull();
    expect(await cache.get(cache.key('grid', 4, 100))).not.toBeNull();
    await cache.clear();
    expect(await cache.readLimitSetting()).toBe(2 * RECORD);
    expect((await cache.stats()).count).toBe(0);
  });
});

describe('volume cache: repair scan', () => {
  it('removes unknown keys, old schema versions and records that fail validation, and counts re-downloads', async () => {
    const store = freshStore();
    const cache = createVolumeCache({ store });
    const keys = [1, 2, 3, 4, 5].map((id) => cache.key('grid', id, 100));
    for (const [i, k] of keys.entries()) await cache.put(k, bytes(i), META);
    const record = (await idbGet<ArrayBuffer>(keys[0] ?? '', store)) ?? new ArrayBuffer(0);
    const flipped = record.slice(0);
    const view = new Uint8Array(flipped);
    view[HEADER_BYTES + 10] = (view[HEADER_BYTES + 10] ?? 0) ^ 0xff;
    await idbSet(keys[0] ?? '', flipped, store); // checksum
    await idbSet(keys[1] ?? '', record.slice(0, HEADER_BYTES + 500), store); // truncated
    await idbSet(keys[2] ?? '', 'not a record', store); // garbage value
    await idbSet('garbage-key', new ArrayBuffer(64), store); // unknown key
    await idbSet('meta|garbage-key', new ArrayBuffer(48), store);
    await idbSet('v0|ccf2017-mcc2019|grid|7|100', record, store); // old schema
    await idbSet('meta|v1|ccf2017-mcc2019|grid|8|100', record.slice(0, HEADER_BYTES), store); // orphan index
    const report = await cache.repair();
    expect(report).toMatchObject({ checked: 5, damaged: 3, unknown: 1, stale: 1, orphans: 1 });
    expect(report.ms).toBeGreaterThanOrEqual(0);
    const left = (await idbKeys(store)).map(String);
    expect(left.sort()).toEqual([keys[3], keys[4], `meta|${keys[3]}`, `meta|${keys[4]}`].sort());
    const s = await cache.stats();
    expect([s.count, s.damaged.removed, s.damaged.rewritten]).toEqual([2, 3, 0]);
    await cache.put(keys[0] ?? '', bytes(0), META);
    expect((await cache.stats()).damaged).toEqual({ removed: 3, rewritten: 1 });
    // a second scan finds nothing
    expect(await cache.repair()).toMatchObject({ damaged: 0, unknown: 0, stale: 0, orphans: 0, checked: 3 });
  });
});
