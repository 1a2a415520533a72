// The one place e2e specs touch the app's IndexedDB cache ('bsv-cache' / 'volumes') from the page:
// delete it, list keys, read record sizes, and write damaged, garbage or seeded records the way a
// crash, a bug, another program or an older app version might. Every read or write goes through
// runInPage(), which the page runs as one self-contained function (Playwright serialises it: it
// may not use anything from this module's scope), in one transaction per call for every op but
// 'seed-valid', which runs after them, 10 records per transaction.
import type { Page } from '@playwright/test';

/** Key of experiment `id`'s grid record (cache schema `version`). */
export const gridKey = (id: number, version = 1): string => `v${version}|ccf2017-mcc2019|grid|${id}|100`;

/** How an existing record is damaged; byte offsets count the 48-byte header. */
export type RecordEdit =
  | { readonly how: 'flip-byte'; readonly at: number | 'middle' }
  | { readonly how: 'cut-half' }
  | { readonly how: 'old-header' }
  | { readonly how: 'string-value' };

export type CacheOp =
  | { readonly op: 'keys' }
  /** Bytes of the records under `keys` (0 when absent), or of every record when null. */
  | { readonly op: 'sizes'; readonly keys: readonly string[] | null }
  | { readonly op: 'edit'; readonly key: string; readonly edit: RecordEdit }
  /** Moves a record and its index entry (`meta|key`, its first 48 bytes) to another key. */
  | { readonly op: 'move'; readonly from: string; readonly to: string }
  /** Writes a string, or `zeros` zero bytes (with its index entry when `meta`). */
  | { readonly op: 'put'; readonly key: string; readonly text?: string; readonly zeros?: number; readonly meta?: boolean }
  /** Valid grid records of random payload (format and checksum of src/protocol/volume-record.ts) with index entries. */
  | { readonly op: 'seed-valid'; readonly keys: readonly string[]; readonly payloadBytes: number };

type OpResult = string[] | Array<[string, number]> | null;

/** Runs `ops` in order in the page; `create` makes the store when the database is new (as the app would). */
export function cacheOps(page: Page, ops: readonly CacheOp[], create = false): Promise<OpResult[]> {
  return page.evaluate(runInPage, { ops, create });
}

async function runInPage({ ops, create }: { ops: readonly CacheOp[]; create: boolean }): Promise<OpResult[]> {
  const ask = <T>(req: IDBRequest<T>): Promise<T> =>
    new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const done = (tx: IDBTransaction): Promise<void> =>
    new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
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
  const validRecord = (payloadBytes: number): ArrayBuffer => {
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
    return record;
  };

  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('bsv-cache');
    if (create) req.onupgradeneeded = () => req.result.createObjectStore('volumes');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    if (!db.objectStoreNames.contains('volumes')) {
      if (ops.some((o) => o.op !== 'keys' && o.op !== 'sizes')) throw new Error("the cache database has no 'volumes' store to write to");
      return ops.map((o) => (o.op === 'sizes' ? (o.keys ?? []).map((k): [string, number] => [k, 0]) : []));
    }
    const out: OpResult[] = ops.map(() => null);
    const rest = ops.flatMap((o, i) => (o.op === 'seed-valid' ? [] : [{ o, i }]));
    if (rest.length > 0) {
      const writes = rest.some(({ o }) => o.op !== 'keys' && o.op !== 'sizes');
      const tx = db.transaction('volumes', writes ? 'readwrite' : 'readonly');
      const store = tx.objectStore('volumes');
      const size = (v: unknown): number => (v instanceof ArrayBuffer ? v.byteLength : 0);
      const record = async (key: string): Promise<ArrayBuffer> => {
        const r = await ask(store.get(key));
        if (!(r instanceof ArrayBuffer)) throw new Error(`no record under ${key}`);
        return r.slice(0);
      };
      for (const { o, i } of rest) {
        if (o.op === 'keys') {
          out[i] = (await ask(store.getAllKeys())).map(String);
        } else if (o.op === 'sizes' && o.keys !== null) {
          out[i] = await Promise.all(o.keys.map(async (k): Promise<[string, number]> => [k, size(await ask(store.get(k)))]));
        } else if (o.op === 'sizes') {
          const all: Array<[string, number]> = [];
          await new Promise<void>((resolve, reject) => {
            const req = store.openCursor();
            req.onsuccess = () => {
              const c = req.result;
              if (!c) return resolve();
              all.push([String(c.key), size(c.value)]);
              c.continue();
            };
            req.onerror = () => reject(req.error);
          });
          out[i] = all;
        } else if (o.op === 'edit') {
          const copy = await record(o.key);
          const e = o.edit;
          if (e.how === 'flip-byte') {
            const bytes = new Uint8Array(copy);
            const at = e.at === 'middle' ? 48 + Math.floor((copy.byteLength - 48) / 2) : e.at;
            bytes[at] = (bytes[at] ?? 0) ^ 0xff;
          }
          if (e.how === 'old-header') new DataView(copy).setUint32(4, 0, true);
          store.put(e.how === 'string-value' ? 'not a record' : e.how === 'cut-half' ? copy.slice(0, 48 + (copy.byteLength - 48) / 2) : copy, o.key);
        } else if (o.op === 'move') {
          const copy = await record(o.from);
          store.delete(o.from);
          store.delete(`meta|${o.from}`);
          store.put(copy, o.to);
          store.put(copy.slice(0, 48), `meta|${o.to}`);
        } else if (o.op === 'put') {
          const value = o.text ?? new ArrayBuffer(o.zeros ?? 0);
          store.put(value, o.key);
          if (o.meta === true && value instanceof ArrayBuffer) store.put(value.slice(0, 48), `meta|${o.key}`);
        }
      }
      await done(tx);
    }
    for (const o of ops) {
      if (o.op !== 'seed-valid') continue;
      for (let start = 0; start < o.keys.length; start += 10) {
        const tx = db.transaction('volumes', 'readwrite');
        const store = tx.objectStore('volumes');
        for (const key of o.keys.slice(start, start + 10)) {
          const rec = validRecord(o.payloadBytes);
          store.put(rec, key);
          store.put(rec.slice(0, 48), `meta|${key}`);
        }
        await done(tx);
      }
    }
    return out;
  } finally {
    db.close();
  }
}

/** Fresh browser storage: deletes the cache database (each test starts with an empty cache). */
export async function clearBrowserCache(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        // the app's connections close on versionchange (backend/cache/yielding-store.ts), so the
        // delete completes instead of staying blocked behind the worker's open database
        const req = indexedDB.deleteDatabase('bsv-cache');
        req.onsuccess = () => resolve();
        req.onerror = () => resolve();
      }),
  );
}

/** A page's stored picture (src/data/page-picture.ts): a 'frame' record with a "pic-" id. */
export const isPictureKey = (k: string): boolean => k.includes('|frame|pic-') && !k.startsWith('meta|');
/** A link's stored frame record (whole or first AP), not a page's picture. */
export const isLinkFrameKey = (k: string): boolean => k.includes('|frame|') && !isPictureKey(k) && !k.startsWith('meta|');

/** Keys stored in the volume cache ([] when it has no store yet). */
export async function storedKeys(page: Page): Promise<string[]> {
  const [keys] = await cacheOps(page, [{ op: 'keys' }]);
  return (keys ?? []) as string[];
}

/** Bytes of the records under `keys` (0 when absent), or of every record when null (the cache's own small records included). */
export async function recordSizes(page: Page, keys: readonly string[] | null = null): Promise<Map<string, number>> {
  const [sizes] = await cacheOps(page, [{ op: 'sizes', keys }]);
  return new Map((sizes ?? []) as Array<[string, number]>);
}
