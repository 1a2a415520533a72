// Which download source served each annotation volume: kept for this session (the cache panel
// shows it) and in one small IndexedDB record, so that a later visit that still has to download
// (the 50 µm atlas first needed days after the 100 µm one) asks the source that worked first,
// not the ones that refused, and a cached atlas can still say where it came from.
import { z } from 'zod';
import type { AnnotationDownload, DownloadSourceMemory } from '../allen/index.ts';
import type { AtlasResolution, AtlasSourceInfo } from '../protocol/data-contract.ts';
import type { VolumeCache } from './cache/index.ts';

/** Bump when the stored shape changes. */
export const ATLAS_SOURCES_RECORD_ID = 'download-sources-f1';

const sourceSchema = z.object({ kind: z.enum(['direct', 'same-origin', 'mirror']), base: z.string().min(1) });
const recordSchema = z.object({
  last: sourceSchema.nullable(),
  served: z.record(z.string(), z.object({ source: sourceSchema, skipped: z.array(z.string()) })),
});
type SourceRecord = z.infer<typeof recordSchema>;

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
      const parsed = recordSchema.safeParse(JSON.parse(new TextDecoder().decode(stored.bytes)));
      return parsed.success ? parsed.data : null;
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
