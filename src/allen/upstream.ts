// Upstream sources of a target: ProjectionStructureUnionize rows outside the injection site
// (is_injection=false) in the target, both hemispheres combined (hemisphere_id=3, so each
// experiment counts once), with projection_volume > min → experiments → their PRIMARY injection
// structures. Fixes bsv quirk Q6: the line filter is honoured, hemispheres are not triple
// counted, and experiments injected in the target itself (or in a structure containing it)
// are not reported as upstream sources.
import { z } from 'zod';
import type { AllenContext, CallOptions } from './context.ts';
import { boolish, fetchAllRows, intId, numeric, queryUrl } from './envelope.ts';
import { matchesProducts } from './experiment-rows.ts';
import { matchesLine } from './experiments.ts';
import type { Ontology } from './ontology.ts';
import type { Experiment, MouseLineFilter, UpstreamSource } from './types.ts';

export const UPSTREAM_PAGE_ROWS = 5000;

export const unionizeRowSchema = z.object({
  section_data_set_id: intId,
  structure_id: intId,
  hemisphere_id: intId,
  is_injection: boolish,
  projection_volume: numeric,
});
export type UnionizeRow = z.infer<typeof unionizeRowSchema>;

export interface UpstreamOptions {
  /** mm³; rows with projection_volume ≤ this are ignored (bsv default 0.01). */
  readonly minVolumeMm3?: number;
  readonly line?: MouseLineFilter;
  /** true (default): group by primary injection structure only; false: an experiment also counts
   * under each of its secondary injection structures (it then appears in several sources). */
  readonly primaryOnly?: boolean;
  /** Products to keep; default [] = every product (bsv applies no product filter). */
  readonly productIds?: readonly number[];
}

export function upstreamCriteria(targetId: number, minVolumeMm3: number, startRow: number, pageRows = UPSTREAM_PAGE_ROWS): string {
  return (
    `model::ProjectionStructureUnionize,rma::criteria,[structure_id$eq${targetId}][is_injection$eqfalse]` +
    `[hemisphere_id$eq3][projection_volume$gt${minVolumeMm3}],rma::options[num_rows$eq${pageRows}][start_row$eq${startRow}]`
  );
}

/** A row of the target's projection outside the injection site, both hemispheres, above the minimum. */
export function isUpstreamRow(r: UnionizeRow, targetId: number, minVolumeMm3: number): boolean {
  return !r.is_injection && r.hemisphere_id === 3 && r.structure_id === targetId && r.projection_volume > minVolumeMm3;
}

/** Pure grouping step (exported for tests): unionize rows + experiment list → sources. */
export function groupUpstream(
  targetId: number,
  rows: readonly UnionizeRow[],
  options: UpstreamOptions,
  ontology: Ontology,
  experiments: readonly Experiment[],
): UpstreamSource[] {
  const min = options.minVolumeMm3 ?? 0.01;
  const line = options.line ?? { kind: 'all' };
  const primaryOnly = options.primaryOnly ?? true;
  const products = options.productIds ?? [];
  const byId = new Map(experiments.map((e) => [e.id, e]));
  const volumeByExperiment = new Map<number, number>();
  for (const r of rows) {
    if (!isUpstreamRow(r, targetId, min)) continue;
    const prev = volumeByExperiment.get(r.section_data_set_id) ?? 0;
    volumeByExperiment.set(r.section_data_set_id, Math.max(prev, r.projection_volume));
  }
  const groups = new Map<number, { ids: number[]; sum: number }>();
  for (const [experimentId, volume] of volumeByExperiment) {
    const e = byId.get(experimentId);
    if (!e || !matchesLine(e, line)) continue;
    if (!matchesProducts(e, products)) continue;
    const sources = primaryOnly ? [e.structureId] : [...new Set([e.structureId, ...e.injectionStructureIds])];
    for (const sourceId of sources) {
      // A source inside the target, or containing it, is the target itself, not upstream of it.
      if (ontology.isDescendant(sourceId, targetId) || ontology.isDescendant(targetId, sourceId)) continue;
      const g = groups.get(sourceId) ?? { ids: [], sum: 0 };
      g.ids.push(experimentId);
      g.sum += volume;
      groups.set(sourceId, g);
    }
  }
  return [...groups]
    .map(([structureId, g]) => {
      const s = ontology.byId(structureId);
      return {
        structureId,
        acronym: s?.acronym ?? String(structureId),
        name: s?.name ?? '',
        experimentIds: [...g.ids].sort((a, b) => a - b),
        summedVolumeMm3: g.sum,
      };
    })
    .sort((a, b) => b.summedVolumeMm3 - a.summedVolumeMm3 || a.acronym.localeCompare(b.acronym));
}

/** The unionize rows of `targetId` above `minVolumeMm3` (every page), as downloaded; `label` names the target in errors. */
export async function fetchUpstreamRows(
  ctx: AllenContext,
  targetId: number,
  minVolumeMm3: number,
  opts: CallOptions & { readonly label?: string } = {},
): Promise<UnionizeRow[]> {
  const { rows } = await fetchAllRows(
    ctx.http,
    { what: `Upstream search for ${opts.label ?? `structure ${targetId}`}`, signal: opts.signal },
    (start) => queryUrl(ctx.apiBase, upstreamCriteria(targetId, minVolumeMm3, start)),
    unionizeRowSchema,
  );
  return rows;
}

/** Sources projecting into `targetId`, sorted by summed projection volume (desc). */
export async function fetchUpstreamSources(
  ctx: AllenContext,
  targetId: number,
  options: UpstreamOptions,
  ontology: Ontology,
  experiments: readonly Experiment[],
  opts: CallOptions = {},
): Promise<UpstreamSource[]> {
  const min = options.minVolumeMm3 ?? 0.01;
  const rows = await fetchUpstreamRows(ctx, targetId, min, { ...opts, label: ontology.byId(targetId)?.acronym });
  return groupUpstream(targetId, rows, { ...options, minVolumeMm3: min }, ontology, experiments);
}
