import { describe, expect, it } from 'vitest';
import { createAccumulator } from './aggregate-accumulator';
import { NO_DATA, type GridShape } from './grid';
import { analyzeSubregions } from './subregions';
import { processGrid } from './grid-processing';
import { experimentSubregionRow, sampleSpread, spreadAcrossExperiments } from './subregion-experiments';

// 2 (AP) × 1 (DV) × 2 (ML) grid, index ap + 2·ml; labels on the same grid: AP 0 → 10, AP 1 → 20
const shape: GridShape = { nx: 2, ny: 1, nz: 2, resolutionUm: 100 };
const labels = Uint32Array.from([10, 20, 10, 20]);
const subs = [
  { id: 10, name: 'anterior', acronym: 'A' },
  { id: 20, name: 'posterior', acronym: 'P' },
];
const params = { plane: 'coronal' as const, windows: [{ positionUm: 100, startUm: 0, endUm: 200 }], hemisphere: 'both' as const };
const row = (raw: number[], divisor: number, subtract: 'left' | 'right' | null = null) =>
  experimentSubregionRow(processGrid(Float32Array.from(raw), shape, { divisor, subtract }), shape, labels, shape, subs, params);

describe('per-experiment subregion values', () => {
  // values by hand: [ap0 ml0, ap1 ml0, ap0 ml1, ap1 ml1]
  const a = row([1, 2, 3, NO_DATA], 2); // ÷ 2 → 0.5 1 1.5 –
  const b = row([5, 4, 7, 6], 1);
  const c = row([2, NO_DATA, 2, NO_DATA], 1); // no data in subregion 20

  it('is the mean of the processed grid over the subregion voxels with data', () => {
    expect(Array.from(a.mean)).toEqual([1, 1]); // (0.5 + 1.5) / 2; 1 alone (the −1 voxel is skipped)
    expect(Array.from(a.count)).toEqual([2, 1]);
    expect(Array.from(b.mean)).toEqual([6, 5]);
    expect(c.mean[0]).toBe(2);
    expect(c.mean[1]).toBeNaN();
    expect(c.count[1]).toBe(0);
  });

  it('subtracts the other hemisphere like the aggregate (injected half x − mirror, other half 0)', () => {
    // left-injected: ml 0 holds 5 − 7 = −2 and 4 − 6 = −2, ml 1 holds 0
    expect(Array.from(row([5, 4, 7, 6], 1, 'left').mean)).toEqual([-1, -1]);
    // the accumulator (either backend), given the same grid alone, makes the same processed volume
    for (const subtract of ['left', 'right', null] as const)
      for (const backend of ['scalar', 'simd'] as const) {
        const raw = Float32Array.from([0.3, NO_DATA, 0.7, 0.11]);
        const acc = createAccumulator(shape, 1, { backend });
        acc.add(0, raw, { divisor: 0.37, subtract });
        expect(Array.from(processGrid(raw, shape, { divisor: 0.37, subtract }))).toEqual(Array.from(acc.finish().means[0] ?? []));
      }
  });

  it('SD (n − 1) across experiments counts only experiments with data in the subregion', () => {
    const table = {
      experimentIds: [101, 102, 103],
      subregions: 2,
      mean: Float64Array.from([...a.mean, ...b.mean, ...c.mean]),
    };
    // group 0 = all three, group 1 = 101 and 103 plus an id without a row (not measured)
    const s = spreadAcrossExperiments(table, [
      [101, 102, 103],
      [101, 103, 999],
    ]);
    // subregion 10, group 0: values 1, 6, 2 → mean 3, squared deviations 4 + 9 + 1 = 14, / 2 → √7
    expect(s[0]?.n).toBe(3);
    expect(s[0]?.sd).toBeCloseTo(Math.sqrt(7), 12);
    // subregion 10, group 1: values 1, 2 → SD √0.5
    expect(s[1]?.n).toBe(2);
    expect(s[1]?.sd).toBeCloseTo(Math.SQRT1_2, 12);
    // subregion 20, group 0: 1, 5 (103 has no data there) → SD √8
    expect(s[2]).toEqual({ sd: expect.closeTo(Math.sqrt(8), 12) as number, n: 2 });
    // subregion 20, group 1: only 101 → no SD
    expect(s[3]).toEqual({ sd: null, n: 1 });
  });

  it('the bar (value of the mean volume) equals the mean of per-experiment values when all voxels have data', () => {
    const raws = [
      [0.2, 0.4, 0.6, 0.8],
      [1, 0, 0.5, 0.25],
    ];
    const acc = createAccumulator(shape, 1, { backend: 'scalar' });
    for (const r of raws) acc.add(0, Float32Array.from(r));
    const bar = analyzeSubregions(acc.finish().means, shape, labels, shape, subs, params).groupMean;
    const per = raws.map((r) => row(r, 1).mean);
    for (let k = 0; k < 2; k++) expect(bar[k]).toBeCloseTo(((per[0]?.[k] ?? NaN) + (per[1]?.[k] ?? NaN)) / 2, 6);
  });

  it('sampleSpread ignores non-finite values', () => {
    expect(sampleSpread([1, 3, NaN, Infinity])).toEqual({ sd: Math.SQRT2, n: 2 });
    expect(sampleSpread([2, NaN])).toEqual({ sd: null, n: 1 });
  });
});
