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
