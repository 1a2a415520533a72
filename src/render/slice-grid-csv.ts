// The numbers behind a slice grid as CSV rows (pure): one row per bin of every group and slice,
// with the slice window and the bin centre in CCF µm; and one row per slice and group with the
// slice's region mean. Values: '' for no data (NaN).
import type { SliceResult } from '../compute/slices.ts';
import type { CsvGroup } from './csv-document.ts';
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

/** What the slice CSVs put in their header block (render/csv-document.ts). */
export interface SliceCsvContext {
  readonly view: string;
  readonly url: string;
  readonly parameters: ReadonlyArray<readonly [string, string]>;
  readonly groups: readonly CsvGroup[];
  readonly notes: readonly string[];
}

export const SLICE_NOTES: readonly string[] = [
  "slices: the region's extent along the slicing axis on its 100 µm mask (left half when folded), cut into equal chunks [slab_start_um, slab_end_um); a 100 µm slab belongs to the chunk holding its centre; slice_*_um is the chunk centre; section = ⌊slice/100⌋ + 1 (ARA level for coronal).",
  "bins: true area binning of the 100 µm grid inside the mask over the slab; value = mean over the bin's region voxels with data; region_fraction = share of the bin × slab volume inside the region.",
];

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

/** One row per slice and group: the slice's region mean over every region voxel with data. */
export function sliceRegionMeanColumns(plane: 'coronal' | 'sagittal'): string[] {
  const axis = plane === 'coronal' ? 'ap' : 'ml';
  return ['group', 'slice', `slice_${axis}_um`, 'slab_start_um', 'slab_end_um', 'section', 'region_mean', 'voxels_with_data', 'region_voxels'];
}

export function sliceRegionMeanRows(slices: readonly SliceResult[], groups: readonly string[]): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  slices.forEach((s, k) => {
    groups.forEach((label, g) => {
      const w = s.window;
      out.push([
        label,
        k + 1,
        w.positionUm,
        w.startUm,
        w.endUm,
        Math.floor(w.positionUm / 100) + 1,
        s.regionMean[g] ?? NaN,
        s.regionWithData[g] ?? 0,
        s.regionCells,
      ]);
    });
  });
  return out;
}
