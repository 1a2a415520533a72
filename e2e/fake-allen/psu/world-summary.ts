// Summaries for tests (GET /__fake/world, /__fake/upstream): which structures have experiments,
// and for a target, its upstream sources = primary injection structures of the experiments whose
// ProjectionStructureUnionize row (target, hemisphere 3, is_injection=false) has
// projection_volume > minVolumeMm3 — exactly what the app derives from the real PSU query.
import { quirksOf } from '../quirks/quirks.ts';
import type { World } from '../world/world.ts';
import { psuRows } from './rows.ts';

export interface UpstreamSourceSummary {
  readonly structureId: number;
  readonly acronym: string;
  readonly experimentIds: number[];
  summedVolumeMm3: number;
}

export interface TargetSummary {
  readonly targetId: number;
  readonly acronym: string;
  readonly minVolumeMm3: number;
  /** Experiments (any primary structure) above the threshold, with their volume in the target. */
  readonly experiments: ReadonlyArray<{ readonly experimentId: number; readonly structureId: number; readonly projectionVolumeMm3: number }>;
  /** Grouped by primary injection structure, largest summed volume first. */
  readonly sources: readonly UpstreamSourceSummary[];
}

export function upstreamOf(world: World, targetId: number, minVolumeMm3: number): TargetSummary {
  const rows = psuRows(world, { experimentIds: null, structureIds: [targetId], hemispheres: [3], injection: [false] }, false);
  const experiments = rows
    .filter((r) => r.projection_volume > minVolumeMm3)
    .map((r) => ({
      experimentId: r.section_data_set_id,
      structureId: world.experimentById.get(r.section_data_set_id)?.structureId ?? 0,
      projectionVolumeMm3: r.projection_volume,
    }));
  const bySource = new Map<number, UpstreamSourceSummary>();
  for (const e of experiments) {
    let s = bySource.get(e.structureId);
    if (!s) {
      s = { structureId: e.structureId, acronym: world.ontology.get(e.structureId)?.acronym ?? '', experimentIds: [], summedVolumeMm3: 0 };
      bySource.set(e.structureId, s);
    }
    s.experimentIds.push(e.experimentId);
    s.summedVolumeMm3 += e.projectionVolumeMm3;
  }
  return {
    targetId,
    acronym: world.ontology.get(targetId)?.acronym ?? '',
    minVolumeMm3,
    experiments,
    sources: [...bySource.values()].sort((a, b) => b.summedVolumeMm3 - a.summedVolumeMm3),
  };
}

const GOOD_TARGET_ACRONYMS = ['CP', 'TH', 'VISp', 'MOs', 'SSp', 'ACA', 'LGd', 'SCs'];
const DESCENDANT_ONLY_CANDIDATES = ['TH', 'STR', 'VIS', 'MO', 'HPF', 'STRd', 'DORpm', 'SSp'];

/**
 * Parents present only through descendants: no 100 µm voxel carries their own id (labels are
 * leaves), yet they and their descendants have voxels. TH first when present; at most five.
 */
export function descendantOnlyTargets(world: World): Array<{ id: number; acronym: string }> {
  const ownLabels = new Set(world.leafLabels);
  return DESCENDANT_ONLY_CANDIDATES.flatMap((acronym) => {
    const id = world.ontology.resolve(acronym);
    if (id === undefined || ownLabels.has(id) || !world.voxelCounts.has(id)) return [];
    return [{ id, acronym: world.ontology.get(id)?.acronym ?? acronym }];
  }).slice(0, 5);
}

export function worldSummary(world: World, minVolumeMm3: number): Record<string, unknown> {
  const counts = new Map<number, number>();
  const lines = new Map<string, number>();
  for (const e of world.experiments) {
    counts.set(e.structureId, (counts.get(e.structureId) ?? 0) + 1);
    const line = e.line?.name ?? '';
    lines.set(line, (lines.get(line) ?? 0) + 1);
  }
  const structuresWithExperiments = [...counts]
    .map(([id, count]) => ({ id, acronym: world.ontology.get(id)?.acronym ?? '', count, hasVoxels: world.voxelCounts.has(id) }))
    .sort((a, b) => b.count - a.count || a.id - b.id);
  const goodTargets = GOOD_TARGET_ACRONYMS.flatMap((acronym) => {
    const id = world.ontology.resolve(acronym);
    if (id === undefined || !world.voxelCounts.has(id)) return [];
    const up = upstreamOf(world, id, minVolumeMm3);
    return [
      {
        id,
        acronym,
        experimentCount: up.experiments.length,
        sources: up.sources.map((s) => ({
          structureId: s.structureId,
          acronym: s.acronym,
          experimentIds: s.experimentIds,
          summedVolumeMm3: s.summedVolumeMm3,
        })),
      },
    ];
  });
  return {
    mode: world.mode,
    seed: world.seed,
    experimentCount: world.experiments.length,
    structureCount: world.ontology.size,
    structuresWithVoxels: world.structuresWithVoxels.length,
    minVolumeMm3,
    lines: [...lines].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count),
    structuresWithExperiments,
    traps: [
      { acronym: 'VIS', id: 669, notUnder: 'VISC', notUnderId: 677 },
      { acronym: 'MO', id: 500, notUnder: 'MOB', notUnderId: 507 },
    ],
    goodTargets,
    quirks: quirksOf(world),
    descendantOnlyTargets: descendantOnlyTargets(world),
  };
}
