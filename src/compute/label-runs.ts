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

/**
 * Streaming form of encodeLabelRuns: labels arrive in chunks (raw little-endian uint32 bytes cut
 * anywhere, or whole labels) and only the runs are kept, so a volume too large to hold (the 25 µm
 * annotation, 308 MB of labels) is encoded while it inflates. `finish()` returns the same bytes
 * encodeLabelRuns would for the whole volume.
 */
export class LabelRunsEncoder {
  private readonly n: number;
  private readonly paletteIndex = new Map<number, number>();
  private readonly palette: number[] = [];
  private idx = new Uint16Array(1 << 14);
  private len = new Uint16Array(1 << 14);
  private runs = 0;
  private value = 0;
  private length = 0;
  private seen = 0;
  private readonly tail = new Uint8Array(4);
  private tailLength = 0;
  private scratch = new Uint32Array(0);

  constructor(readonly shape: GridShape) {
    this.n = shape.nx * shape.ny * shape.nz;
  }

  /** Voxels received so far. */
  get voxels(): number {
    return this.seen;
  }

  /** Raw label bytes (little-endian uint32), in any chunking. */
  pushBytes(bytes: Uint8Array): void {
    let b = bytes;
    if (this.tailLength > 0) {
      const take = Math.min(4 - this.tailLength, b.length);
      this.tail.set(b.subarray(0, take), this.tailLength);
      this.tailLength += take;
      b = b.subarray(take);
      if (this.tailLength < 4) return;
      this.tailLength = 0;
      this.pushLabels(new Uint32Array(this.tail.slice().buffer));
    }
    const whole = b.length - (b.length % 4);
    if (whole > 0) {
      if (b.byteOffset % 4 === 0) this.pushLabels(new Uint32Array(b.buffer, b.byteOffset, whole / 4));
      else {
        if (this.scratch.length < whole / 4) this.scratch = new Uint32Array(whole / 4);
        const view = this.scratch.subarray(0, whole / 4);
        new Uint8Array(view.buffer, 0, whole).set(b.subarray(0, whole));
        this.pushLabels(view);
      }
    }
    if (whole < b.length) {
      this.tail.set(b.subarray(whole));
      this.tailLength = b.length - whole;
    }
  }

  pushLabels(labels: Uint32Array): void {
    if (this.seen + labels.length > this.n) throw new LabelRunsError(`label stream longer than the ${this.shape.nx}×${this.shape.ny}×${this.shape.nz} volume`);
    let value = this.value;
    let length = this.length;
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i] ?? 0;
      if (length > 0 && (v !== value || length === MAX_RUN)) {
        this.emit(value, length);
        length = 0;
      }
      value = v;
      length++;
    }
    this.value = value;
    this.length = length;
    this.seen += labels.length;
  }

  private emit(value: number, length: number): void {
    let k = this.paletteIndex.get(value);
    if (k === undefined) {
      if (this.palette.length > MAX_RUN) throw new LabelRunsError('more than 65,536 distinct labels: the volume cannot be run-length encoded');
      k = this.palette.length;
      this.paletteIndex.set(value, k);
      this.palette.push(value);
    }
    if (this.runs === this.idx.length) {
      const grow = (a: Uint16Array): Uint16Array<ArrayBuffer> => {
        const b = new Uint16Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.idx = grow(this.idx);
      this.len = grow(this.len);
    }
    this.idx[this.runs] = k;
    this.len[this.runs++] = length;
  }

  /** The encoded runs; throws unless exactly the volume's voxel count was pushed. */
  finish(): Uint8Array {
    if (this.tailLength !== 0) throw new LabelRunsError(`label stream ends inside a label (${this.tailLength} stray bytes)`);
    if (this.seen !== this.n) throw new LabelRunsError(`label stream has ${this.seen} voxels, the volume has ${this.n}`);
    if (this.length > 0) this.emit(this.value, this.length);
    this.length = 0;
    const { palette, runs } = this;
    const out = new Uint8Array(4 * (HEADER_U32 + palette.length) + 4 * runs);
    const head = new Uint32Array(out.buffer, 0, HEADER_U32 + palette.length);
    head.set([MAGIC, this.shape.nx, this.shape.ny, this.shape.nz, this.shape.resolutionUm, palette.length, runs, 0]);
    head.set(palette, HEADER_U32);
    new Uint16Array(out.buffer, 4 * (HEADER_U32 + palette.length), runs).set(this.idx.subarray(0, runs));
    new Uint16Array(out.buffer, 4 * (HEADER_U32 + palette.length) + 2 * runs, runs).set(this.len.subarray(0, runs));
    return out;
  }
}

export interface LabelRunsParts {
  readonly shape: GridShape;
  readonly palette: Uint32Array;
  /** Palette index of each run. */
  readonly idx: Uint16Array;
  /** Length of each run in voxels (1…65535). */
  readonly len: Uint16Array;
}

/** Views of encoded runs, the header checked (lengths and indices are checked by the readers). */
export function readLabelRuns(bytes: ArrayBuffer | Uint8Array): LabelRunsParts {
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
  return { shape: { nx, ny, nz, resolutionUm }, palette, idx, len };
}

/** Expands runs written by encodeLabelRuns; every length and index is checked against the header. */
export function decodeLabelRuns(bytes: ArrayBuffer | Uint8Array): { data: Uint32Array; shape: GridShape } {
  const { shape, palette, idx, len } = readLabelRuns(bytes);
  const { nx, ny, nz } = shape;
  const paletteSize = palette.length;
  const runs = idx.length;
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
  return { data, shape };
}
