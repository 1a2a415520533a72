// Allen metadata (the structure graph, the list of all experiments, product names) kept in IndexedDB so a
// returning user does not download ~4 MB of JSON before the first frame. Records are UTF-8 JSON
// in the volume cache (checksummed like every record) and are checked on read by
// metadata-record-checks.ts (plain checks, so a warm start loads no zod): anything
// that does not parse or check is treated as a miss and fetched again. Keys carry the data
// release, so a new release never reads old metadata; "Clear cache" forces a refresh.
import type { AllenClient } from '../allen/client.ts';
import { Ontology } from '../allen/ontology.ts';
import type { Product } from '../allen/experiment-filters.ts';
import { isUpstreamRow, type UnionizeRow } from '../allen/upstream-groups.ts';
import type { Experiment } from '../allen/types.ts';
import type { VolumeCache } from './cache/index.ts';
import { storedExperiments, storedProducts, storedStructureRoots, storedUpstream } from './metadata-record-checks.ts';

/** Bump when the stored shape of a metadata record changes. */
const METADATA_FORMAT = 1;

/** The metadata records: one each, and one upstream list per (target, minimum volume). */
type MetadataId = 'ontology' | 'experiments' | 'products' | `upstream-${number}-${string}`;
export const metadataKey = (cache: VolumeCache, id: MetadataId): string => cache.key('metadata', `${id}-f${METADATA_FORMAT}`, 1);

async function readJson<T>(cache: VolumeCache, id: MetadataId, check: (v: unknown) => T | null): Promise<T | null> {
  const t0 = performance.now();
  await writing.get(cache)?.get(metadataKey(cache, id));
  const record = await cache.get(metadataKey(cache, id)).catch(() => null);
  if (!record) return null;
  const t1 = performance.now();
  try {
    return check(JSON.parse(new TextDecoder().decode(record.bytes)));
  } catch {
    return null;
  } finally {
    // the benchmarks' timeline: the read, then JSON parse and record check (ontology, experiments)
    if (!id.startsWith('upstream-')) {
      performance.measure(`bsv:${id}-read`, { start: t0, end: t1 });
      performance.measure(`bsv:${id}-parse`, { start: t1, end: performance.now() });
    }
  }
}

async function writeJson(cache: VolumeCache, id: MetadataId, value: unknown): Promise<void> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  // Caching is an optimisation: quota and other problems are reported by the cache itself.
  await cache.put(metadataKey(cache, id), bytes, { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] }).catch(() => undefined);
}

/** Writes not yet finished, per cache and key: a read of the same record waits for its write. */
const writing = new WeakMap<VolumeCache, Map<string, Promise<void>>>();

/**
 * Stores a downloaded record behind the caller, who has the value already: its encoding and
 * write (~0.2 s for the experiment list on a cold start) never hold up the first frame (issue
 * #12). A read of the same record in this session waits for it (readJson).
 */
function writeBehind(cache: VolumeCache, id: MetadataId, value: unknown): void {
  const key = metadataKey(cache, id);
  const pending = writing.get(cache) ?? new Map<string, Promise<void>>();
  writing.set(cache, pending);
  const done = (pending.get(key) ?? Promise.resolve())
    .then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
    .then(() => writeJson(cache, id, value))
    .finally(() => {
      if (pending.get(key) === done) pending.delete(key);
    });
  pending.set(key, done);
}

/** Resolves once every metadata record written behind into `cache` so far is stored (tests). */
export async function metadataWritten(cache: VolumeCache): Promise<void> {
  await Promise.all([...(writing.get(cache)?.values() ?? [])]);
}

export async function loadOntology(client: AllenClient, cache: VolumeCache, signal?: AbortSignal): Promise<Ontology> {
  const roots = await readJson(cache, 'ontology', storedStructureRoots);
  if (roots) {
    try {
      return new Ontology(roots);
    } catch {
      // fall through to the network
    }
  }
  const ontology = await client.fetchOntology({ signal });
  writeBehind(cache, 'ontology', ontology.roots);
  return ontology;
}

export async function loadAllExperiments(
  client: AllenClient,
  cache: VolumeCache,
  /**
   * Only needed for a download; a function is called then (the cached list does not wait for it),
   * and the list downloads while it loads.
   */
  ontology: Ontology | undefined | (() => Promise<Ontology>),
  signal?: AbortSignal,
): Promise<readonly Experiment[]> {
  const cached = await readJson(cache, 'experiments', storedExperiments);
  if (cached) return cached;
  const names = typeof ontology === 'function' ? ontology() : ontology;
  // a cancelled job's structure graph rejects while the list downloads: awaited there, never unhandled here
  if (names instanceof Promise) names.catch(() => undefined);
  const experiments = await client.fetchAllExperiments({ signal }, names);
  writeBehind(cache, 'experiments', experiments);
  return experiments;
}

/**
 * Names of these products: from IndexedDB when every one is known there (so the Products filter
 * keeps its labels offline), else downloaded and merged into the stored list. When the download
 * fails, the names already stored are returned if there are any; the caller labels the rest by id.
 */
export async function loadProductNames(client: AllenClient, cache: VolumeCache, ids: readonly number[], signal?: AbortSignal): Promise<Product[]> {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  if (wanted.length === 0) return [];
  const stored = (await readJson(cache, 'products', storedProducts)) ?? [];
  const known = new Map(stored.map((p) => [p.id, p]));
  const pick = () => wanted.flatMap((id) => known.get(id) ?? []);
  if (wanted.every((id) => known.has(id))) return pick();
  let fetched: Product[];
  try {
    fetched = await client.fetchProducts(wanted, { signal });
  } catch (e) {
    if (signal?.aborted || pick().length === 0) throw e;
    return pick();
  }
  for (const p of fetched) known.set(p.id, p);
  writeBehind(
    cache,
    'products',
    [...known.values()].sort((a, b) => a.id - b.id),
  );
  return pick();
}

/**
 * The unionize rows of a target (is_injection false, both hemispheres, volume > min) from
 * IndexedDB, else downloaded and stored. Only what the grouping reads is kept (the experiment and
 * its volume), so a large target's ~1 MB of JSON is stored in about a tenth of that.
 */
export async function loadUpstreamRows(
  client: AllenClient,
  cache: VolumeCache,
  targetId: number,
  minVolumeMm3: number,
  label: string,
  signal?: AbortSignal,
): Promise<UnionizeRow[]> {
  const id = `upstream-${targetId}-${minVolumeMm3}` as const;
  const asRows = (pairs: ReadonlyArray<readonly [number, number]>): UnionizeRow[] =>
    pairs.map(([experiment, volume]) => ({
      section_data_set_id: experiment,
      structure_id: targetId,
      hemisphere_id: 3,
      is_injection: false,
      projection_volume: volume,
    }));
  const stored = await readJson(cache, id, storedUpstream);
  if (stored && stored.targetId === targetId && stored.minVolumeMm3 === minVolumeMm3) return asRows(stored.rows);
  const rows = await client.fetchUpstreamRows(targetId, minVolumeMm3, { signal, label });
  const kept = rows.filter((r) => isUpstreamRow(r, targetId, minVolumeMm3));
  const pairs = kept.map((r) => [r.section_data_set_id, r.projection_volume] as const);
  writeBehind(cache, id, { targetId, minVolumeMm3, rows: pairs });
  return asRows(pairs);
}
