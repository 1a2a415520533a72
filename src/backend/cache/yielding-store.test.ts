import 'fake-indexeddb/auto';
import { get, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { createYieldingStore } from './yielding-store.ts';

const deleteDb = (name: string): Promise<'deleted' | 'blocked'> =>
  new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    let blocked = false;
    req.onblocked = () => {
      blocked = true;
    };
    req.onsuccess = () => resolve(blocked ? 'blocked' : 'deleted');
    req.onerror = () => reject(req.error);
  });

describe('yielding idb-keyval store', () => {
  it('closes its connection when another deletes the database, and opens it again on the next call', async () => {
    const store = createYieldingStore('yield-1', 'volumes');
    await set('a', 1, store);
    expect(await get('a', store)).toBe(1);
    // with idb-keyval's own store this delete would stay blocked while the connection is open
    expect(await deleteDb('yield-1')).toBe('deleted');
    expect(await get('a', store)).toBeUndefined();
    await set('b', 2, store);
    expect(await get('b', store)).toBe(2);
  });
});
