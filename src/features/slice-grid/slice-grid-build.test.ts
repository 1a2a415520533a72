import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../compute/metadata-csv';
import type { SlicesResult } from '../../compute/slices';
import { DEFAULT_SLICE_GRID } from '../../state/slices-params';
import { buildSliceFigure, sliceGridCsv } from './slice-grid-build';

function result(): SlicesResult {
  const slice = (pos: number, a: number[], b: number[], empty = false) => ({
    window: { positionUm: pos, startUm: pos - 50, endUm: pos + 50 },
    empty,
    rows: 2,
    cols: 1,
    dvEdgesUm: empty ? Float64Array.of(NaN, NaN, NaN) : Float64Array.of(1000, 1200, 1400),
    dvCentresUm: Float64Array.of(1100, 1300),
    colEdgesUm: empty ? Float64Array.of(NaN, NaN) : Float64Array.of(3000, 3300),
    colCentresUm: Float64Array.of(3150),
    coverage: Float32Array.of(0.01, 0),
    matrices: [Float32Array.from(a), Float32Array.from(b)],
    unsmoothed: [Float32Array.from(a), Float32Array.from(b)],
    colorLimits: [0, 8] as [number, number],
  });
  return { plane: 'coronal', groups: 2, slices: [slice(5450, [1, 2], [4, 8]), slice(6450, [NaN, NaN], [NaN, NaN], true)] };
}

const groups = [
  { label: 'g0', axis: 'AP' as const, centerUm: 4000, experiments: 2 },
  { label: 'g1', axis: 'AP' as const, centerUm: 6000, experiments: 3 },
];

describe('slice grid figure from computeSlices output', () => {
  it('labels, outline from coverage, empty slices and global limits', () => {
    const fig = buildSliceFigure({ result: result(), groups, params: { ...DEFAULT_SLICE_GRID, grouping: 'AP' }, widthPx: 900, target: 'CP', targetColor: [0, 0, 1] });
    expect(fig.columnLabels).toEqual([['AP 5450 µm', 'ARA level 55'], ['AP 6450 µm', 'ARA level 65']]);
    expect(fig.rowLabels).toEqual([['AP 4000 µm (CCF)', '2 exp.'], ['AP 6000 µm (CCF)', '3 exp.']]);
    expect(fig.cells[0]?.[1]).toBeNull();
    expect(fig.cells[1]?.[0]?.outline).toEqual(Uint8Array.of(1, 0));
    expect(fig.cells[1]?.[0]?.limits).toEqual([0, 8]);
    expect(fig.colorBar?.limits).toEqual([0, 8]);
    expect(fig.colorBar?.label).toBe('mean projection density');
  });

  it('per-group limits scale each row to its own maximum; the colour bar says so', () => {
    const fig = buildSliceFigure({ result: result(), groups, params: { ...DEFAULT_SLICE_GRID, colorLimits: 'per_group' }, widthPx: 900, target: 'CP', targetColor: [0, 0, 1] });
    expect(fig.cells[0]?.[0]?.limits).toEqual([0, 2]);
    expect(fig.cells[1]?.[0]?.limits).toEqual([0, 8]);
    expect(fig.colorBar?.label).toContain('each row scaled');
  });

  it('CSV: one row per bin of every group and slice', () => {
    const rows = parseCsv(sliceGridCsv(result(), ['g0', 'g1']));
    expect(rows).toHaveLength(1 + 2 * 2 * 2);
    expect(rows[0]?.[0]).toBe('group');
    expect(rows[4]).toEqual(['g1', '1', '5450', '5400', '5500', '1', '0', '1300', '3150', '8', '0']);
    expect(rows[5]?.[9]).toBe('');
  });
});

describe('narrow cells', () => {
  it('use compact column labels and name the units in the title', () => {
    const many: SlicesResult = { ...result(), slices: Array.from({ length: 20 }, () => result().slices[0]).flatMap((s) => (s ? [s] : [])) };
    const fig = buildSliceFigure({ result: many, groups, params: DEFAULT_SLICE_GRID, widthPx: 900, target: 'CP', targetColor: [0, 0, 1] });
    expect(fig.layout.cellWidth).toBeLessThan(72);
    expect(fig.columnLabels[0]).toEqual(['5450', 'L55']);
    expect(fig.title).toContain('columns: AP µm (CCF) / ARA level');
  });
});
