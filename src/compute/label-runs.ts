// Run-length encoding of an annotation label volume, the form the browser cache keeps the atlas
// in: the 50 µm CCF annotation is 38.5 MB of uint32 labels but only a few hundred thousand runs
// along AP (memory order, AP fastest): the fake atlas's 1.8 MB of runs expand in ~22 ms where its
// gzip NRRD inflates in 70–110 ms (Node). Runs follow the flat array and may cross rows.
//
// Layout (little-endian): u32 magic 'LRL1', u32 nx, ny, nz, resolutionUm, paletteSize, runCount,
// u32 0 (pad) | u32 palette[paletteSize] (distinct labels) | u16 index[runCount] (into the
// palette) | u16 length[runCount] (1…65535 voxels; longer runs are split). A palette larger than
// 65,536 labels cannot be encoded (the CCF has under 1,400 structures).
import type { GridShape } from './grid';

const MAGIC = 0x314c524c; // 'LRL1'
const HEADER_U32 = 8;
const MAX_RUN = 0xffff;

export class LabelRunsError extends Error {
  override name = 'LabelRunsError';
}

export function encodeLabelRuns(data: Uint32Array, shape: GridShape): Uint8Array {
  const n = shape.nx * shape.ny * shape.nz;
  if (data.length !== n) throw new LabelRunsError(`label volume length ${data.length} ≠ ${shape.nx}×${shape.ny}×${shape.nz}`);
  const paletteIndex = new Map<number, number>();
  const palette: number[] = [];
  let runs = 0;
  for (let i = 0; i < n;) {
    const v = data[i] ?? 0;
    let j = i + 1;
    while (j < n && data[j] === v && j - i < MAX_RUN) j++;
    if (!paletteIndex.has(v)) {
      if (palette.length > MAX_RUN) throw new LabelRunsError('more than 65,536 distinct labels: the volume cannot be run-length encoded');
      paletteIndex.set(v, palette.length);
      palette.push(v);
    }
    runs++;
    i = j;
  }
  const out = new Uint8Array(4 * (HEADER_U32 + palette.length) + 4 * runs);
  const head = new Uint32Array(out.buffer, 0, HEADER_U32 + palette.length);
  head.set([MAGIC, shape.nx, shape.ny, shape.nz, shape.resolutionUm, palette.length, runs, 0]);
  head.set(palette, HEADER_U32);
  const idx = new Uint16Array(out.buffer, 4 * (HEADER_U32 + palette.length), runs);
  const len = new Uint16Array(out.buffer, 4 * (HEADER_U32 + palette.length) + 2 * runs, runs);
  let r = 0;
  for (let i = 0; i < n;) {
    const v = data[i] ?? 0;
    let j = i + 1;
    while (j < n && data[j] === v && j - i < MAX_RUN) j++;
    idx[r] = paletteIndex.get(v) ?? 0;
    len[r++] = j - i;
    i = j;
  }
  return out;
}

/** Expands runs written by encodeLabelRuns; every length and index is checked against the header. */
export function decodeLabelRuns(bytes: ArrayBuffer | Uint8Array): { data: Uint32Array; shape: GridShape } {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  // views need 4-byte alignment; a record sliced out of a larger buffer may not have it
  const buf = u8.byteOffset % 4 === 0 ? u8 : u8.slice();
  if (buf.byteLength < 4 * HEADER_U32) throw new LabelRunsError(`label runs: ${buf.byteLength} bytes is shorter than the header`);
  const head = new Uint32Array(buf.buffer, buf.byteOffset, HEADER_U32);
  const [magic, nx = 0, ny = 0, nz = 0, resolutionUm = 0, paletteSize = 0, runs = 0] = head;
  if (magic !== MAGIC) throw new LabelRunsError('label runs: bad magic (not an encoded label volume)');
  const expected = 4 * (HEADER_U32 + paletteSize) + 4 * runs;
  if (buf.byteLength !== expected) throw new LabelRunsError(`label runs: ${buf.byteLength} bytes, header says ${expected}`);
  const palette = new Uint32Array(buf.buffer, buf.byteOffset + 4 * HEADER_U32, paletteSize);
  const idx = new Uint16Array(buf.buffer, buf.byteOffset + 4 * (HEADER_U32 + paletteSize), runs);
  const len = new Uint16Array(buf.buffer, buf.byteOffset + 4 * (HEADER_U32 + paletteSize) + 2 * runs, runs);
  const n = nx * ny * nz;
  const data = new Uint32Array(n);
  let p = 0;
  for (let r = 0; r < runs; r++) {
    const l = len[r] ?? 0;
    const k = idx[r] ?? 0;
    if (l === 0 || k >= paletteSize || p + l > n)
      throw new LabelRunsError(`label runs: run ${r} (index ${k}, length ${l}) does not fit the ${nx}×${ny}×${nz} volume`);
    const v = palette[k] ?? 0;
    if (v !== 0) {
      if (l < 16) for (let q = p; q < p + l; q++) data[q] = v;
      else data.fill(v, p, p + l);
    }
    p += l;
  }
  if (p !== n) throw new LabelRunsError(`label runs cover ${p} voxels, the volume has ${n}`);
  return { data, shape: { nx, ny, nz, resolutionUm } };
}
