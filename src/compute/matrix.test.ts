import { describe, expect, it } from 'vitest';
import { NO_DATA, type GridShape } from './grid';
import { connectivityMatrix, targetVoxelWeights } from './matrix';

const D: GridShape = { nx: 2, ny: 2, nz: 2, resolutionUm: 100 };
const M: GridShape = { nx: 4, ny: 4, nz: 4, resolutionUm: 50 };

describe('connectivityMatrix', () => {
  const s1 = Float32Array.from([1, 2, 3, 4, 5, 6, 7, NO_DATA]);
  const s2 = Float32Array.from([2, 4, 6, 8, 10, 12, 14, NaN]);
  const t100 = { mask: Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 1]), shape: D }; // voxels 0, 1 and a no-data voxel
  const t50 = { mask: new Uint8Array(64), shape: M };
  // voxel 0 fully covered (8 cells), voxel 1 (x 2..3) half covered (4 cells: z = 0)
  for (let z = 0; z < 2; z++) for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) t50.mask[x + 4 * (y + 4 * z)] = 1;
  for (let y = 0; y < 2; y++) for (let x = 2; x < 4; x++) t50.mask[x + 4 * (y + 4 * 0)] = 1;

  it('mean / max / volume on hand cases, no-data skipped, finer masks weight by coverage', () => {
    const mean = connectivityMatrix([s1, s2], D, [t100, t50], { metric: 'mean' }, { sources: ['A', 'B'], targets: ['T', 'U'] });
    expect([mean.rows, mean.cols]).toEqual([2, 2]);
    expect(mean.values[0]).toBeCloseTo(1.5, 12); // (1 + 2)/2
    expect(mean.values[1]).toBeCloseTo((1 * 1 + 2 * 0.5) / 1.5, 6);
    expect(mean.values[2]).toBeCloseTo(3, 12);
    expect(mean.sourceLabels).toEqual(['A', 'B']);
    const max = connectivityMatrix([s1], D, [t100], { metric: 'max' });
    expect(max.values[0]).toBe(2);
    const vol = connectivityMatrix([s1], D, [t100, t50], { metric: 'volume' });
    expect(vol.unit).toBe('mm³');
    expect(vol.values[0]).toBeCloseTo(3 * 0.001, 12);
    expect(vol.values[1]).toBeCloseTo((1 + 2 * 0.5) * 0.001, 9);
  });

  it('precomputed coverage weights give the same matrix as the masks; weights off the grid are refused', () => {
    const fromMasks = connectivityMatrix([s1, s2], D, [t100, t50], { metric: 'mean' });
    const weights = [t100, t50].map((t) => ({ weights: targetVoxelWeights(t.mask, t.shape, D) }));
    expect(Array.from(connectivityMatrix([s1, s2], D, weights, { metric: 'mean' }).values)).toEqual(Array.from(fromMasks.values));
    const off = { weights: { index: Int32Array.from([8]), weight: Float32Array.from([1]) } };
    expect(() => connectivityMatrix([s1], D, [off])).toThrow(/outside the density grid/);
  });

  it('an empty or all-no-data target gives NaN, not 0', () => {
    const r = connectivityMatrix([s1], D, [
      { mask: new Uint8Array(8), shape: D },
      { mask: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]), shape: D },
    ]);
    expect(r.values[0]).toBeNaN();
    expect(r.values[1]).toBeNaN();
  });

  it('volume is additive over disjoint targets (conservation) and linear in density', () => {
    const a = { mask: Uint8Array.from([1, 0, 1, 0, 0, 0, 0, 0]), shape: D };
    const b = { mask: Uint8Array.from([0, 1, 0, 0, 1, 0, 0, 0]), shape: D };
    const ab = { mask: Uint8Array.from([1, 1, 1, 0, 1, 0, 0, 0]), shape: D };
    const r = connectivityMatrix([s1, s2], D, [a, b, ab], { metric: 'volume' });
    expect((r.values[0] ?? 0) + (r.values[1] ?? 0)).toBeCloseTo(r.values[2] ?? NaN, 12);
    expect(r.values[5]).toBeCloseTo(2 * (r.values[2] ?? NaN), 12); // s2 = 2·s1 where valid
  });

  it('row then column normalisation to max 1', () => {
    const r = connectivityMatrix([s1, s2], D, [t100, { mask: Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 0]), shape: D }], { normalizeRows: true });
    // raw rows: [1.5, 7], [3, 14] → [3/14, 1], [3/14, 1]
    expect(r.values[0]).toBeCloseTo(1.5 / 7, 12);
    expect(r.values[1]).toBe(1);
    const c = connectivityMatrix([s1, s2], D, [t100], { normalizeCols: true });
    expect(Array.from(c.values)).toEqual([0.5, 1]);
  });

  it('rejects an unknown metric and mismatched volumes', () => {
    expect(() => connectivityMatrix([s1], D, [t100], { metric: 'sum' as 'mean' })).toThrow(RangeError);
    expect(() => connectivityMatrix([new Float32Array(3)], D, [t100])).toThrow(RangeError);
  });

  it('targetVoxelWeights: coverage fractions of a 50 µm mask', () => {
    const w = targetVoxelWeights(t50.mask, M, D);
    expect(Array.from(w.index)).toEqual([0, 1]);
    expect(Array.from(w.weight)).toEqual([1, 0.5]);
  });
});
