// An annotation held as its label runs (label-runs.ts) instead of a full Uint32Array: how the
// worker keeps the 25 µm annotation (528 × 320 × 456 = 308 MB of labels, a few MB of runs). A row
// index (the run holding each AP row's first voxel) makes a voxel, an AP row, a coronal plane or
// a sagittal slab cheap to read. Memory order is Allen's: row = dv + ny * ml, AP fastest.
import type { LabelImage } from './atlas-boundaries';
import type { GridShape } from './grid';
import { LabelRunsError, readLabelRuns } from './label-runs';
import { umToIndex } from './grid';
import type { SectionPlane } from './section-plane';
import { sectionIndexOf, coronalSectionStack, planeSectionStack, type SectionStack } from './section-stack';

export interface LabelRunsVolume {
  readonly shape: GridShape;
  readonly palette: Uint32Array;
  readonly idx: Uint16Array;
  readonly len: Uint16Array;
  /** Per AP row (ny × nz): the run holding the row's first voxel, and how far into that run it is. */
  readonly rowRun: Uint32Array;
  readonly rowSkip: Uint16Array;
  /** Bytes held (runs + row index). */
  readonly byteLength: number;
}

/** Indexes encoded runs; every run is checked against the volume (as decodeLabelRuns does). */
export function labelRunsVolume(bytes: ArrayBuffer | Uint8Array): LabelRunsVolume {
  const { shape, palette, idx, len } = readLabelRuns(bytes);
  const { nx, ny, nz } = shape;
  const rows = ny * nz;
  const n = nx * rows;
  const rowRun = new Uint32Array(rows);
  const rowSkip = new Uint16Array(rows);
  let p = 0;
  let row = 0;
  for (let r = 0; r < idx.length; r++) {
    const l = len[r] ?? 0;
    const k = idx[r] ?? 0;
    if (l === 0 || k >= palette.length || p + l > n)
      throw new LabelRunsError(`label runs: run ${r} (index ${k}, length ${l}) does not fit the ${nx}×${ny}×${nz} volume`);
    // every row starting inside [p, p + l)
    while (row < rows && row * nx < p + l) {
      rowRun[row] = r;
      rowSkip[row] = row * nx - p;
      row++;
    }
    p += l;
  }
  if (p !== n) throw new LabelRunsError(`label runs cover ${p} voxels, the volume has ${n}`);
  const byteLength = palette.byteLength + idx.byteLength + len.byteLength + rowRun.byteLength + rowSkip.byteLength;
  return { shape, palette, idx, len, rowRun, rowSkip, byteLength };
}

/** Label of voxel `ap` in AP row `row` (= dv + ny * ml). */
export function runsLabelAt(v: LabelRunsVolume, ap: number, row: number): number {
  let r = v.rowRun[row] ?? 0;
  let rest = ap + (v.rowSkip[row] ?? 0);
  let l = v.len[r] ?? 1;
  while (rest >= l) {
    rest -= l;
    r++;
    l = v.len[r] ?? 1;
  }
  return v.palette[v.idx[r] ?? 0] ?? 0;
}

/** Labels of the coronal plane at AP index `ap`, indexed by row = dv + ny * ml. */
export function runsCoronalPlane(v: LabelRunsVolume, ap: number, out = new Uint32Array(v.shape.ny * v.shape.nz)): Uint32Array {
  checkIndex(ap, v.shape.nx, 'AP');
  for (let row = 0; row < out.length; row++) out[row] = runsLabelAt(v, ap, row);
  return out;
}

/** Dense labels of AP rows rowStart … rowStart + count − 1 (AP fastest), e.g. one sagittal slab. */
export function runsRows(v: LabelRunsVolume, rowStart: number, count: number): Uint32Array {
  const { nx } = v.shape;
  const out = new Uint32Array(nx * count);
  if (count === 0) return out;
  let r = v.rowRun[rowStart] ?? 0;
  let skip = v.rowSkip[rowStart] ?? 0;
  let p = 0;
  while (p < out.length) {
    const take = Math.min((v.len[r] ?? 0) - skip, out.length - p);
    const value = v.palette[v.idx[r] ?? 0] ?? 0;
    if (value !== 0) out.fill(value, p, p + take);
    p += take;
    r++;
    skip = 0;
  }
  return out;
}

/** As coronalLabelSlice on the expanded volume. */
export function runsCoronalLabelSlice(v: LabelRunsVolume, ap: number): LabelImage {
  const { ny, nz } = v.shape;
  const plane = runsCoronalPlane(v, ap);
  const data = new Uint32Array(ny * nz);
  for (let dv = 0; dv < ny; dv++) for (let ml = 0; ml < nz; ml++) data[dv * nz + ml] = plane[dv + ny * ml] ?? 0;
  return { width: nz, height: ny, data };
}

/** As sagittalLabelSlice on the expanded volume. */
export function runsSagittalLabelSlice(v: LabelRunsVolume, ml: number): LabelImage {
  const { nx, ny, nz } = v.shape;
  checkIndex(ml, nz, 'ML');
  return { width: nx, height: ny, data: runsRows(v, ny * ml, ny) };
}

/**
 * As coronalSectionStack on the expanded volume: only the apCount coronal planes the stack
 * samples are expanded (the 100 µm AP index a reads plane sectionIndexOf(a)), gathered into a
 * volume of apCount planes that coronalSectionStack reads one 100 µm index per plane.
 */
export function runsCoronalSectionStack(v: LabelRunsVolume, apStart: number, apCount: number, targetIds: Uint32Array): SectionStack {
  if (!(Number.isInteger(apStart) && Number.isInteger(apCount) && apStart >= 0 && apCount >= 0 && apCount <= 1000)) {
    throw new RangeError(`AP indices ${apStart} + ${apCount} are not a valid extent`);
  }
  const { ny, nz, resolutionUm } = v.shape;
  const rows = ny * nz;
  const planes = new Uint32Array(Math.max(1, apCount) * rows);
  const plane = new Uint32Array(rows);
  for (let k = 0; k < apCount; k++) {
    runsCoronalPlane(v, sectionIndexOf(apStart + k, v.shape), plane);
    for (let row = 0; row < rows; row++) planes[k + apCount * row] = plane[row] ?? 0;
  }
  // a 100 µm volume of apCount planes: sectionIndexOf(k) = k for every k < apCount
  const st = coronalSectionStack(planes.subarray(0, apCount * rows), { nx: apCount, ny, nz, resolutionUm: 100 }, 0, apCount, targetIds);
  return { ...st, apStart, resolutionUm };
}

/**
 * As planeSectionStack on the expanded volume, along any plane. Sagittal and horizontal sections
 * are whole AP rows (one ML or DV index each), so only the `count` sections the stack samples are
 * expanded and gathered into a volume with `count` indices along the slicing axis, which
 * planeSectionStack then reads one 100 µm index per section (as runsCoronalSectionStack does).
 */
export function runsPlaneSectionStack(v: LabelRunsVolume, plane: SectionPlane, start: number, count: number, targetIds: Uint32Array): SectionStack {
  if (plane === 'coronal') return runsCoronalSectionStack(v, start, count, targetIds);
  if (!(Number.isInteger(start) && Number.isInteger(count) && start >= 0 && count >= 0 && count <= 1000)) {
    throw new RangeError(`slice indices ${start} + ${count} are not a valid extent`);
  }
  const { nx, ny, nz, resolutionUm } = v.shape;
  const k1 = Math.max(1, count);
  // the section drawn for 100 µm index i along the axis: its centre, i·100 + 50 µm
  const indexAlong = (i: number, n: number): number => umToIndex(i * 100 + 50, resolutionUm, n);
  let volume: Uint32Array;
  let shape: { nx: number; ny: number; nz: number; resolutionUm: number };
  if (plane === 'sagittal') {
    // rows (dv, ml) with ml fixed: ny consecutive AP rows per section
    volume = new Uint32Array(nx * ny * k1);
    for (let k = 0; k < count; k++) volume.set(runsRows(v, ny * indexAlong(start + k, nz), ny), k * nx * ny);
    shape = { nx, ny, nz: k1, resolutionUm: 100 };
  } else {
    // rows (dv, ml) with dv fixed: one AP row per ML index
    volume = new Uint32Array(nx * k1 * nz);
    for (let k = 0; k < count; k++) {
      const dv = indexAlong(start + k, ny);
      for (let ml = 0; ml < nz; ml++) volume.set(runsRows(v, dv + ny * ml, 1), (k + k1 * ml) * nx);
    }
    shape = { nx, ny: k1, nz, resolutionUm: 100 };
  }
  const st = planeSectionStack(volume, shape, plane, 0, count, targetIds);
  return { ...st, apStart: start, resolutionUm };
}

function checkIndex(i: number, n: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`${what} index ${i} outside 0…${n - 1}`);
}
