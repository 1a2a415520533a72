import 'fake-indexeddb/auto';
import { createStore, get as idbGet, set as idbSet } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { metaKeyOf } from '../../protocol/cache-key.ts';
import { createVolumeCache, isQuotaError } from './volume-cache.ts';
import type { CacheProblem } from './cache-types.ts';
import { HEADER_BYTES, encodeVolumeRecord } from '../../protocol/volume-record.ts';

let dbCounter = 0;
const freshStore = (): UseStore => createStore(`bsv-cache-test-${dbCounter++}`, 'volumes');
const SMALL = { dtype: 'float32', dims: [4, 3, 2] } as const;
const payload = (seed: number): Float32Array => Float32Array.from({ length: 24 }, (_, i) => seed * 100 + i);
const floats = (bytes: Uint8Array): number[] => Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));

describe('volume cache (fake-indexeddb)', () => {
  it('stores raw binary records and serves them back', async () => {
    const store = freshStore();
    const cache = createVolumeCache({ store });
    const key = cache.key('grid', 100141219, 100);
    expect(key).toBe('v1|ccf2017-mcc2019|grid|100141219|100');
    expect(await cache.get(key)).toBeNull();
    expect(await cache.put(key, payload(1), SMALL)).toBe('stored');
    const raw = await idbGet<unknown>(key, store);
    expect(raw).toBeInstanceOf(ArrayBuffer);
    const got = await cache.get(key);
    expect(got?.meta).toEqual(SMALL);
    expect(floats(got?.bytes ?? new Uint8Array())).toEqual(Array.from(payload(1)));
  });

  it('works with its default store when IndexedDB exists', async () => {
    const cache = createVolumeCache();
    expect(cache.status()).toBe('ok');
    const key = cache.key('annotation', 'ccf2017', 100);
    expect(await cache.put(key, new Uint32Array(24), { dtype: 'uint32', dims: [24] })).toBe('stored');
    expect((await cache.get(key))?.bytes.byteLength).toBe(96);
    await cache.clear();
    expect(await cache.get(key)).toBeNull();
  });

  it('never stores a truncated buffer', async () => {
    const store = freshStore();
    const cache = createVolumeCache({ store });
    const key = cache.key('grid', 1, 100);
    const truncated = new Uint8Array(payload(1).buffer, 0, 95);
    expect(await cache.put(key, truncated, SMALL)).toBe('rejected');
    expect(await idbGet(key, store)).toBeUndefined();
    expect(await cache.get(key)).toBeNull();
  });

  it('evicts a corrupted entry on read and returns null', async () => {
    const store = freshStore();
    const problems: CacheProblem[] = [];
    const cache = createVolumeCache({ store, onError: (p) => problems.push(p) });
    const key = cache.key('grid', 2, 100);
    await cache.put(key, payload(2), SMALL);
    // Flip one payload byte straight in the store.
    const stored = await idbGet<ArrayBuffer>(key, store);
    if (!stored) throw new Error('not stored');
    const bad = stored.slice(0);
    const view = new Uint8Array(bad);
    view[HEADER_BYTES + 5] = (view[HEADER_BYTES + 5] ?? 0) ^ 0xff;
    await idbSet(key, bad, store);
    expect(await cache.get(key)).toBeNull();
    expect(await idbGet(key, store)).toBeUndefined();
    expect(await idbGet(metaKeyOf(key), store)).toBeUndefined();
    expect(problems.map((p) => p.kind)).toEqual(['corrupt']);
    expect(problems[0]?.message).toContain('checksum');
    // Garbage that is not even a record, and a short record, are evicted too.
    await idbSet(key, 'not a buffer', store);
    expect(await cache.get(key)).toBeNull();
    await idbSet(key, stored.slice(0, stored.byteLength - 4), store);
    expect(await cache.get(key)).toBeNull();
    expect(await idbGet(key, store)).toBeUndefined();
  });

  it('does not serve keys or records of another schema version or release', async () => {
    const store = freshStore();
    const old = createVolumeCache({ store, schemaVersion: 0 });
    const oldKey = old.key('grid', 3, 100);
    expect(await old.put(oldKey, payload(3), SMALL)).toBe('stored');
    const cache = createVolumeCache({ store });
    expect(await cache.get(oldKey)).toBeNull();
    // An old-format record under a current key is rejected by its header version.
    const key = cache.key('grid', 3, 100);
    await idbSet(key, await idbGet(oldKey, store), store);
    expect(await cache.get(key)).toBeNull();
    const otherRelease = createVolumeCache({ store, release: 'ccf2022' });
    expect(await otherRelease.get(key)).toBeNull();
    const listed = await cache.list();
    expect(listed.map((e) => [e.key, e.current])).toEqual([[oldKey, false]]);
    expect(await cache.purgeStale()).toBe(1);
    expect(await idbGet(oldKey, store)).toBeUndefined();
  });

  it('decoded float32 grids of the retired kind "density" are never served and are purged', async () => {
    const store = freshStore();
    const cache = createVolumeCache({ store });
    const legacy = 'v1|ccf2017-mcc2019|density|5|100';
    const record = encodeVolumeRecord(payload(5), SMALL, 1);
    await idbSet(legacy, record, store);
    await idbSet(metaKeyOf(legacy), record?.slice(0, HEADER_BYTES), store);
    expect(await cache.get(legacy)).toBeNull();
    expect(await cache.put(legacy, payload(5), SMALL)).toBe('rejected');
    const grid = cache.key('grid', 5, 100);
    expect(await cache.put(grid, payload(5), SMALL)).toBe('stored');
    expect((await cache.list()).map((e) => [e.key, e.current]).sort()).toEqual(
      [
        [legacy, false],
        [grid, true],
      ].sort(),
    );
    expect(await cache.purgeStale()).toBe(1);
    expect(await idbGet(legacy, store)).toBeUndefined();
    expect(await cache.get(grid)).not.toBeNull();
  });

  it('getMany reads many keys in one call, in order, with nulls for misses', async () => {
    const cache = createVolumeCache({ store: freshStore(), batchSize: 2 });
    const keys = [10, 11, 12, 13, 14].map((id) => cache.key('grid', id, 100));
    const outcomes = await cache.putMany(keys.filter((_, i) => i !== 2).map((key, i) => ({ key, payload: payload(i), meta: SMALL })));
    expect(outcomes).toEqual(['stored', 'stored', 'stored', 'stored']);
    const got = await cache.getMany(keys);
    expect(got.map((v) => (v ? floats(v.bytes)[0] : null))).toEqual([0, 100, null, 200, 300]);
  });

  it('list and usage report entries with byte sizes from headers only', async () => {
    const cache = createVolumeCache({ store: freshStore() });
    await cache.put(cache.key('grid', 5, 100), payload(5), SMALL);
    await cache.put(cache.key('annotation', 'ccf2017', 50), new Uint16Array(10), {
      dtype: 'uint16',
      dims: [10],
    });
    const list = await cache.list();
    expect(list.map((e) => [e.parts?.kind, e.parts?.id, e.bytes])).toEqual([
      ['annotation', 'ccf2017', HEADER_BYTES + 20],
      ['grid', '5', HEADER_BYTES + 96],
    ]);
    expect(await cache.usage()).toEqual({ count: 2, bytes: 2 * HEADER_BYTES + 116 });
    await cache.delete(cache.key('grid', 5, 100));
    expect((await cache.usage()).count).toBe(1);
  });

  it('a quota error disables writes, is reported, and is never thrown', async () => {
    const real = freshStore();
    const quotaStore: UseStore = (mode, callback) =>
      mode === 'readwrite' ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : real(mode, callback);
    const problems: CacheProblem[] = [];
    const cache = createVolumeCache({ store: quotaStore, onError: (p) => problems.push(p) });
    const key = cache.key('grid', 6, 100);
    await expect(cache.put(key, payload(6), SMALL)).resolves.toBe('disabled');
    expect(cache.status()).toEqual({ disabled: expect.stringContaining('quota') });
    expect(problems.map((p) => p.kind)).toEqual(['quota']);
    await expect(cache.put(key, payload(6), SMALL)).resolves.toBe('disabled');
    expect(await cache.get(key)).toBeNull();
    await expect(cache.clear()).resolves.toBeUndefined();
  });

  it('a batch is written record by record, each put issued after the previous one succeeded', async () => {
    const real = freshStore();
    const order: string[] = [];
    // Records the order of puts and how many were outstanding when each was issued.
    let outstanding = 0;
    let maxOutstanding = 0;
    const spying: UseStore = (mode, callback) =>
      real(mode, (s) =>
        callback(
          new Proxy(s, {
            get(target, prop) {
              if (prop !== 'put') {
                const v: unknown = Reflect.get(target, prop, target);
                return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
              }
              return (value: unknown, key: IDBValidKey) => {
                const req = target.put(value, key);
                if (!String(key).startsWith('meta|')) {
                  order.push(String(key));
                  outstanding += 1;
                  maxOutstanding = Math.max(maxOutstanding, outstanding);
                  req.addEventListener('success', () => (outstanding -= 1));
                }
                return req;
              };
            },
          }),
        ),
      );
    const cache = createVolumeCache({ store: spying, batchSize: 5 });
    const keys = [1, 2, 3, 4, 5, 6, 7].map((id) => cache.key('grid', id, 100));
    const out = await cache.putMany(keys.map((key, i) => ({ key, payload: payload(i), meta: SMALL })));
    expect(out).toEqual(keys.map(() => 'stored'));
    expect(order).toEqual(keys);
    expect(maxOutstanding).toBe(1);
    for (const [i, key] of keys.entries()) expect(floats((await cache.get(key))?.bytes ?? new Uint8Array())).toEqual(Array.from(payload(i)));
  });

  it('a quota error on a later record of a batch aborts the whole batch and disables the cache', async () => {
    const real = freshStore();
    let puts = 0;
    const failing: UseStore = (mode, callback) =>
      real(mode, (s) => {
        const put = s.put.bind(s);
        s.put = (value: unknown, key?: IDBValidKey) => {
          if (!String(key).startsWith('meta|') && ++puts === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return put(value, key);
        };
        return callback(s);
      });
    const problems: CacheProblem[] = [];
    const cache = createVolumeCache({ store: failing, onError: (p) => problems.push(p) });
    const keys = [11, 12, 13].map((id) => cache.key('grid', id, 100));
    const out = await cache.putMany(keys.map((key, i) => ({ key, payload: payload(i), meta: SMALL })));
    expect(out).toEqual(['disabled', 'disabled', 'disabled']);
    expect(problems.map((p) => p.kind)).toEqual(['quota']);
    // The first record was in the aborted transaction: nothing of the batch is stored.
    expect(await idbGet(keys[0] ?? '', real)).toBeUndefined();
  });

  it('recognises quota errors wrapped by idb libraries', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError(new Error('write failed', { cause: new DOMException('x', 'QuotaExceededError') }))).toBe(true);
    expect(isQuotaError(new DOMException('Transaction aborted', 'AbortError'))).toBe(false);
  });

  it('other storage failures are reported, not thrown, and reads return null', async () => {
    const broken: UseStore = () => Promise.reject(new DOMException('disk error', 'UnknownError'));
    const problems: CacheProblem[] = [];
    const cache = createVolumeCache({ store: broken, onError: (p) => problems.push(p) });
    const key = cache.key('grid', 7, 100);
    expect(await cache.get(key)).toBeNull();
    expect(await cache.put(key, payload(7), SMALL)).toBe('failed');
    expect(await cache.list()).toEqual([]);
    expect(cache.status()).toBe('ok');
    expect(problems.every((p) => p.kind === 'failed')).toBe(true);
  });
});
