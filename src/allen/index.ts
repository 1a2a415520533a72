// Public API of the Allen client.
export { createAllenClient } from './client.ts';
export { createAllenGridClient } from './grid-client.ts';
export { createLazyAllenClient } from './lazy-client.ts';
export type { AllenGridClient } from './grid-client.ts';
export type { AllenClient, AllenClientOptions } from './client.ts';
export { AllenError, isAllenError, isRetryable } from './errors.ts';
export type { AllenErrorKind } from './errors.ts';
export { DEFAULT_MAX_CONCURRENT_PER_HOST, DEFAULT_RETRY, defaultSleep } from './http.ts';
export type { ProgressCallback, RetryPolicy, Sleep, HttpOptions } from './http.ts';
export type { CallOptions } from './context.ts';
export type { AnnotationDownload, DownloadOptions } from './grids.ts';
export {
  configuredDownloadSources,
  createSourceMemory,
  describeSource,
  DOWNLOAD_SOURCE_KINDS,
  orderSources,
  sameSource,
  type DownloadSource,
  type DownloadSourceKind,
  type DownloadSourceMemory,
} from './download-sources.ts';
export { annotationUrl, densityNrrdUrl, densityZipUrl, isNrrd, isZip } from './grids.ts';
export { Ontology, editDistance } from './ontology.ts';
export { ontologyFromRows, rawStructureNodeSchema } from './ontology-fetch.ts';
export type { RawStructureNode } from './ontology.ts';
export { ontologyUrl } from './ontology-fetch.ts';
export { filterLists, matchesProducts } from './experiment-rows.ts';
export { filterExperiments, matchesLine } from './experiments.ts';
export { groupUpstream } from './upstream.ts';
export type { UpstreamOptions } from './upstream.ts';
export { ROOT_STRUCTURE_ID } from './injection.ts';
export { INJECTION_VOLUME_BATCH, injectionVolumeCriteria } from './injection-volumes.ts';
export { productLabel, type Product } from './products.ts';
export type * from './types.ts';
export { experimentPageUrl } from './links.ts';
export { assignSources, type AssignResult, type SourceAssignment } from './assign-sources.ts';
export { distanceUm, type CcfPointUm } from './search-rows.ts';
export { topLevelTargets, type TargetHit, type TargetQuery, type TargetSearchResult } from './target-search.ts';
export {
  COORDINATE_SERVICE,
  SPATIAL_MIN_DENSITY,
  SPATIAL_SERVICE,
  type CoordinateHit,
  type CoordinateSearchResult,
  type SeedQuery,
  type SpatialHit,
} from './seed-search.ts';
