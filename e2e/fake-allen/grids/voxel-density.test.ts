import { describe, expect, it } from 'vitest';
import { completeSyntheticMetadata } from '../psu/synthetic-metadata.ts';
import { findSharedAllen } from '../world/shared-allen.ts';
import { buildWorld, GRID_VOXELS } from '../world/world.ts';
import type { World } from '../world/world.ts';
import { denseGrid, renderSparse } from './render.ts';
import { densityAtVoxel, voxelIndexOf } from './voxel-density.ts';

function mismatches(world: World, ids: readonly number[]): number {
  let bad = 0;
  for (const id of ids) {
    const exp = world.experimentById.get(id);
    if (!exp) throw new Error(`no experiment ${id}`);
    const grid = denseGrid(renderSparse(world, exp));
    // Every voxel with signal or no data, and every 5th of the rest (zeros are most of the grid).
    for (let idx = 0; idx < GRID_VOXELS; idx++) {
      if (grid[idx] === 0 && idx % 5 !== 0) continue;
      if (densityAtVoxel(world, exp, idx) !== grid[idx]) bad += 1;
    }
  }
  return bad;
}

describe('densityAtVoxel equals the served grid', () => {
  it('built-in world: signal and no-data voxels (and a fifth of the zeros) of several experiments, -1 patch and 0 outside included', () => {
    const world = buildWorld({ seed: 1, mode: 'builtin', sharedAllenDir: null });
    completeSyntheticMetadata(world);
    const ids = world.experiments.filter((_, n) => n % 15 === 0).map((e) => e.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(mismatches(world, ids)).toBe(0);
    const exp = world.experiments[0];
    if (!exp) throw new Error('no experiment');
    const grid = denseGrid(renderSparse(world, exp));
    expect(grid.some((v) => v === -1)).toBe(true);
    expect(grid.some((v) => v >= 0.1 && v < 1)).toBe(true);
  });

  it.skipIf(!findSharedAllen())(
    'real world: the same for three experiments',
    () => {
      const world = buildWorld({ seed: 1, mode: 'real' });
      expect(mismatches(world, [113884251, world.experiments[100]?.id ?? 0, world.experiments[2000]?.id ?? 0])).toBe(0);
    },
    60_000,
  );

  it('voxel index of a CCF point: AP fastest, null outside the grid', () => {
    expect(voxelIndexOf([50, 50, 50])).toBe(0);
    expect(voxelIndexOf([150, 250, 350])).toBe(1 + 132 * (2 + 80 * 3));
    expect(voxelIndexOf([13200, 0, 0])).toBeNull();
    expect(voxelIndexOf([-1, 0, 0])).toBeNull();
  });
});
