// Experiment search. Primary route: service::mouse_connectivity_injection_structure (flaky,
// hyphenated rows, msg:{} when empty, ignores num_rows). Fallback when it still fails after
// retries or returns invalid rows: model::ApiConnectivity (all experiments) filtered here
// through the ontology.
import { answerFromList, OFFLINE_LIST_REASON, serviceAttempts, type AllenContext, type CallOptions, type ListSearchOptions } from './context.ts';
import { fetchAllRows, queryUrl } from './envelope.ts';
import { AllenError } from './errors.ts';
import { matchesLine, matchesProducts } from './experiment-filters.ts';
import { apiConnectivityRowSchema, experimentFromApiConnectivityRow, experimentFromServiceRow, serviceRowSchema } from './experiment-rows.ts';
import type { Ontology } from './ontology.ts';
import { lineAndProductParams } from './search-rows.ts';
import type { Experiment, ExperimentQuery, ExperimentSearchResult } from './types.ts';

export { matchesLine } from './experiment-filters.ts';

/** Service criteria; `startRow` > 0 adds the service's own start_row parameter. */
export function serviceCriteria(query: ExperimentQuery, startRow = 0): string {
  let c = `service::mouse_connectivity_injection_structure[injection_structures$eq${query.regionIds.join(',')}]`;
  c += `[primary_structure_only$eq${query.primaryOnly ? 'true' : 'false'}]`;
  c += lineAndProductParams(query.line, query.productIds ?? []);
  if (startRow > 0) c += `[start_row$eq${startRow}]`;
  return c;
}

export function apiConnectivityCriteria(startRow = 0): string {
  const start = startRow > 0 ? `[start_row$eq${startRow}]` : '';
  return `model::ApiConnectivity,rma::options[num_rows$eq'all']${start}`;
}

/**
 * Client-side filter (the fallback route's whole logic). Primary only: the primary injection
 * structure lies inside the expanded regions; otherwise the primary or any injection structure does.
 * Products: `query.productIds` (default [] = every product, as bsv); experiments with no product
 * id are kept.
 */
export function filterExperiments(experiments: readonly Experiment[], query: ExperimentQuery, ontology: Ontology): Experiment[] {
  const regions = ontology.expand(query.regionIds);
  const products = query.productIds ?? [];
  return experiments.filter((e) => {
    if (!matchesProducts(e, products)) return false;
    if (!matchesLine(e, query.line)) return false;
    if (regions.has(e.structureId)) return true;
    return !query.primaryOnly && e.injectionStructureIds.some((id) => regions.has(id));
  });
}

function dedupe(experiments: readonly Experiment[]): Experiment[] {
  const seen = new Set<number>();
  return experiments.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

/**
 * Every experiment of model::ApiConnectivity (all products), normalised. `ontology` names the
 * injection structures; given as a promise, it is awaited only once the rows are there, so the
 * list's download does not wait for the structure graph's (a round trip and ~0.1 s of parsing on
 * a cold start). Whoever makes that promise keeps it from going unhandled meanwhile
 * (backend/metadata-cache.ts loadAllExperiments): the lazy client holds it across its own load.
 */
export async function fetchAllExperiments(ctx: AllenContext, opts: CallOptions = {}, ontology?: Ontology | Promise<Ontology>): Promise<Experiment[]> {
  const { rows } = await fetchAllRows(
    ctx.http,
    { what: 'Loading the list of all experiments (ApiConnectivity)', signal: opts.signal },
    (start) => queryUrl(ctx.apiBase, apiConnectivityCriteria(start)),
    apiConnectivityRowSchema,
  );
  const names = await ontology;
  return dedupe(rows.map((r) => experimentFromApiConnectivityRow(r, names)));
}

async function searchService(ctx: AllenContext, query: ExperimentQuery, ontology: Ontology, opts: ListSearchOptions): Promise<Experiment[]> {
  const { rows } = await fetchAllRows(
    ctx.http,
    { what: 'Experiment search (connectivity service)', signal: opts.signal, attempts: serviceAttempts(opts) },
    (start) => queryUrl(ctx.apiBase, serviceCriteria(query, start)),
    serviceRowSchema,
  );
  const experiments = dedupe(rows.map((r) => experimentFromServiceRow(r, ontology)));
  if (!query.primaryOnly) {
    // Trust the service on secondary injection structures; still enforce line and product.
    return experiments.filter((e) => matchesLine(e, query.line) && matchesProducts(e, query.productIds ?? []));
  }
  return filterExperiments(experiments, query, ontology);
}

/**
 * Experiments injected in the query's regions (each with its descendants). Uses the service and
 * falls back to ApiConnectivity + ontology filtering; `source`/`fallbackReason` say which answered.
 * `allExperiments`, when given, is used for the fallback instead of downloading the list again;
 * offline (`opts.offline`) it answers at once (source 'cached-list') without asking the service.
 * Throws AllenError ('aborted' on abort; otherwise when both routes fail).
 */
export async function searchExperiments(
  ctx: AllenContext,
  query: ExperimentQuery,
  ontology: Ontology,
  opts: ListSearchOptions = {},
): Promise<ExperimentSearchResult> {
  if (query.regionIds.length === 0) return { experiments: [], source: 'service', fallbackReason: null };
  const held = answerFromList(opts);
  if (held) return { experiments: filterExperiments(held, query, ontology), source: 'cached-list', fallbackReason: OFFLINE_LIST_REASON };
  let serviceError: AllenError;
  try {
    return {
      experiments: await searchService(ctx, query, ontology, opts),
      source: 'service',
      fallbackReason: null,
    };
  } catch (e) {
    if (!(e instanceof AllenError) || e.kind === 'aborted') throw e;
    serviceError = e;
  }
  try {
    const all = opts.allExperiments ?? (await fetchAllExperiments(ctx, opts, ontology));
    return {
      experiments: filterExperiments(all, query, ontology),
      source: 'api-connectivity',
      fallbackReason: serviceError.message,
    };
  } catch (e) {
    if (!(e instanceof AllenError) || e.kind === 'aborted') throw e;
    throw new AllenError({
      kind: e.kind,
      what: 'Experiment search',
      detail: `the connectivity service failed (${serviceError.message}) and so did the ApiConnectivity fallback (${e.message})`,
      url: e.url,
      status: e.status,
      attempts: serviceError.attempts + e.attempts,
      cause: e,
    });
  }
}
