// Injection signal volumes of many experiments, batched: the ProjectionStructureUnionize record
// with is_injection=true, structure 997 (root), hemisphere 3 (both) of each experiment, field
// projection_volume (mm³). This is what bsv's fetch_connectivity_summary / injection summary divides
// by under 'injectionVolume' normalisation (bsv-reference §4.5 pass 2 step 3), and what AllenSDK's
// unionize tables call the injection's projection volume. It is NOT the search row's
// `injection-volume` (the injection site's volume, another quantity).
// One request per INJECTION_VOLUME_BATCH experiments (`section_data_set_id$in…`). An experiment
// with no such record maps to null: the caller excludes it from normalised means with that reason.
import { z } from 'zod';
import { INJECTION_VOLUME_BATCH, type AllenContext, type CallOptions } from './context.ts';
import { boolish, fetchAllRows, intId, numeric, queryUrl } from './envelope.ts';
import { ROOT_STRUCTURE_ID } from './injection.ts';

export { INJECTION_VOLUME_BATCH } from './context.ts';

const rowSchema = z.object({
  section_data_set_id: intId,
  structure_id: intId,
  hemisphere_id: intId,
  is_injection: boolish,
  projection_volume: numeric,
});

export function injectionVolumeCriteria(experimentIds: readonly number[], startRow = 0): string {
  return (
    `model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$in${experimentIds.join(',')}]` +
    `[is_injection$eqtrue][structure_id$eq${ROOT_STRUCTURE_ID}][hemisphere_id$eq3],` +
    `rma::options[num_rows$eq'all'][order$eq'id']${startRow > 0 ? `[start_row$eq${startRow}]` : ''}`
  );
}

/**
 * Injection volume (mm³) per requested experiment, null when Allen has no such record. Throws
 * AllenError when a batch fails after retries (callers decide what a failed batch means).
 */
export async function fetchInjectionVolumes(ctx: AllenContext, experimentIds: readonly number[], opts: CallOptions = {}): Promise<Map<number, number | null>> {
  const ids = [...new Set(experimentIds)];
  const out = new Map<number, number | null>(ids.map((id) => [id, null]));
  for (let i = 0; i < ids.length; i += INJECTION_VOLUME_BATCH) {
    const batch = ids.slice(i, i + INJECTION_VOLUME_BATCH);
    const { rows } = await fetchAllRows(
      ctx.http,
      { what: `Injection volumes of ${batch.length} experiment${batch.length === 1 ? '' : 's'}`, signal: opts.signal },
      (start) => queryUrl(ctx.apiBase, injectionVolumeCriteria(batch, start)),
      rowSchema,
    );
    for (const r of rows) {
      // the criteria already select these; a server that ignores one must not change the divisor
      if (!r.is_injection || r.structure_id !== ROOT_STRUCTURE_ID || r.hemisphere_id !== 3 || !out.has(r.section_data_set_id)) continue;
      // bsv takes the largest projection_volume among an experiment's (997, 3) injection records
      const prev = out.get(r.section_data_set_id) ?? null;
      out.set(r.section_data_set_id, prev === null ? r.projection_volume : Math.max(prev, r.projection_volume));
    }
  }
  return out;
}
