// Before a large download, ask the browser to keep the cache under storage pressure
// (navigator.storage.persist()): without it, Chromium may clear an origin's IndexedDB when the
// disk runs low, and hundreds of MB of grids would be downloaded again. Browsers decide by their
// own rules (Chromium grants it silently to sites used often or installed; Firefox asks).

export type PersistOutcome = 'already' | 'granted' | 'denied' | 'unsupported';

/** Downloads of this many experiments or more ask for persistent storage first. */
export const LARGE_DOWNLOAD = 20;

interface StorageLike {
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

export async function askPersistentStorage(storage: StorageLike | undefined = globalThis.navigator?.storage): Promise<PersistOutcome> {
  if (!storage?.persist || !storage.persisted) return 'unsupported';
  try {
    if (await storage.persisted()) return 'already';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

export const PERSIST_TEXT: Readonly<Record<PersistOutcome, string>> = {
  already: 'The browser keeps this cache even when disk space runs low (persistent storage).',
  granted: 'Asked the browser to keep this cache even when disk space runs low: granted (persistent storage).',
  denied:
    'Asked the browser to keep this cache when disk space runs low: not granted, so it may clear the downloaded grids under storage pressure (they would be downloaded again).',
  unsupported: 'This browser cannot be asked to keep the cache; it may clear the downloaded grids when disk space runs low.',
};
