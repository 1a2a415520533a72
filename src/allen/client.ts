// The typed Allen client: one object bundling every endpoint over one HTTP layer (shared retry
// policy and per-host concurrency cap). In the app: createAllenClient({ ...allenConfig }). A thread
// that only downloads files uses createAllenGridClient (grid-client.ts), which has no row schemas; the
// app's threads use createLazyAllenClient (lazy-client.ts), which loads this module on first use.
import type { AllenContext, CallOptions, ListSearchOptions } from './context.ts';
import { fetchAllExperiments, searchExperiments } from './experiments.ts';
import { filterLists } from './experiment-rows.ts';
import { fetchAnnotation, fetchDensityGrid } from './grids.ts';
import type { AnnotationDownload, DownloadOptions } from './grids.ts';
import { createAllenContext, type AllenClientOptions } from './grid-client.ts';
import type { Http } from './http.ts';
import { fetchInjectionSummary } from './injection.ts';
import { fetchInjectionVolumes } from './injection-volumes.ts';
import { fetchProducts, type Product } from './products.ts';
import { searchInjectionCoordinate, searchSpatial, type CoordinateSearchResult, type SeedQuery, type SpatialHit } from './seed-search.ts';
import { searchTargets, type TargetQuery, type TargetSearchResult } from './target-search.ts';
import type { Ontology } from './ontology.ts';
import { fetchOntology } from './ontology-fetch.ts';
import type { DensityDownload, Experiment, ExperimentQuery, ExperimentSearchResult, FilterLists, InjectionSummary, UpstreamSource } from './types.ts';
import { fetchUpstreamRows, fetchUpstreamSources, type UnionizeRow } from './upstream.ts';
import type { UpstreamOptions } from './upstream.ts';

export type { AllenClientOptions } from './grid-client.ts';

export interface AllenClient {
  readonly apiBase: string;
  readonly downloadBase: string;
  readonly http: Http;
  fetchOntology(opts?: CallOptions): Promise<Ontology>;
  /** Offline with `allExperiments` given, answers from that list without asking the service. */
  searchExperiments(query: ExperimentQuery, ontology: Ontology, opts?: ListSearchOptions): Promise<ExperimentSearchResult>;
  /** `ontology` as a promise is awaited only once the rows are there (experiments.ts). */
  fetchAllExperiments(opts?: CallOptions, ontology?: Ontology | Promise<Ontology>): Promise<Experiment[]>;
  /** Target Search: experiments ranked by projection volume in the targets (service, PSU fallback). */
  searchTargets(query: TargetQuery, ontology: Ontology, opts?: CallOptions & { readonly allExperiments?: readonly Experiment[] }): Promise<TargetSearchResult>;
  /** Spatial Search: experiments with projection density ≥ 0.1 at the seed (no fallback). */
  searchSpatial(query: SeedQuery, ontology: Ontology, opts?: CallOptions): Promise<SpatialHit[]>;
  /** Injection Coordinate Search: experiments by distance of the injection to the seed. */
  searchInjectionCoordinate(query: SeedQuery, ontology: Ontology, opts?: ListSearchOptions): Promise<CoordinateSearchResult>;
  filterLists(experiments: readonly Experiment[]): FilterLists;
  fetchUpstreamSources(
    targetId: number,
    options: UpstreamOptions,
    ontology: Ontology,
    experiments: readonly Experiment[],
    opts?: CallOptions,
  ): Promise<UpstreamSource[]>;
  /** The unionize rows behind fetchUpstreamSources (cached by the worker's metadata cache). */
  fetchUpstreamRows(targetId: number, minVolumeMm3: number, opts?: CallOptions & { readonly label?: string }): Promise<UnionizeRow[]>;
  fetchInjectionSummary(experimentId: number, opts?: CallOptions): Promise<InjectionSummary>;
  /** PSU injection volume (is_injection, 997, hemisphere 3) per experiment; null = no record. Batched. */
  fetchInjectionVolumes(experimentIds: readonly number[], opts?: CallOptions): Promise<Map<number, number | null>>;
  fetchProducts(ids: readonly number[], opts?: CallOptions): Promise<Product[]>;
  fetchDensityGrid(experimentId: number, opts?: DownloadOptions): Promise<DensityDownload>;
  /** From the first download source that serves it (the last one that served first). */
  fetchAnnotation(resolution: 100 | 50 | 25, opts?: DownloadOptions): Promise<AnnotationDownload>;
}

export function createAllenClient(options: AllenClientOptions): AllenClient {
  return allenClientOn(createAllenContext(options));
}

/** The client over an existing context (lazy-client.ts makes its context before loading this module). */
export function allenClientOn(ctx: AllenContext): AllenClient {
  return {
    apiBase: ctx.apiBase,
    downloadBase: ctx.downloadBase,
    http: ctx.http,
    fetchOntology: (opts) => fetchOntology(ctx, opts),
    searchExperiments: (query, ontology, opts) => searchExperiments(ctx, query, ontology, opts),
    fetchAllExperiments: (opts, ontology) => fetchAllExperiments(ctx, opts, ontology),
    searchTargets: (query, ontology, opts) => searchTargets(ctx, query, ontology, opts),
    searchSpatial: (query, ontology, opts) => searchSpatial(ctx, query, ontology, opts),
    searchInjectionCoordinate: (query, ontology, opts) => searchInjectionCoordinate(ctx, query, ontology, opts),
    filterLists,
    fetchUpstreamSources: (targetId, options_, ontology, experiments, opts) => fetchUpstreamSources(ctx, targetId, options_, ontology, experiments, opts),
    fetchUpstreamRows: (targetId, min, opts) => fetchUpstreamRows(ctx, targetId, min, opts),
    fetchInjectionSummary: (id, opts) => fetchInjectionSummary(ctx, id, opts),
    fetchInjectionVolumes: (ids, opts) => fetchInjectionVolumes(ctx, ids, opts),
    fetchProducts: (ids, opts) => fetchProducts(ctx, ids, opts),
    fetchDensityGrid: (id, opts) => fetchDensityGrid(ctx, id, opts),
    fetchAnnotation: (res, opts) => fetchAnnotation(ctx, res, opts),
  };
}
