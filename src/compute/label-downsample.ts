// Streaming majority (mode) downsampling of a CCF label volume to the 100 µm density grid.
// Input: the volume's decoded bytes in file order (AP fastest, then DV, then ML, as the Allen
// annotation NRRDs), any chunking; integer labels of 1, 2 or 4 bytes, either endianness.
// Output: one label per 100 µm voxel = the most frequent source label among the f³ source voxels
// it contains (f = 100 / resolution; 0, outside, votes like any label); a tie goes to the smallest
// label. Only one 100 µm-thick ML slab (f source planes) is held at a time, so a 10 µm volume
// (4.8 GB as uint32) streams through ~42 MB.
import { DENSITY_SHAPE } from './grid';
import { DecodeError } from './decode-error';

export type LabelScalar = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32';

export const LABEL_BYTES: Readonly<Record<LabelScalar, number>> = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4 };

const FEW = 16;
const fewValues = new Uint32Array(FEW);
const fewCounts = new Uint32Array(FEW);

/** Most frequent value of `v[0..n)` (may sort it in place); ties → the smallest. */
export function modeOf(v: Uint32Array, n: number): number {
  const first = v[0] ?? 0;
  let uniform = true;
  for (let i = 1; i < n; i++)
    if (v[i] !== first) {
      uniform = false;
      break;
    }
  if (uniform) return first;
  // usually a handful of labels meet in a voxel: count them in a short list
  let d = 0;
  for (let i = 0; i < n && d <= FEW; i++) {
    const x = v[i] ?? 0;
    let j = 0;
    while (j < d && fewValues[j] !== x) j++;
    if (j === d) {
      if (d === FEW) {
        d = FEW + 1;
        break;
      }
      fewValues[d] = x;
      fewCounts[d++] = 0;
    }
    fewCounts[j] = (fewCounts[j] ?? 0) + 1;
  }
  if (d <= FEW) {
    let best = fewValues[0] ?? 0,
      bestCount = fewCounts[0] ?? 0;
    for (let j = 1; j < d; j++) {
      const c = fewCounts[j] ?? 0,
        x = fewValues[j] ?? 0;
      if (c > bestCount || (c === bestCount && x < best)) {
        best = x;
        bestCount = c;
      }
    }
    return best;
  }
  const s = v.subarray(0, n).sort();
  let best = s[0] ?? 0,
    bestCount = 0,
    run = 0;
  for (let i = 0; i < n; i++) {
    run = i > 0 && s[i] === s[i - 1] ? run + 1 : 1;
    // strictly greater: an equal count later in the sort is a larger label
    if (run > bestCount) {
      bestCount = run;
      best = s[i] ?? 0;
    }
  }
  return best;
}

export class ModeDownsampler {
  private readonly f: number;
  private readonly width: number;
  private readonly sx: number;
  private readonly sy: number;
  private readonly slab: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly carry = new Uint8Array(4);
  private carried = 0;
  private filled = 0;
  private z = 0;
  readonly out = new Uint32Array(DENSITY_SHAPE.nx * DENSITY_SHAPE.ny * DENSITY_SHAPE.nz);

  constructor(
    resolutionUm: 10 | 25 | 50 | 100,
    private readonly type: LabelScalar,
    private readonly littleEndian: boolean,
  ) {
    this.f = 100 / resolutionUm;
    this.width = LABEL_BYTES[type];
    this.sx = DENSITY_SHAPE.nx * this.f;
    this.sy = DENSITY_SHAPE.ny * this.f;
    this.slab = new Uint32Array(this.sx * this.sy * this.f);
    this.scratch = new Uint32Array(this.f ** 3);
  }

  /** Source voxels consumed so far. */
  get consumed(): number {
    return this.z * this.slab.length + this.filled;
  }

  /** Feeds the next bytes of the payload (any length). */
  push(chunk: Uint8Array): void {
    let at = 0;
    if (this.carried > 0) {
      while (this.carried < this.width && at < chunk.length) this.carry[this.carried++] = chunk[at++] ?? 0;
      if (this.carried < this.width) return;
      this.take(this.carry, 0, 1);
      this.carried = 0;
    }
    const whole = Math.floor((chunk.length - at) / this.width);
    this.take(chunk, at, whole);
    at += whole * this.width;
    while (at < chunk.length) this.carry[this.carried++] = chunk[at++] ?? 0;
  }

  /** The 100 µm labels; throws when the payload was short or long. */
  finish(): Uint32Array {
    const expected = DENSITY_SHAPE.nz * this.slab.length;
    if (this.consumed !== expected || this.carried !== 0)
      throw new DecodeError(`the label payload holds ${this.consumed} voxels (+${this.carried} bytes), expected ${expected}: truncated or wrong header`);
    return this.out;
  }

  /** The values as a typed array of the host's (little-endian) order, or null when it cannot be a view. */
  private fastView(bytes: Uint8Array, offset: number, count: number): Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array | null {
    if (!this.littleEndian && this.width > 1) return null;
    let buf = bytes.buffer as ArrayBuffer,
      at = bytes.byteOffset + offset;
    if (at % this.width !== 0) {
      buf = bytes.slice(offset, offset + count * this.width).buffer;
      at = 0;
    }
    switch (this.type) {
      case 'uint8':
        return new Uint8Array(buf, at, count);
      case 'int8':
        return new Int8Array(buf, at, count);
      case 'uint16':
        return new Uint16Array(buf, at, count);
      case 'int16':
        return new Int16Array(buf, at, count);
      case 'uint32':
        return new Uint32Array(buf, at, count);
      case 'int32':
        return new Int32Array(buf, at, count);
    }
  }

  private take(bytes: Uint8Array, offset: number, count: number): void {
    const fast = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? this.fastView(bytes, offset, count) : null;
    if (fast) {
      for (let i = 0; i < count;) {
        if (this.z >= DENSITY_SHAPE.nz) throw new DecodeError('the label payload is longer than its header says');
        const n = Math.min(count - i, this.slab.length - this.filled);
        const part = fast.subarray(i, i + n);
        if (!(part instanceof Uint8Array || part instanceof Uint16Array || part instanceof Uint32Array))
          for (const v of part) if (v < 0) throw new DecodeError(`negative label ${v}: labels must be integers ≥ 0 (0 = unlabelled)`);
        this.slab.set(part, this.filled);
        this.filled += n;
        i += n;
        this.endOfSlab();
      }
      return;
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, count * this.width);
    const le = this.littleEndian;
    for (let i = 0; i < count;) {
      if (this.z >= DENSITY_SHAPE.nz) throw new DecodeError('the label payload is longer than its header says');
      const n = Math.min(count - i, this.slab.length - this.filled);
      const slab = this.slab;
      let o = this.filled;
      const end = i + n;
      switch (this.type) {
        case 'uint8':
          for (; i < end; i++) slab[o++] = dv.getUint8(i);
          break;
        case 'uint16':
          for (; i < end; i++) slab[o++] = dv.getUint16(i * 2, le);
          break;
        case 'uint32':
          for (; i < end; i++) slab[o++] = dv.getUint32(i * 4, le);
          break;
        default:
          for (; i < end; i++) {
            const v = this.type === 'int8' ? dv.getInt8(i) : this.type === 'int16' ? dv.getInt16(i * 2, le) : dv.getInt32(i * 4, le);
            if (v < 0) throw new DecodeError(`negative label ${v}: labels must be integers ≥ 0 (0 = unlabelled)`);
            slab[o++] = v;
          }
      }
      this.filled = o;
      this.endOfSlab();
    }
  }

  private endOfSlab(): void {
    if (this.filled < this.slab.length) return;
    this.reduceSlab();
    this.filled = 0;
    this.z++;
  }

  private reduceSlab(): void {
    const { f, sx, sy, slab, scratch, out } = this;
    const { nx, ny } = DENSITY_SHAPE;
    const base = this.z * nx * ny;
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let k = 0;
        for (let dz = 0; dz < f; dz++)
          for (let dy = 0; dy < f; dy++) {
            const row = (dz * sy + y * f + dy) * sx + x * f;
            for (let dx = 0; dx < f; dx++) scratch[k++] = slab[row + dx] ?? 0;
          }
        out[base + x + nx * y] = modeOf(scratch, k);
      }
  }
}
