// The two searches around a CCF point (seed_point, µm [AP, DV, ML]):
// - Spatial Search, service::mouse_connectivity_target_spatial: experiments with projection
//   density ≥ 0.1 at the seed, ranked by density; rows carry `path` (seed → injection). No
//   fallback here: without the service the app lists what the cached grids say (data/).
// - Injection Coordinate Search, service::mouse_connectivity_injection_coordinate: experiments
//   ranked by the distance (µm) of their injection coordinate to the seed. Fallback when the
//   service fails: the same distance from ApiConnectivity's injection_x/y/z, computed here.
// Both honour the mouse line and the products (sent to the service and checked again here).
// Rows are hyphenated like the source search's; the services are flaky like it (success:false,
// msg {} when empty), handled by the shared envelope and retry layers.
import { answerFromList, OFFLINE_LIST_REASON, serviceAttempts, type AllenContext, type CallOptions, type ListSearchOptions } from './context.ts';
import { fetchAllRows, queryUrl } from './envelope.ts';
import { AllenError } from './errors.ts';
import { matchesProducts } from './experiment-filters.ts';
import { experimentFromServiceRow } from './experiment-rows.ts';
import { fetchAllExperiments, matchesLine } from './experiments.ts';
import type { Ontology } from './ontology.ts';
import { coordinateRowSchema, distanceUm, lineAndProductParams, seedParam, spatialRowSchema, type CcfPointUm } from './search-rows.ts';
import type { Experiment, MouseLineFilter } from './types.ts';

export const SPATIAL_SERVICE = 'mouse_connectivity_target_spatial';
export const COORDINATE_SERVICE = 'mouse_connectivity_injection_coordinate';
export { SPATIAL_MIN_DENSITY } from './experiment-filters.ts';

export interface SeedQuery {
  /** CCF µm [AP, DV, ML]. */
  readonly seedUm: CcfPointUm;
  readonly line: MouseLineFilter;
  /** [] = every product. */
  readonly productIds: readonly number[];
}

export interface SpatialHit {
  readonly experiment: Experiment;
  /** Density at the seed when the service reports it (row `density`), else null. */
  readonly densityAtSeed: number | null;
  /** Points of the row's `path` (seed → injection site). */
  readonly pathPoints: number;
}

export interface CoordinateHit {
  readonly experiment: Experiment;
  /** µm between the injection coordinate and the seed. */
  readonly distanceUm: number;
}

export interface CoordinateSearchResult {
  readonly hits: readonly CoordinateHit[];
  readonly source: 'service' | 'api-connectivity' | 'cached-list';
  readonly fallbackReason: string | null;
}

export function seedServiceCriteria(service: string, q: SeedQuery, startRow = 0): string {
  let c = `service::${service}${seedParam(q.seedUm)}${lineAndProductParams(q.line, q.productIds)}`;
  if (startRow > 0) c += `[start_row$eq${startRow}]`;
  return c;
}

const allowed = (e: Experiment, q: SeedQuery): boolean => matchesLine(e, q.line) && matchesProducts(e, q.productIds);
const pointText = (p: CcfPointUm): string => p.map((v) => Math.round(v)).join(', ');

/** Experiments with signal at the seed, in the service's order (densest first when it says). */
export async function searchSpatial(ctx: AllenContext, q: SeedQuery, ontology: Ontology, opts: CallOptions = {}): Promise<SpatialHit[]> {
  const { rows } = await fetchAllRows(
    ctx.http,
    { what: `Spatial search at CCF ${pointText(q.seedUm)} µm`, signal: opts.signal },
    (start) => queryUrl(ctx.apiBase, seedServiceCriteria(SPATIAL_SERVICE, q, start)),
    spatialRowSchema,
  );
  const seen = new Set<number>();
  const hits: SpatialHit[] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const experiment = experimentFromServiceRow(row, ontology);
    if (allowed(experiment, q)) hits.push({ experiment, densityAtSeed: row.density ?? null, pathPoints: row.path?.length ?? 0 });
  }
  // Stable: the service's ranking stays where it reports no density.
  return hits
    .map((h, i) => ({ h, i }))
    .sort((a, b) => (a.h.densityAtSeed !== null && b.h.densityAtSeed !== null ? b.h.densityAtSeed - a.h.densityAtSeed : 0) || a.i - b.i)
    .map(({ h }) => h);
}

function byDistance(hits: CoordinateHit[]): CoordinateHit[] {
  return hits.sort((a, b) => a.distanceUm - b.distanceUm || a.experiment.id - b.experiment.id);
}

/** Pure fallback step (exported for tests): every allowed experiment with its distance to the seed. */
export function coordinateHitsFromList(experiments: readonly Experiment[], q: SeedQuery): CoordinateHit[] {
  return byDistance(
    experiments.filter((e) => allowed(e, q)).map((experiment) => ({ experiment, distanceUm: distanceUm(experiment.injectionCoordUm, q.seedUm) })),
  );
}

/** Experiments ranked by the distance of their injection to the seed (nearest first). */
export async function searchInjectionCoordinate(
  ctx: AllenContext,
  q: SeedQuery,
  ontology: Ontology,
  opts: ListSearchOptions = {},
): Promise<CoordinateSearchResult> {
  const what = `Injection coordinate search at CCF ${pointText(q.seedUm)} µm`;
  const held = answerFromList(opts);
  if (held) return { hits: coordinateHitsFromList(held, q), source: 'cached-list', fallbackReason: OFFLINE_LIST_REASON };
  let serviceError: AllenError;
  try {
    const { rows } = await fetchAllRows(
      ctx.http,
      { what: `${what} (connectivity service)`, signal: opts.signal, attempts: serviceAttempts(opts) },
      (start) => queryUrl(ctx.apiBase, seedServiceCriteria(COORDINATE_SERVICE, q, start)),
      coordinateRowSchema,
    );
    const seen = new Set<number>();
    const hits: CoordinateHit[] = [];
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      const experiment = experimentFromServiceRow(row, ontology);
      if (allowed(experiment, q)) hits.push({ experiment, distanceUm: row.distance ?? distanceUm(experiment.injectionCoordUm, q.seedUm) });
    }
    return { hits: byDistance(hits), source: 'service', fallbackReason: null };
  } catch (e) {
    if (!(e instanceof AllenError) || e.kind === 'aborted') throw e;
    serviceError = e;
  }
  try {
    const all = opts.allExperiments ?? (await fetchAllExperiments(ctx, opts, ontology));
    return { hits: coordinateHitsFromList(all, q), source: 'api-connectivity', fallbackReason: serviceError.message };
  } catch (e) {
    if (!(e instanceof AllenError) || e.kind === 'aborted') throw e;
    throw new AllenError({
      kind: e.kind,
      what,
      detail: `the connectivity service failed (${serviceError.message}) and so did the ApiConnectivity fallback (${e.message})`,
      url: e.url,
      status: e.status,
      attempts: serviceError.attempts + e.attempts,
      cause: e,
    });
  }
}
