// analyze_cp_subregions, generalised (bsv-reference §4.13): mean projection per child structure
// per slice window and per group, straight from the density volumes (bsv looked values up in
// the point-sampled 2-D matrices). Works with any integer label volume on a grid of the same CCF
// extent — the Allen annotation (ids), or an external subregion atlas such as the Kim unified
// atlas (20 µm, its own ontology ids) — plus the list of child ids to report.
// Each label cell in a window reads the 100 µm density voxel containing its centre (folded like
// slices.ts: 'fold-sum' default, left-hemisphere label cells only when folded). No-data voxels are
// skipped; zeros ARE counted (bsv dropped values ≤ 0, biasing means upward: Q24).
// Counts are label cells at the label grid's resolution.

import type { GridShape } from './grid';
import { assertSameExtent } from './binning-coverage';
import { cellRange, leftHalfEnd, type HemisphereMode, type SlicePlane, type SliceWindow } from './slices-plan';
import { coarseLookup, readFolded } from './slices-plane';

export type LabelVolume = Uint8Array | Uint16Array | Uint32Array | Int32Array;

export interface Subregion {
  readonly id: number;
  readonly name: string;
  readonly acronym: string;
}

export interface SubregionParams {
  readonly plane: SlicePlane;
  /** Slab windows, e.g. computeSlices(...).slices.map((s) => s.window) or planSlices(...). */
  readonly windows: readonly SliceWindow[];
  readonly hemisphere?: HemisphereMode;
}

export interface SubregionResult {
  readonly subregions: readonly Subregion[];
  readonly groups: number;
  readonly windows: readonly SliceWindow[];
  /** Mean density, index (k·groups + g)·nSlices + s for subregion k, group g, slice s (NaN = none). */
  readonly mean: Float64Array;
  /** Label cells with data, same indexing. */
  readonly count: Float64Array;
  /** Per subregion and group (k·groups + g): count-weighted mean over all slices. */
  readonly groupMean: Float64Array;
  readonly groupCount: Float64Array;
  /** Per subregion: count-weighted mean over all slices and groups; and total label cells. */
  readonly globalMean: Float64Array;
  readonly totalCount: Float64Array;
}

/** Combine child masks into one label volume (later masks win on overlap). */
export function labelsFromMasks(masks: readonly Uint8Array[], ids: readonly number[]): Uint32Array {
  const n = masks[0]?.length ?? 0;
  const out = new Uint32Array(n);
  masks.forEach((m, k) => {
    if (m.length !== n) throw new RangeError('child masks must all have the same length');
    const id = ids[k];
    if (id === undefined) throw new RangeError('one id per child mask is required');
    for (let i = 0; i < n; i++) if (m[i]) out[i] = id;
  });
  return out;
}

export function analyzeSubregions(
  densities: readonly Float32Array[],
  densityShape: GridShape,
  labels: LabelVolume,
  labelShape: GridShape,
  subregions: readonly Subregion[],
  params: SubregionParams,
): SubregionResult {
  const { nx, ny, nz, resolutionUm: res } = labelShape;
  if (labels.length !== nx * ny * nz) throw new RangeError('label volume length does not match its GridShape');
  assertSameExtent(labelShape, densityShape, 'subregion labels vs density');
  const dn = densityShape.nx * densityShape.ny * densityShape.nz;
  for (const d of densities) if (d.length !== dn) throw new RangeError(`density length ${d.length} ≠ ${dn}`);
  const hemisphere = params.hemisphere ?? 'fold-sum';
  const K = subregions.length,
    G = densities.length,
    S = params.windows.length;
  const slot = new Map<number, number>();
  subregions.forEach((s, k) => slot.set(s.id, k));
  const sum = new Float64Array(K * G * S);
  const count = new Float64Array(K * G * S);
  const totalCount = new Float64Array(K);
  const cx = coarseLookup(nx, res, densityShape.nx, densityShape.resolutionUm);
  const cy = coarseLookup(ny, res, densityShape.ny, densityShape.resolutionUm);
  const cz = coarseLookup(nz, res, densityShape.nz, densityShape.resolutionUm);
  const zEnd = hemisphere === 'both' ? nz : leftHalfEnd(labelShape);
  const NX = densityShape.nx,
    NY = densityShape.ny,
    NZ = densityShape.nz;
  const coronal = params.plane === 'coronal';
  params.windows.forEach((w, s) => {
    const [a0, a1] = cellRange(w.startUm, w.endUm, res, coronal ? nx : zEnd);
    const [x0, x1] = coronal ? [a0, a1] : [0, nx - 1];
    const [z0, z1] = coronal ? [0, zEnd - 1] : [a0, a1];
    let lastLabel = -1,
      lastSlot = -1;
    for (let z = z0; z <= z1; z++)
      for (let y = 0; y < ny; y++) {
        const row = nx * (y + ny * z);
        for (let x = x0; x <= x1; x++) {
          const lab = labels[row + x] ?? 0;
          if (lab !== lastLabel) {
            lastLabel = lab;
            lastSlot = slot.get(lab) ?? -1;
          }
          if (lastSlot < 0) continue;
          totalCount[lastSlot] = (totalCount[lastSlot] ?? 0) + 1;
          const X = cx[x] ?? 0,
            Y = cy[y] ?? 0,
            Z = cz[z] ?? 0;
          const a = X + NX * (Y + NY * Z);
          const b = X + NX * (Y + NY * (NZ - 1 - Z));
          for (let g = 0; g < G; g++) {
            const d = densities[g];
            if (!d) continue;
            const v = readFolded(d, a, b, hemisphere);
            if (Number.isNaN(v)) continue;
            const k = (lastSlot * G + g) * S + s;
            sum[k] = (sum[k] ?? 0) + v;
            count[k] = (count[k] ?? 0) + 1;
          }
        }
      }
  });
  const mean = sum.map((v, i) => ((count[i] ?? 0) > 0 ? v / (count[i] ?? 1) : NaN));
  const groupMean = new Float64Array(K * G),
    groupCount = new Float64Array(K * G),
    globalMean = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let ks = 0,
      kc = 0;
    for (let g = 0; g < G; g++) {
      let gs = 0,
        gc = 0;
      for (let s = 0; s < S; s++) {
        const i = (k * G + g) * S + s;
        gs += sum[i] ?? 0;
        gc += count[i] ?? 0;
      }
      groupMean[k * G + g] = gc > 0 ? gs / gc : NaN;
      groupCount[k * G + g] = gc;
      ks += gs;
      kc += gc;
    }
    globalMean[k] = kc > 0 ? ks / kc : NaN;
  }
  return { subregions, groups: G, windows: params.windows, mean, count, groupMean, groupCount, globalMean, totalCount };
}

/**
 * Plain CSV rows (header first; quoting is the caller's job), sorted by global mean, descending,
 * NaN last. Columns as bsv: SubregionID, SubregionName, SubregionAcronym, GlobalMeanIntensity,
 * TotalVoxelCount, plus MeanIntensity_<group> / VoxelCount_<group> when there are several groups
 * (bsv MATLAB). NaN is written as an empty field. `nonzeroOnly` = bsv's `_nonzero` file.
 */
export function subregionCsvRows(r: SubregionResult, groupLabels?: readonly string[], nonzeroOnly = false): string[][] {
  const G = r.groups;
  const names = Array.from({ length: G }, (_, g) => groupLabels?.[g] ?? `Group${g + 1}`);
  const header = ['SubregionID', 'SubregionName', 'SubregionAcronym', 'GlobalMeanIntensity', 'TotalVoxelCount'];
  if (G > 1) for (const n of names) header.push(`MeanIntensity_${n}`, `VoxelCount_${n}`);
  const fmt = (v: number): string => (Number.isFinite(v) ? String(v) : '');
  const order = r.subregions.map((_, k) => k).filter((k) => !nonzeroOnly || (r.globalMean[k] ?? NaN) > 0);
  const key = (k: number): number => {
    const m = r.globalMean[k] ?? NaN;
    return Number.isNaN(m) ? -Infinity : m;
  };
  order.sort((a, b) => key(b) - key(a) || a - b);
  const rows = order.map((k) => {
    const s = r.subregions[k];
    const row = [String(s?.id ?? ''), s?.name ?? '', s?.acronym ?? '', fmt(r.globalMean[k] ?? NaN), String(r.totalCount[k] ?? 0)];
    if (G > 1) for (let g = 0; g < G; g++) row.push(fmt(r.groupMean[k * G + g] ?? NaN), String(r.groupCount[k * G + g] ?? 0));
    return row;
  });
  return [header, ...rows];
}
