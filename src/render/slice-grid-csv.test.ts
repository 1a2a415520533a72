import { describe, expect, it } from 'vitest';
import { sliceCsvColumns, sliceCsvRows } from './slice-grid-csv';

const slice = (positionUm: number) => ({
  positionUm,
  startUm: positionUm - 50,
  endUm: positionUm + 50,
  rows: 2,
  cols: 3,
  dvCentresUm: Float64Array.of(100, 300),
  colCentresUm: Float64Array.of(10, 20, 30),
  coverage: Float32Array.of(1, 0.5, 0, 1, 1, 0.25),
});

describe('slice grid CSV rows', () => {
  it('one row per bin, group and slice, with centres and values (NaN → empty)', () => {
    const rows = sliceCsvRows({
      plane: 'coronal',
      groups: ['A', 'B'],
      slices: [slice(5000), slice(6000)],
      value: (k, g, i) => (i === 2 ? Number.NaN : 100 * k + 10 * g + i),
    });
    expect(rows).toHaveLength(2 * 2 * 6);
    const cols = sliceCsvColumns('coronal');
    expect(cols).toHaveLength(rows[0]?.length ?? 0);
    // slice 2 (k = 1), group B, bin (1, 2) = i 5
    const last = rows[rows.length - 1];
    expect(last).toEqual(['B', '2', '6000', '5950', '6050', '1', '2', '300', '30', '115', '0.25']);
    expect(rows[2]?.[cols.indexOf('value')]).toBe('');
  });

  it('keep() selects bins; columns follow the plane', () => {
    const rows = sliceCsvRows({ plane: 'sagittal', groups: ['A'], slices: [slice(3000)], value: () => 1, keep: (_k, _g, i) => i % 2 === 0 });
    expect(rows.map((r) => `${r[5]},${r[6]}`)).toEqual(['0,0', '0,2', '1,1']);
    expect(sliceCsvColumns('sagittal')).toContain('slice_ml_um');
    expect(sliceCsvColumns('sagittal')).toContain('ap_um');
  });
});
