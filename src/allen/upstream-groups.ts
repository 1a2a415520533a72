// Upstream sources of a target grouped from ProjectionStructureUnionize rows (upstream.ts says
// which rows and why), without the rows' schema: the page groups the rows the worker cached, and
// this module brings no zod onto the main thread (experiment-filters.ts says why that matters).
import { matchesLine, matchesProducts } from './experiment-filters.ts';
import type { Ontology } from './ontology.ts';
import type { Experiment, MouseLineFilter, UpstreamSource } from './types.ts';

/** One ProjectionStructureUnionize row, the fields used (upstream.ts's unionizeRowSchema checks them). */
export interface UnionizeRow {
  readonly section_data_set_id: number;
  readonly structure_id: number;
  readonly hemisphere_id: number;
  readonly is_injection: boolean;
  readonly projection_volume: number;
}

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
  // A source inside the target, or containing it, is the target itself, not upstream of it
  // (asked once per structure: the experiments share a few hundred)
  const related = new Map<number, boolean>();
  const isTargetItself = (sourceId: number): boolean => {
    let r = related.get(sourceId);
    if (r === undefined) related.set(sourceId, (r = ontology.isDescendant(sourceId, targetId) || ontology.isDescendant(targetId, sourceId)));
    return r;
  };
  for (const [experimentId, volume] of volumeByExperiment) {
    const e = byId.get(experimentId);
    if (!e || !matchesLine(e, line)) continue;
    if (!matchesProducts(e, products)) continue;
    const sources = primaryOnly ? [e.structureId] : [...new Set([e.structureId, ...e.injectionStructureIds])];
    for (const sourceId of sources) {
      if (isTargetItself(sourceId)) continue;
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
