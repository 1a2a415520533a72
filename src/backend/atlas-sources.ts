// Which download source served each annotation volume: kept for this session (the cache panel
// shows it) and in one small IndexedDB record, so that a later visit that still has to download
// (the 50 µm atlas first needed days after the 100 µm one) asks the source that worked first,
// not the ones that refused, and a cached atlas can still say where it came from.
import { DOWNLOAD_SOURCE_KINDS, type DownloadSource, type DownloadSourceMemory } from '../allen/download-sources.ts';
import type { AnnotationDownload } from '../allen/grids.ts';
import type { AtlasResolution, AtlasSourceInfo } from '../protocol/data-contract.ts';
import type { VolumeCache } from './cache/index.ts';

/** Bump when the stored shape changes. */
export const ATLAS_SOURCES_RECORD_ID = 'download-sources-f1';

interface SourceRecord {
  readonly last: DownloadSource | null;
  readonly served: Readonly<Record<string, { readonly source: DownloadSource; readonly skipped: readonly string[] }>>;
}

const isSource = (v: unknown): v is DownloadSource =>
  typeof v === 'object' &&
  v !== null &&
  DOWNLOAD_SOURCE_KINDS.includes((v as DownloadSource).kind) &&
  typeof (v as DownloadSource).base === 'string' &&
  (v as DownloadSource).base.length > 0;

/** The stored record when it has this shape (checked by hand: the worker loads no zod on a warm start), else null. */
function storedRecord(v: unknown): SourceRecord | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as SourceRecord;
  if (!(r.last === null || isSource(r.last)) || typeof r.served !== 'object' || r.served === null || Array.isArray(r.served)) return null;
  for (const entry of Object.values(r.served) as unknown[]) {
    const e = entry as { source?: unknown; skipped?: unknown } | null;
    if (typeof e !== 'object' || e === null || !isSource(e.source) || !Array.isArray(e.skipped) || !e.skipped.every((x) => typeof x === 'string')) return null;
  }
  return r;
}

export interface AtlasSourceBook {
  /** Seeds the client's memory from the stored record (once), before a first download. */
  beforeDownload(): Promise<void>;
  downloaded(resolution: AtlasResolution, download: AnnotationDownload): Promise<void>;
  fromCache(resolution: AtlasResolution): Promise<void>;
  list(): AtlasSourceInfo[];
}

export function createAtlasSourceBook(cache: () => VolumeCache, memory: () => DownloadSourceMemory | undefined): AtlasSourceBook {
  const session = new Map<AtlasResolution, AtlasSourceInfo>();
  let seeded = false;
  // the 100 and 50 µm atlases download at once: their read-modify-writes of the record take turns
  let writes: Promise<void> = Promise.resolve();
  const key = (): string => cache().key('metadata', ATLAS_SOURCES_RECORD_ID, 1);

  async function read(): Promise<SourceRecord | null> {
    const stored = await cache()
      .get(key())
      .catch(() => null);
    if (!stored) return null;
    try {
      return storedRecord(JSON.parse(new TextDecoder().decode(stored.bytes)));
    } catch {
      return null;
    }
  }

  async function write(record: SourceRecord): Promise<void> {
    const bytes = new TextEncoder().encode(JSON.stringify(record));
    // an optimisation: quota and other problems are reported by the cache itself
    await cache()
      .put(key(), bytes, { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] })
      .catch(() => undefined);
  }

  return {
    async beforeDownload() {
      if (seeded) return;
      seeded = true;
      const m = memory();
      if (!m || m.preferred()) return;
      const last = (await read())?.last;
      if (last) m.served(last);
    },
    downloaded(resolution, download) {
      session.set(resolution, { resolution, from: 'network', source: download.source, skipped: download.skipped });
      writes = writes.then(async () => {
        const record = (await read()) ?? { last: null, served: {} };
        await write({ last: download.source, served: { ...record.served, [resolution]: { source: download.source, skipped: [...download.skipped] } } });
      });
      return writes;
    },
    async fromCache(resolution) {
      const served = (await read())?.served[String(resolution)];
      session.set(resolution, { resolution, from: 'cache', source: served?.source ?? null, skipped: served?.skipped ?? [] });
    },
    list: () => [...session.values()].sort((a, b) => b.resolution - a.resolution),
  };
}
