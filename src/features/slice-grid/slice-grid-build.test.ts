import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../compute/metadata-csv';
import type { SlicesResult } from '../../compute/slices';
import { DEFAULT_SLICE_GRID } from '../../state/slices-params';
import { buildSliceFigure, sliceGridCsv, sliceRegionMeansCsv } from './slice-grid-build';

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
    regionMean: Float64Array.of(1.5, 6),
    regionWithData: Int32Array.of(2, 2),
    regionCells: 2,
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
    const fig = buildSliceFigure({
      result: result(),
      groups,
      params: { ...DEFAULT_SLICE_GRID, grouping: 'AP' },
      widthPx: 900,
      target: 'CP',
      targetColor: [0, 0, 1],
    });
    expect(fig.columnLabels).toEqual([
      ['AP 5450 µm', 'ARA level 55'],
      ['AP 6450 µm', 'ARA level 65'],
    ]);
    expect(fig.rowLabels).toEqual([
      ['AP 4000 µm (CCF)', '2 exp.'],
      ['AP 6000 µm (CCF)', '3 exp.'],
    ]);
    expect(fig.cells[0]?.[1]).toBeNull();
    expect(fig.cells[1]?.[0]?.outline).toEqual(Uint8Array.of(1, 0));
    expect(fig.cells[1]?.[0]?.limits).toEqual([0, 8]);
    expect(fig.colorBar?.limits).toEqual([0, 8]);
    expect(fig.colorBar?.label).toBe('mean projection density');
  });

  it('per-group limits scale each row to its own maximum; the colour bar says so', () => {
    const fig = buildSliceFigure({
      result: result(),
      groups,
      params: { ...DEFAULT_SLICE_GRID, colorLimits: 'per_group' },
      widthPx: 900,
      target: 'CP',
      targetColor: [0, 0, 1],
    });
    expect(fig.cells[0]?.[0]?.limits).toEqual([0, 2]);
    expect(fig.cells[1]?.[0]?.limits).toEqual([0, 8]);
    expect(fig.colorBar?.label).toContain('each row scaled');
  });

  const ctx = { view: 'Slice grid of CP', url: 'http://x/', parameters: [['normalisation', 'none']] as const, groups: [], notes: ['n'] };
  /** The table of a CSV document, without its '#' header block. */
  const table = (text: string) =>
    parseCsv(
      text
        .split('\r\n')
        .filter((l) => !l.startsWith('#'))
        .join('\r\n'),
    );

  it('CSV: a provenance header, then one row per bin of every group and slice', () => {
    const text = sliceGridCsv(result(), ['g0', 'g1'], ctx);
    expect(text).toMatch(/^# Brain Street View for the browser .*\r\n# view: Slice grid of CP: bins\r\n/);
    expect(text).toContain('# normalisation: none\r\n');
    const rows = table(text);
    expect(rows).toHaveLength(1 + 2 * 2 * 2);
    expect(rows[0]?.[0]).toBe('group');
    expect(rows[4]).toEqual(['g1', '1', '5450', '5400', '5500', '1', '0', '1300', '3150', '8', '0']);
    expect(rows[5]?.[9]).toBe('');
  });

  it('region means CSV: one row per slice and group, with the voxels counted', () => {
    const rows = table(sliceRegionMeansCsv(result(), ['g0', 'g1'], ctx));
    expect(rows[0]).toEqual(['group', 'slice', 'slice_ap_um', 'slab_start_um', 'slab_end_um', 'section', 'region_mean', 'voxels_with_data', 'region_voxels']);
    expect(rows[1]).toEqual(['g0', '1', '5450', '5400', '5500', '55', '1.5', '2', '2']);
    expect(rows[2]).toEqual(['g1', '1', '5450', '5400', '5500', '55', '6', '2', '2']);
    expect(rows).toHaveLength(1 + 2 * 2);
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
