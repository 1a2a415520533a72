// Synthetic experiments get metadata derived from their grids: injection volume = PSU injection
// volume (root, hemisphere 3, is_injection = true, projection_volume) ÷ the experiment's target
// ratio (world/injection-ratio.ts, 0.7–1.3), so the two differ like Allen's do; injection
// structures = leaves of the injection site plus the primary structure. Real metadata is left as
// Allen published it.
import { injectionRatio } from '../world/injection-ratio.ts';
import type { World } from '../world/world.ts';
import type { FakeExperiment } from '../world/experiments.ts';
import { experimentStats } from './leaf-stats.ts';

/** Injection structures as served: real ones verbatim, synthetic ones from the rendered grid. */
export function injectionStructuresOf(world: World, exp: FakeExperiment): number[] {
  if (exp.real) return exp.injectionStructureIds;
  const stats = experimentStats(world, exp);
  const ids = new Set([exp.structureId]);
  for (let r = 0; r < stats.count; r++) {
    if (((stats.klass[r] ?? 0) & 1) === 1 && (stats.touched[r] ?? 0) > 0) ids.add(stats.labels[r] ?? 0);
  }
  return [...ids].sort((a, b) => a - b);
}

export function completeSyntheticMetadata(world: World): void {
  for (const exp of world.experiments) {
    if (exp.real) continue;
    exp.injectionVolume = experimentStats(world, exp).injectionVolumeMm3 / injectionRatio(world, exp.id);
    exp.injectionStructureIds = injectionStructuresOf(world, exp);
  }
}
