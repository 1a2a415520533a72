// The numbers behind a slice grid as CSV rows (pure): one row per bin of every group and slice,
// with the slice window and the bin centre in CCF µm. Values: '' for no data (NaN).
export interface CsvSlice {
  readonly positionUm: number;
  readonly startUm: number;
  readonly endUm: number;
  readonly rows: number;
  readonly cols: number;
  /** DV bin centres (rows) and horizontal bin centres (cols: ML coronal, AP sagittal), µm. */
  readonly dvCentresUm: Float64Array;
  readonly colCentresUm: Float64Array;
  /** Fraction of each bin inside the region (0…1). */
  readonly coverage: Float32Array;
}

export interface CsvCellSource {
  readonly plane: 'coronal' | 'sagittal';
  readonly groups: readonly string[];
  readonly slices: readonly CsvSlice[];
  /** Value of bin i of group g in slice k (NaN = no data). */
  value(k: number, g: number, i: number): number;
  /** Keep only the bins for which this returns true (default: all). */
  keep?(k: number, g: number, i: number): boolean;
}

export function sliceCsvColumns(plane: 'coronal' | 'sagittal'): string[] {
  const axis = plane === 'coronal' ? 'ap' : 'ml';
  const across = plane === 'coronal' ? 'ml' : 'ap';
  return ['group', 'slice', `slice_${axis}_um`, 'slab_start_um', 'slab_end_um', 'row', 'col', 'dv_um', `${across}_um`, 'value', 'region_fraction'];
}

const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '');

export function sliceCsvRows(src: CsvCellSource): string[][] {
  const out: string[][] = [];
  src.slices.forEach((s, k) => {
    src.groups.forEach((label, g) => {
      for (let r = 0; r < s.rows; r++)
        for (let c = 0; c < s.cols; c++) {
          const i = r * s.cols + c;
          if (src.keep && !src.keep(k, g, i)) continue;
          out.push([
            label,
            String(k + 1),
            fmt(s.positionUm),
            fmt(s.startUm),
            fmt(s.endUm),
            String(r),
            String(c),
            fmt(s.dvCentresUm[r] ?? Number.NaN),
            fmt(s.colCentresUm[c] ?? Number.NaN),
            fmt(src.value(k, g, i)),
            fmt(s.coverage[i] ?? Number.NaN),
          ]);
        }
    });
  });
  return out;
}
