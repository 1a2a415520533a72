export { createVolumeCache, isQuotaError } from './volume-cache.ts';
export type { CacheEntryInfo, CacheProblem, CacheStatus, CachedVolume, EncodedEntry, PutOutcome, VolumeCache, VolumeCacheOptions } from './cache-types.ts';
export { CACHE_SCHEMA_VERSION, DEFAULT_RELEASE, buildVolumeKey, parseVolumeKey } from '../../protocol/cache-key.ts';
export type { VolumeKeyParts, VolumeKind } from '../../protocol/cache-key.ts';
export { HEADER_BYTES, checksum32, dtypeSize, expectedPayloadBytes } from '../../protocol/volume-record.ts';
export type { Dtype, VolumeMeta } from '../../protocol/volume-record.ts';
