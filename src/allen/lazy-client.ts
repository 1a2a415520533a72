// The Allen client as the app's threads hold it from start-up: the same AllenClient, but the module
// with the JSON endpoints and their row schemas (client.ts, which brings zod) is imported on the
// first call that needs it, so a warm start, which reads the metadata from IndexedDB, never loads
// or evaluates it (zod's evaluation cost ~21–26 ms per JS context in headless Chromium on the test
// machine, 7 December). File downloads (grids, annotation volumes) and the experiment filter lists
// need no schemas and run at once. One context (HTTP layer, per-host cap, the annotation source
// that served last) is made now and shared by every call, loaded or not. A failed import is
// retried by the next call.
import type { AllenClient, AllenClientOptions } from './client.ts';
import { filterLists } from './experiment-filters.ts';
import { createAllenContext } from './grid-client.ts';
import { fetchAnnotation, fetchDensityGrid } from './grids.ts';

export function createLazyAllenClient(options: AllenClientOptions): AllenClient {
  const ctx = createAllenContext(options);
  let loaded: Promise<AllenClient> | null = null;
  const load = (): Promise<AllenClient> => {
    loaded ??= import('./client.ts').then(
      ({ allenClientOn }) => allenClientOn(ctx),
      (e: unknown) => {
        loaded = null;
        throw e;
      },
    );
    return loaded;
  };
  return {
    apiBase: ctx.apiBase,
    downloadBase: ctx.downloadBase,
    http: ctx.http,
    fetchOntology: async (opts) => (await load()).fetchOntology(opts),
    searchExperiments: async (query, ontology, opts) => (await load()).searchExperiments(query, ontology, opts),
    fetchAllExperiments: async (opts, ontology) => (await load()).fetchAllExperiments(opts, ontology),
    searchTargets: async (query, ontology, opts) => (await load()).searchTargets(query, ontology, opts),
    searchSpatial: async (query, ontology, opts) => (await load()).searchSpatial(query, ontology, opts),
    searchInjectionCoordinate: async (query, ontology, opts) => (await load()).searchInjectionCoordinate(query, ontology, opts),
    filterLists,
    fetchUpstreamSources: async (targetId, options_, ontology, experiments, opts) =>
      (await load()).fetchUpstreamSources(targetId, options_, ontology, experiments, opts),
    fetchUpstreamRows: async (targetId, min, opts) => (await load()).fetchUpstreamRows(targetId, min, opts),
    fetchInjectionSummary: async (id, opts) => (await load()).fetchInjectionSummary(id, opts),
    fetchInjectionVolumes: async (ids, opts) => (await load()).fetchInjectionVolumes(ids, opts),
    fetchProducts: async (ids, opts) => (await load()).fetchProducts(ids, opts),
    fetchDensityGrid: (id, opts) => fetchDensityGrid(ctx, id, opts),
    fetchAnnotation: (res, opts) => fetchAnnotation(ctx, res, opts),
  };
}
