import { describe, expect, it } from 'vitest';
import { askPersistentStorage } from './persistent-storage.ts';

describe('askPersistentStorage', () => {
  it('asks only when the cache is not persistent yet, and reports the answer', async () => {
    let asked = 0;
    const storage = (persisted: boolean, grant: boolean) => ({
      persisted: async () => persisted,
      persist: async () => {
        asked++;
        return grant;
      },
    });
    expect(await askPersistentStorage(storage(true, true))).toBe('already');
    expect(asked).toBe(0);
    expect(await askPersistentStorage(storage(false, true))).toBe('granted');
    expect(await askPersistentStorage(storage(false, false))).toBe('denied');
    expect(asked).toBe(2);
  });
  it('a browser without the API, or one that throws, is reported as unsupported', async () => {
    expect(await askPersistentStorage({})).toBe('unsupported');
    expect(await askPersistentStorage({ persisted: () => Promise.reject(new Error('no')), persist: async () => true })).toBe('unsupported');
  });
});
