// Cache keys: "v<schema>|<release>|<kind>|<id>|<resolution>", e.g.
// "v1|ccf2017-mcc2019|grid|100141219|100". Build and parse them only with these functions.

export const CACHE_SCHEMA_VERSION = 1;
/** The IndexedDB database and object store of the volume cache (written by the worker only). */
export const CACHE_DB_NAME = 'bsv-cache';
export const CACHE_STORE_NAME = 'volumes';
export const DEFAULT_RELEASE = 'ccf2017-mcc2019';

/**
 * What a cached record is. 'grid': a density grid, packed (compute/packed-grid.ts: its non-zero
 * voxels, about the download's size; written since the cache stopped keeping grids as downloaded)
 * or as downloaded (gzip NRRD or zip bytes; rewritten packed when next read).
 * 'density': the same grid decoded to float32 (4.8 MB; written before grids were stored
 * compressed; never read, purged at start). 'aggregate' ids are digests of a (query, processing)
 * key; 'metadata' records are UTF-8 JSON (ontology, experiment list) validated with a schema on read;
 * 'frame' records are a link's first projectome frame (features/projectome/frame-snapshot.ts), ids
 * digests of the link's projectome request.
 */
export type VolumeKind = 'grid' | 'density' | 'annotation' | 'aggregate' | 'metadata' | 'frame';
const KINDS: readonly VolumeKind[] = ['grid', 'density', 'annotation', 'aggregate', 'metadata', 'frame'];
/** Kinds no current code reads: deleted when the cache is opened. */
export const RETIRED_KINDS: readonly VolumeKind[] = ['density'];

export interface VolumeKeyParts {
  readonly schemaVersion: number;
  readonly release: string;
  readonly kind: VolumeKind;
  /** Experiment id, or another identifier without '|'. */
  readonly id: string;
  /** Grid resolution in µm. */
  readonly resolution: number;
}

const SAFE = /^[A-Za-z0-9._:+-]+$/;

export function buildVolumeKey(parts: VolumeKeyParts): string {
  if (!Number.isInteger(parts.schemaVersion) || parts.schemaVersion < 0) throw new Error(`bad cache schema version ${parts.schemaVersion}`);
  if (!SAFE.test(parts.release)) throw new Error(`bad release tag "${parts.release}" in cache key`);
  if (!KINDS.includes(parts.kind)) throw new Error(`bad volume kind "${parts.kind}" in cache key`);
  if (!SAFE.test(parts.id)) throw new Error(`bad id "${parts.id}" in cache key`);
  if (!Number.isInteger(parts.resolution) || parts.resolution <= 0) throw new Error(`bad resolution ${parts.resolution} in cache key`);
  return `v${parts.schemaVersion}|${parts.release}|${parts.kind}|${parts.id}|${parts.resolution}`;
}

/** Parts of a key, or null when the string is not a volume key. */
export function parseVolumeKey(key: string): VolumeKeyParts | null {
  const m = /^v(\d+)\|([^|]+)\|([^|]+)\|([^|]+)\|(\d+)$/.exec(key);
  if (!m) return null;
  const [, version, release, kind, id, resolution] = m;
  if (version === undefined || release === undefined || kind === undefined || id === undefined || resolution === undefined) return null;
  const k = KINDS.find((x) => x === kind);
  if (!k || !SAFE.test(release) || !SAFE.test(id)) return null;
  return { schemaVersion: Number(version), release, kind: k, id, resolution: Number(resolution) };
}

/** Index entries live under this prefix, next to the volumes they describe. */
export const META_PREFIX = 'meta|';
export const metaKeyOf = (key: string): string => `${META_PREFIX}${key}`;
/**
 * An index entry is the record's 48-byte header; its bytes 40..47 (zero in the record) hold when
 * the volume was last used (float64 ms since the epoch), so a read rewrites 48 bytes, never the volume.
 */
export const LAST_USED_OFFSET = 40;
/** The cache's own settings (the size limit). */
export const SETTINGS_PREFIX = 'settings|';
