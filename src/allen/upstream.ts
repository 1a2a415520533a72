// Upstream sources of a target: ProjectionStructureUnionize rows outside the injection site
// (is_injection=false) in the target, both hemispheres combined (hemisphere_id=3, so each
// experiment counts once), with projection_volume > min → experiments → their PRIMARY injection
// structures. Fixes bsv quirk Q6: the line filter is honoured, hemispheres are not triple
// counted, and experiments injected in the target itself (or in a structure containing it)
// are not reported as upstream sources.
import { z } from 'zod';
import type { AllenContext, CallOptions } from './context.ts';
import { boolish, fetchAllRows, intId, numeric, queryUrl } from './envelope.ts';
import { groupUpstream, type UnionizeRow, type UpstreamOptions } from './upstream-groups.ts';
import type { Ontology } from './ontology.ts';
import type { Experiment, UpstreamSource } from './types.ts';

export { groupUpstream, isUpstreamRow, type UnionizeRow, type UpstreamOptions } from './upstream-groups.ts';

export const UPSTREAM_PAGE_ROWS = 5000;

export const unionizeRowSchema: z.ZodType<UnionizeRow> = z.object({
  section_data_set_id: intId,
  structure_id: intId,
  hemisphere_id: intId,
  is_injection: boolish,
  projection_volume: numeric,
});

export function upstreamCriteria(targetId: number, minVolumeMm3: number, startRow: number, pageRows = UPSTREAM_PAGE_ROWS): string {
  return (
    `model::ProjectionStructureUnionize,rma::criteria,[structure_id$eq${targetId}][is_injection$eqfalse]` +
    `[hemisphere_id$eq3][projection_volume$gt${minVolumeMm3}],rma::options[num_rows$eq${pageRows}][start_row$eq${startRow}]`
  );
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
