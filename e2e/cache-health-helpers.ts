// IndexedDB access from the page for the cache-health spec: write damaged or garbage records the
// way a crash, a bug or another program might, and read record sizes.
import type { Page } from '@playwright/test';

export const gridKey = (id: number, version = 1): string => `v${version}|ccf2017-mcc2019|grid|${id}|100`;

export type Damage = 'flip-byte' | 'cut-half' | 'string-value';

/** Damages stored grid records and adds garbage: unknown keys and an old-schema copy. */
export async function damageCache(page: Page, damage: ReadonlyArray<{ id: number; how: Damage }>, garbage: readonly string[]): Promise<void> {
  await page.evaluate(
    async ({ damage, garbage, keys }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('bsv-cache');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const tx = db.transaction('volumes', 'readwrite');
      const store = tx.objectStore('volumes');
      const get = (key: string): Promise<unknown> =>
        new Promise((resolve, reject) => {
          const req = store.get(key);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      for (const [i, d] of damage.entries()) {
        const key = keys[i] ?? '';
        const record = await get(key);
        if (!(record instanceof ArrayBuffer)) throw new Error(`no record under ${key}`);
        const copy = record.slice(0);
        if (d.how === 'flip-byte') {
          const bytes = new Uint8Array(copy);
          const at = 48 + Math.floor((copy.byteLength - 48) / 2);
          bytes[at] = (bytes[at] ?? 0) ^ 0xff;
        }
        store.put(d.how === 'string-value' ? 'not a record' : d.how === 'cut-half' ? copy.slice(0, 48 + (copy.byteLength - 48) / 2) : copy, key);
      }
      for (const g of garbage) store.put(g.startsWith('v0|') ? new ArrayBuffer(4096) : `garbage ${g}`, g);
      store.put(new ArrayBuffer(48), `meta|${garbage[0] ?? 'x'}`);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { damage, garbage, keys: damage.map((d) => `v1|ccf2017-mcc2019|grid|${d.id}|100`) },
  );
}

/** Bytes of every stored record by key (the cache's own small records included). */
export async function recordBytes(page: Page): Promise<Map<string, number>> {
  const entries = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('bsv-cache');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const store = db.transaction('volumes').objectStore('volumes');
    const out: Array<[string, number]> = [];
    await new Promise<void>((resolve, reject) => {
      const req = store.openCursor();
      req.onsuccess = () => {
        const c = req.result;
        if (!c) return resolve();
        out.push([String(c.key), c.value instanceof ArrayBuffer ? c.value.byteLength : 0]);
        c.continue();
      };
      req.onerror = () => reject(req.error);
    });
    db.close();
    return out;
  });
  return new Map(entries);
}

/**
 * Writes `count` valid grid records of `payloadBytes` random bytes (the cache's record format:
 * 48-byte header, checksum as src/backend/cache/volume-record.ts computes it) with their index
 * entries: what the repair scan must read and keep.
 */
export async function seedValidRecords(page: Page, count: number, payloadBytes: number): Promise<void> {
  await page.evaluate(
    async ({ count, payloadBytes }) => {
      const checksum32 = (buffer: ArrayBuffer, offset: number, length: number): number => {
        const words = length >>> 2;
        const w = new Uint32Array(buffer, offset, words);
        let h1 = 0x811c9dc5 | 0;
        let h2 = 0x01000193 ^ 0x5bd1e995;
        const pairs = words & ~1;
        for (let i = 0; i < pairs; i += 2) {
          h1 = Math.imul(h1 ^ (w[i] ?? 0), 0x01000193);
          h2 = Math.imul(h2 ^ (w[i + 1] ?? 0), 0x01000193);
        }
        if (pairs < words) h1 = Math.imul(h1 ^ (w[pairs] ?? 0), 0x01000193);
        const tail = new Uint8Array(buffer, offset + words * 4, length - words * 4);
        for (let i = 0; i < tail.length; i++) h2 = Math.imul(h2 ^ (tail[i] ?? 0), 0x01000193);
        let h = h1 ^ Math.imul(h2, 0x9e3779b1) ^ length;
        h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
        h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
        return (h ^ (h >>> 16)) >>> 0;
      };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('bsv-cache');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (let start = 0; start < count; start += 10) {
        const tx = db.transaction('volumes', 'readwrite');
        const store = tx.objectStore('volumes');
        for (let i = start; i < Math.min(count, start + 10); i++) {
          const record = new ArrayBuffer(48 + payloadBytes);
          const payload = new Uint8Array(record, 48);
          for (let j = 0; j < payload.length; j += 65536) crypto.getRandomValues(payload.subarray(j, Math.min(payload.length, j + 65536)));
          const view = new DataView(record);
          view.setUint32(0, 0x43565342, true);
          view.setUint32(4, 1, true);
          view.setUint32(8, 5, true); // uint8
          view.setUint32(12, 3, true);
          view.setUint32(16, payloadBytes, true);
          view.setUint32(20, 1, true);
          view.setUint32(24, 1, true);
          view.setUint32(32, payloadBytes, true);
          view.setUint32(36, checksum32(record, 48, payloadBytes), true);
          const key = `v1|ccf2017-mcc2019|grid|${900000000 + i}|100`;
          store.put(record, key);
          store.put(record.slice(0, 48), `meta|${key}`);
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    },
    { count, payloadBytes },
  );
}
