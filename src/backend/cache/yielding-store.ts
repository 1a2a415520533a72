// An idb-keyval store whose connection steps aside: when another connection asks for a new
// version or deletes the database (the cache panel's "Clear" in another tab, a newer app version,
// a test resetting the browser), this one closes instead of blocking it forever, and the next
// call opens the database again. idb-keyval's createStore keeps its connection open for good;
// otherwise this is the same (one object store, created on first open).
import { promisifyRequest, type UseStore } from 'idb-keyval';

export function createYieldingStore(dbName: string, storeName: string): UseStore {
  let dbp: Promise<IDBDatabase> | undefined;
  const getDB = (): Promise<IDBDatabase> => {
    if (dbp) return dbp;
    const request = indexedDB.open(dbName);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    const opening = promisifyRequest(request);
    dbp = opening;
    opening.then(
      (db) => {
        const forget = (): void => {
          if (dbp === opening) dbp = undefined;
        };
        db.onversionchange = () => {
          db.close();
          forget();
        };
        db.onclose = forget;
      },
      () => {
        if (dbp === opening) dbp = undefined;
      },
    );
    return opening;
  };
  return (txMode, callback) => getDB().then((db) => callback(db.transaction(storeName, txMode).objectStore(storeName)));
}
