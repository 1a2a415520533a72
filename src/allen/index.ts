// Public API of the Allen client.
export { createAllenClient } from './client.ts';
export type { AllenClient, AllenClientOptions } from './client.ts';
export { AllenError, isAllenError, isRetryable } from './errors.ts';
export type { AllenErrorKind } from './errors.ts';
export { DEFAULT_RETRY, defaultSleep } from './http.ts';
export type { ProgressCallback, RetryPolicy, Sleep, HttpOptions } from './http.ts';
export type { CallOptions } from './context.ts';
export type { DownloadOptions } from './grids.ts';
export { annotationUrl, densityNrrdUrl, densityZipUrl, isNrrd, isZip } from './grids.ts';
export { Ontology, ontologyFromRows, editDistance } from './ontology.ts';
export { ontologyUrl } from './ontology-fetch.ts';
export { PROJECTION_PRODUCT_IDS, filterLists } from './experiment-rows.ts';
export { filterExperiments, matchesLine } from './experiments.ts';
export { groupUpstream } from './upstream.ts';
export type { UpstreamOptions } from './upstream.ts';
export { ROOT_STRUCTURE_ID } from './injection.ts';
export type * from './types.ts';
export { experimentPageUrl } from './links.ts';
