import { describe, expect, it } from 'vitest';
import { psuRows } from '../psu/rows.ts';
import { completeSyntheticMetadata } from '../psu/synthetic-metadata.ts';
import { renderSparse, denseGrid } from '../grids/render.ts';
import { quirksOf } from '../quirks/quirks.ts';
import { brainRadius2 } from './geometry.ts';
import { injectionRatio } from './injection-ratio.ts';
import { buildWorld, GRID } from './world.ts';

const world = buildWorld({ seed: 7, mode: 'builtin', sharedAllenDir: null });
completeSyntheticMetadata(world);

describe('built-in ontology', () => {
  it('keeps the acronym traps: VISC is not under VIS, MOB is not under MO', () => {
    const o = world.ontology;
    expect(o.resolve('VIS')).toBe(669);
    expect(o.isWithin(677, 669)).toBe(false);
    expect(o.isWithin(507, 500)).toBe(false);
    expect(o.isWithin(385, 669)).toBe(true);
    expect(o.isWithin(993, 500)).toBe(true);
    expect(o.ancestorsInclusive(672)).toEqual([672, 485, 477, 623, 567, 8, 997]);
  });
});

describe('geometry', () => {
  it('labels only leaves, and is 0 exactly outside the ellipsoid', () => {
    const { nx, ny } = GRID;
    for (let idx = 0; idx < world.labels100.length; idx += 97) {
      const label = world.labels100[idx] ?? 0;
      const i = idx % nx;
      const j = Math.floor(idx / nx) % ny;
      const k = Math.floor(idx / (nx * ny));
      const inside = brainRadius2((i + 0.5) * 100, (j + 0.5) * 100, (k + 0.5) * 100) <= 1;
      expect(label !== 0).toBe(inside);
      if (label !== 0) expect(world.ontology.isLeaf(label)).toBe(true);
    }
  });

  it('is mirror-symmetric about the midline at 100 µm', () => {
    const { nx, ny, nz } = GRID;
    let asymmetric = 0;
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          if (world.labels100[i + nx * (j + ny * k)] !== world.labels100[i + nx * (j + ny * (nz - 1 - k))]) asymmetric++;
        }
      }
    }
    expect(asymmetric).toBe(0);
  });

  it('50 µm labels agree with point evaluation and are finer than 100 µm', () => {
    const l50 = world.geometry.labelVolume(50);
    const nx = 264;
    const ny = 160;
    let mixedCells = 0;
    for (let k = 40; k < 200; k += 2) {
      for (let j = 20; j < 140; j += 2) {
        for (let i = 20; i < 240; i += 2) {
          const a = l50[i + nx * (j + ny * k)];
          if (a !== l50[i + 1 + nx * (j + 1 + ny * (k + 1))]) mixedCells++;
        }
      }
    }
    expect(mixedCells).toBeGreaterThan(0);
    for (const [i, j, k] of [
      [100, 60, 150],
      [40, 80, 114],
      [200, 40, 60],
    ] as const) {
      expect(l50[i + nx * (j + ny * k)]).toBe(world.geometry.labelAt((i + 0.5) * 50, (j + 0.5) * 50, (k + 0.5) * 50));
    }
  });

  it('every structure with experiments owns voxels; CP is big', () => {
    for (const e of world.experiments) expect(world.voxelCounts.has(e.structureId)).toBe(true);
    const cp = world.voxelCounts.get(672) ?? [0, 0];
    expect(cp[0]).toBe(cp[1]);
    expect(cp[0]).toBeGreaterThan(1000);
  });
});

describe('grids and PSU', () => {
  const q = quirksOf(world);
  const quirky = new Set([...q.missingGrid, ...q.corruptNrrd, ...q.corruptBoth, ...q.noInjectionRecord]);
  const exp = world.experiments.filter((e) => !quirky.has(e.id))[5];
  if (!exp) throw new Error('no experiments');
  const grid = denseGrid(renderSparse(world, exp));

  it('grid values are within 0..1 or exactly -1, with a few -1 voxels and 0 outside the brain', () => {
    let noData = 0;
    let outOfRange = 0;
    let outsideNonZero = 0;
    for (let idx = 0; idx < grid.length; idx++) {
      const v = grid[idx] ?? 0;
      if (v === -1) noData++;
      else if (!(v >= 0 && v <= 1)) outOfRange++;
      if (world.labels100[idx] === 0 && v !== 0) outsideNonZero++;
    }
    expect(outOfRange).toBe(0);
    expect(outsideNonZero).toBe(0);
    expect(noData).toBeGreaterThan(0);
    expect(noData).toBeLessThanOrEqual(8);
  });

  it('root volumes conserve the grid: injection + outside = Σ valid density × 0.001 mm³', () => {
    let total = 0;
    for (const v of grid) if (v > 0) total += v;
    const rows = psuRows(world, { experimentIds: [exp.id], structureIds: [997], hemispheres: [3], injection: [true, false] }, false);
    const sum = rows.reduce((t, r) => t + r.projection_volume, 0);
    expect(sum).toBeCloseTo(total * 0.001, 9);
    const inj = rows.find((r) => r.is_injection);
    expect(inj?.projection_volume).toBeGreaterThan(0);
    expect((inj?.projection_volume ?? 0) / exp.injectionVolume).toBeCloseTo(injectionRatio(world, exp.id), 12);
  });

  it('hemisphere 3 = 1 + 2, and a parent is the union of its children', () => {
    const rows = psuRows(world, { experimentIds: [exp.id], structureIds: null, hemispheres: [1, 2, 3], injection: [false] }, false);
    const get = (s: number, h: number) => rows.find((r) => r.structure_id === s && r.hemisphere_id === h);
    for (const s of [997, 672, 669, 549]) {
      const [a, b, c] = [get(s, 1), get(s, 2), get(s, 3)];
      expect((a?.projection_volume ?? 0) + (b?.projection_volume ?? 0)).toBeCloseTo(c?.projection_volume ?? -1, 12);
      expect((a?.volume ?? 0) + (b?.volume ?? 0)).toBeCloseTo(c?.volume ?? -1, 12);
    }
    const children = (world.ontology.get(669)?.children ?? []).map((c) => get(c.id, 3)?.projection_volume ?? 0);
    expect(children.reduce((t, v) => t + v, 0)).toBeCloseTo(get(669, 3)?.projection_volume ?? -1, 12);
  });
});
