// Synthetic experiments get metadata that agrees with their grids: injection volume = PSU root,
// hemisphere 3, is_injection = true projection_volume; injection structures = leaves of the
// injection site plus the primary structure. Real metadata is left as Allen published it.
import type { World } from '../world/world.ts';
import { experimentStats } from './leaf-stats.ts';

export function completeSyntheticMetadata(world: World): void {
  for (const exp of world.experiments) {
    if (exp.real) continue;
    const stats = experimentStats(world, exp);
    exp.injectionVolume = stats.injectionVolumeMm3;
    const ids = new Set([exp.structureId]);
    for (let r = 0; r < stats.count; r++) {
      if (((stats.klass[r] ?? 0) & 1) === 1 && (stats.touched[r] ?? 0) > 0) ids.add(stats.labels[r] ?? 0);
    }
    exp.injectionStructureIds = [...ids].sort((a, b) => a - b);
  }
}
