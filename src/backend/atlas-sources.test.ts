import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { createSourceMemory, type DownloadSource } from '../allen/index.ts';
import { createAtlasSourceBook } from './atlas-sources.ts';
import { createVolumeCache } from './cache/index.ts';

const SAME: DownloadSource = { kind: 'same-origin', base: 'https://lab.test/bsv/allen-download' };
const SKIPPED = ['direct https://download.test: network error (Failed to fetch)'];

describe('atlas source book', () => {
  it('says which source served this session, and a later session reads it back for its cached copy and its next download', async () => {
    const store = createStore('atlas-sources-book', 'volumes');
    const first = createAtlasSourceBook(
      () => createVolumeCache({ store }),
      () => createSourceMemory(),
    );
    await first.downloaded(100, { bytes: new ArrayBuffer(4), source: SAME, skipped: SKIPPED });
    expect(first.list()).toEqual([{ resolution: 100, from: 'network', source: SAME, skipped: SKIPPED }]);

    // next visit: the 100 µm atlas is cached, the 50 µm one must be downloaded
    const memory = createSourceMemory();
    const second = createAtlasSourceBook(
      () => createVolumeCache({ store }),
      () => memory,
    );
    await second.fromCache(100);
    await second.beforeDownload();
    expect(memory.preferred()).toEqual(SAME);
    expect(second.list()).toEqual([{ resolution: 100, from: 'cache', source: SAME, skipped: SKIPPED }]);
  });

  it('two atlases downloaded at once are both recorded', async () => {
    const store = createStore('atlas-sources-both', 'volumes');
    const book = createAtlasSourceBook(
      () => createVolumeCache({ store }),
      () => createSourceMemory(),
    );
    await Promise.all([
      book.downloaded(100, { bytes: new ArrayBuffer(4), source: SAME, skipped: SKIPPED }),
      book.downloaded(50, { bytes: new ArrayBuffer(4), source: SAME, skipped: SKIPPED }),
    ]);
    const later = createAtlasSourceBook(
      () => createVolumeCache({ store }),
      () => createSourceMemory(),
    );
    await Promise.all([later.fromCache(100), later.fromCache(50)]);
    expect(later.list().map((a) => [a.resolution, a.source?.kind])).toEqual([
      [100, 'same-origin'],
      [50, 'same-origin'],
    ]);
  });

  it('a cached atlas with no record says so (source unknown); a record that does not parse is ignored', async () => {
    const store = createStore('atlas-sources-none', 'volumes');
    const cache = createVolumeCache({ store });
    await cache.put(cache.key('metadata', 'download-sources-f1', 1), new TextEncoder().encode('{"last":{"kind":"proxy"}}'), {
      dtype: 'uint8',
      dims: [25, 1, 1],
    });
    const memory = createSourceMemory();
    const book = createAtlasSourceBook(
      () => cache,
      () => memory,
    );
    await book.fromCache(50);
    await book.beforeDownload();
    expect(book.list()).toEqual([{ resolution: 50, from: 'cache', source: null, skipped: [] }]);
    expect(memory.preferred()).toBeNull();
  });
});
