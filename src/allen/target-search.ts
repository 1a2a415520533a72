// Target Search ("virtual retrograde"): experiments with projection signal in the target
// structures (each with its descendants), ranked by the projection signal volume there, optionally
// only those injected in given source regions (bsv's find_connectivity_experiments with
// target_regions + regions: the intersection). Primary route: the injection-structure service
// with target_domain (rows carry `sum`, mm³, and `num-voxels`). Fallback when it fails:
// ProjectionStructureUnionize (is_injection=false, hemisphere 3 = both, projection_volume > 0)
// summed per experiment over the targets, joined with ApiConnectivity and filtered here.
// Both routes measure the same quantity: signal outside the injection site, both hemispheres.
// The service gets the retry policy's attempts even with the experiment list held (unlike source
// and coordinate searches, context.ts serviceAttempts): the list alone cannot answer a target
// search; the fallback needs the network too (PSU rows), so failing over early gains nothing.
import { z } from 'zod';
import type { AllenContext, CallOptions } from './context.ts';
import { fetchAllRows, intId, numeric, queryUrl } from './envelope.ts';
import { AllenError } from './errors.ts';
import { matchesProducts, topLevelTargets } from './experiment-filters.ts';
import { experimentFromServiceRow } from './experiment-rows.ts';
import { fetchAllExperiments, filterExperiments, matchesLine } from './experiments.ts';
import { ROOT_STRUCTURE_ID } from './injection.ts';
import type { Ontology } from './ontology.ts';
import { lineAndProductParams, targetRowSchema } from './search-rows.ts';
import type { Experiment, MouseLineFilter } from './types.ts';
import { UPSTREAM_PAGE_ROWS } from './upstream.ts';

export { topLevelTargets } from './experiment-filters.ts';

export interface TargetQuery {
  /** Target structures; each includes its descendants. */
  readonly targetIds: readonly number[];
  /** Optional source filter: only experiments injected here ([] = every injection). */
  readonly regionIds: readonly number[];
  readonly line: MouseLineFilter;
  readonly primaryOnly: boolean;
  /** [] = every product. */
  readonly productIds: readonly number[];
}

export interface TargetHit {
  readonly experiment: Experiment;
  /** Projection signal volume in the targets (mm³), outside the injection site, both hemispheres. */
  readonly sumMm3: number;
  /** `num-voxels` as the service reports it; the fallback gives PSU volume ÷ 0.001 mm³. */
  readonly numVoxels: number | null;
}

export interface TargetSearchResult {
  readonly hits: readonly TargetHit[];
  readonly source: 'service' | 'projection-structure-unionize';
  /** Why the fallback answered, when it did. */
  readonly fallbackReason: string | null;
}

export function targetServiceCriteria(q: TargetQuery, startRow = 0): string {
  const sources = q.regionIds.length > 0 ? q.regionIds : [ROOT_STRUCTURE_ID];
  let c = `service::mouse_connectivity_injection_structure[injection_structures$eq${sources.join(',')}]`;
  c += `[target_domain$eq${q.targetIds.join(',')}]`;
  c += `[primary_structure_only$eq${q.primaryOnly ? 'true' : 'false'}]`;
  c += lineAndProductParams(q.line, q.productIds);
  if (startRow > 0) c += `[start_row$eq${startRow}]`;
  return c;
}

export function targetPsuCriteria(targetIds: readonly number[], startRow: number, pageRows = UPSTREAM_PAGE_ROWS): string {
  return (
    `model::ProjectionStructureUnionize,rma::criteria,[structure_id$in${targetIds.join(',')}][is_injection$eqfalse]` +
    `[hemisphere_id$eq3][projection_volume$gt0],rma::options[num_rows$eq${pageRows}][start_row$eq${startRow}]`
  );
}

const psuTargetRowSchema = z.object({
  section_data_set_id: intId,
  structure_id: intId,
  hemisphere_id: intId,
  projection_volume: numeric,
  volume: numeric.nullable().optional(),
});
type PsuTargetRow = z.infer<typeof psuTargetRowSchema>;

function ranked(hits: TargetHit[]): TargetHit[] {
  return hits.filter((h) => h.sumMm3 > 0).sort((a, b) => b.sumMm3 - a.sumMm3 || a.experiment.id - b.experiment.id);
}

/** Keeps what the query's filters allow (the service is trusted on secondary injections). */
function allowed(e: Experiment, q: TargetQuery, ontology: Ontology): boolean {
  if (!matchesLine(e, q.line) || !matchesProducts(e, q.productIds)) return false;
  if (q.regionIds.length === 0 || !q.primaryOnly) return true;
  return ontology.expand(q.regionIds).has(e.structureId);
}

async function viaService(ctx: AllenContext, q: TargetQuery, ontology: Ontology, what: string, opts: CallOptions): Promise<TargetHit[]> {
  const { rows } = await fetchAllRows(
    ctx.http,
    { what, signal: opts.signal },
    (start) => queryUrl(ctx.apiBase, targetServiceCriteria(q, start)),
    targetRowSchema,
  );
  const seen = new Set<number>();
  const hits: TargetHit[] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const experiment = experimentFromServiceRow(row, ontology);
    if (allowed(experiment, q, ontology)) hits.push({ experiment, sumMm3: row.sum, numVoxels: row['num-voxels'] ?? null });
  }
  return ranked(hits);
}

/** Pure fallback step (exported for tests): PSU rows of the top-level targets + experiment list → hits. */
export function targetHitsFromPsu(
  rows: readonly PsuTargetRow[],
  targets: readonly number[],
  q: TargetQuery,
  ontology: Ontology,
  experiments: readonly Experiment[],
): TargetHit[] {
  const wanted = new Set(targets);
  const sums = new Map<number, { sum: number; volume: number; withVolume: boolean }>();
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.section_data_set_id}:${r.structure_id}`;
    if (r.hemisphere_id !== 3 || !wanted.has(r.structure_id) || seen.has(key)) continue;
    seen.add(key);
    const s = sums.get(r.section_data_set_id) ?? { sum: 0, volume: 0, withVolume: true };
    s.sum += r.projection_volume;
    if (r.volume === null || r.volume === undefined) s.withVolume = false;
    else s.volume += r.volume;
    sums.set(r.section_data_set_id, s);
  }
  const kept =
    q.regionIds.length > 0
      ? filterExperiments(experiments, { regionIds: q.regionIds, line: q.line, primaryOnly: q.primaryOnly, productIds: q.productIds }, ontology)
      : experiments.filter((e) => matchesLine(e, q.line) && matchesProducts(e, q.productIds));
  const hits: TargetHit[] = [];
  for (const e of kept) {
    const s = sums.get(e.id);
    if (s) hits.push({ experiment: e, sumMm3: s.sum, numVoxels: s.withVolume ? Math.round(s.volume / 0.001) : null });
  }
  return ranked(hits);
}

/**
 * Experiments with signal in the targets, largest projection volume there first. Throws
 * AllenError ('aborted' on abort; otherwise when both routes fail, naming both failures).
 */
export async function searchTargets(
  ctx: AllenContext,
  q: TargetQuery,
  ontology: Ontology,
  opts: CallOptions & { readonly allExperiments?: readonly Experiment[] } = {},
): Promise<TargetSearchResult> {
  const targets = topLevelTargets(q.targetIds, ontology);
  if (targets.length === 0) return { hits: [], source: 'service', fallbackReason: null };
  const names = targets.map((id) => ontology.byId(id)?.acronym ?? String(id)).join(', ');
  let serviceError: AllenError;
  try {
    return {
      hits: await viaService(ctx, { ...q, targetIds: targets }, ontology, `Target search for ${names} (connectivity service)`, opts),
      source: 'service',
      fallbackReason: null,
    };
  } catch (e) {
    if (!(e instanceof AllenError) || e.kind === 'aborted') throw e;
    serviceError = e;
  }
  try {
    const { rows } = await fetchAllRows(
      ctx.http,
      { what: `Target search for ${names} (ProjectionStructureUnionize)`, signal: opts.signal },
      (start) => queryUrl(ctx.apiBase, targetPsuCriteria(targets, start)),
      psuTargetRowSchema,
    );
    const all = opts.allExperiments ?? (await fetchAllExperiments(ctx, opts, ontology));
    return { hits: targetHitsFromPsu(rows, targets, q, ontology, all), source: 'projection-structure-unionize', fallbackReason: serviceError.message };
  } catch (e) {
    if (!(e instanceof AllenError) || e.kind === 'aborted') throw e;
    throw new AllenError({
      kind: e.kind,
      what: `Target search for ${names}`,
      detail: `the connectivity service failed (${serviceError.message}) and so did the ProjectionStructureUnionize fallback (${e.message})`,
      url: e.url,
      status: e.status,
      attempts: serviceError.attempts + e.attempts,
      cause: e,
    });
  }
}
