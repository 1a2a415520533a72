// Injection summary of one experiment: ProjectionStructureUnionize rows with is_injection=true.
// Injection volume = projection_volume (mm³) of structure 997 (root), hemisphere 3 (both).
import { z } from 'zod';
import type { AllenContext, CallOptions } from './context.ts';
import { boolish, fetchAllRows, intId, numeric, queryUrl } from './envelope.ts';
import { AllenError } from './errors.ts';
import type { InjectionRow, InjectionSummary } from './types.ts';

export const ROOT_STRUCTURE_ID = 997;

const injectionRowSchema = z.object({
  structure_id: intId,
  hemisphere_id: z.union([z.literal(1), z.literal(2), z.literal(3), z.enum(['1', '2', '3']).transform((s) => Number(s) as 1 | 2 | 3)]),
  is_injection: boolish,
  projection_volume: numeric,
  projection_density: numeric,
  max_voxel_x: numeric,
  max_voxel_y: numeric,
  max_voxel_z: numeric,
});

export function injectionCriteria(experimentId: number): string {
  return `model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$eq${experimentId}][is_injection$eqtrue],` + `rma::options[num_rows$eq'all']`;
}

/** Throws AllenError 'empty' when the experiment has no injection rows or no root/both row. */
export async function fetchInjectionSummary(ctx: AllenContext, experimentId: number, opts: CallOptions = {}): Promise<InjectionSummary> {
  const what = `Injection summary of experiment ${experimentId}`;
  const urlFor = (start: number): string =>
    queryUrl(ctx.apiBase, start > 0 ? `${injectionCriteria(experimentId)}[start_row$eq${start}]` : injectionCriteria(experimentId));
  const { rows } = await fetchAllRows(ctx.http, { what, experimentId, signal: opts.signal }, urlFor, injectionRowSchema);
  const injection: InjectionRow[] = rows
    .filter((r) => r.is_injection)
    .map((r) => ({
      structureId: r.structure_id,
      hemisphereId: r.hemisphere_id,
      projectionVolumeMm3: r.projection_volume,
      projectionDensity: r.projection_density,
      maxVoxelUm: [r.max_voxel_x, r.max_voxel_y, r.max_voxel_z] as const,
    }));
  const root = injection.find((r) => r.structureId === ROOT_STRUCTURE_ID && r.hemisphereId === 3);
  if (!root) {
    throw new AllenError({
      kind: 'empty',
      what,
      experimentId,
      url: urlFor(0),
      detail: injection.length === 0 ? 'Allen has no injection records for it' : 'no injection record for root (997), both hemispheres',
    });
  }
  return { experimentId, injectionVolumeMm3: root.projectionVolumeMm3, rows: injection };
}
