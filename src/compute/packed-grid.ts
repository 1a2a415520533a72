// The cache's form of a density grid: its non-zero voxels only. A projection density grid is
// mostly exact zeros (a real 100 µm grid's gzip NRRD is ~0.3 MB of 4.8 MB), and deflate gains
// next to nothing on the rest (float mantissas), so the non-zero values are stored raw and their
// run lengths as varints: unpacking is a varint read and a copy per run, for a record about the
// size of the download. Lossless: every voxel's 32 bits come back as they were (−1 no-data, NaN
// payloads and −0 included); only +0 is left out.
//
// Layout (little-endian; values are read in place, so the platform must be little-endian, as
// every browser is): a 40-byte header, the runs, padding to 4 bytes, values.
//   0 magic "BSVP" · 4 format version (2) · 8 nx · 12 ny · 16 nz (AP, DV, ML; AP fastest)
//   20 resolution µm (float32) · 24 runs · 28 values · 32 run bytes · 36 zero
//   runs: (zeros before, non-zero voxels in the run) pairs, each an unsigned LEB128 varint;
//   values: the run voxels' float32 bits, in memory order.
// Version 1 (still read, never written) deflated the runs as uint32 pairs (RFC 1951). They are
// ~3 % of a record either way (fake world: 1.1 kB deflated, 2.4 kB as varints, of 38 kB), but
// fflate's inflate and deflate are large functions that V8 compiled again in every worker of
// every page load (~0.1–0.2 s of TurboFan each, measured with --trace-opt, on the warm start's
// two cores); a varint loop costs next to nothing to compile or run.
import { inflateSync } from 'fflate';
import { DecodeError, describeStart, toUint8 } from './decode-error';
import type { DecodedGrid } from './decode-zip';
import type { GridShape } from './grid';

const MAGIC = 0x50565342; // "BSVP" read as little-endian uint32
const VERSION = 2;
/** The deflated-runs format, read for records written before version 2. */
const VERSION_DEFLATED = 1;
const HEADER = 40;
let scratchValues = new Uint32Array(0);
let scratchRuns = new Uint32Array(0);

/** True when the bytes start like a packed grid (magic only; decoding validates the rest). */
export function isPackedGrid(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x42 && bytes[1] === 0x53 && bytes[2] === 0x56 && bytes[3] === 0x50;
}

/** Bytes of `x` (an unsigned 32-bit integer) as an LEB128 varint. */
const varintBytes = (x: number): number => (x < 0x80 ? 1 : x < 0x4000 ? 2 : x < 0x200000 ? 3 : x < 0x10000000 ? 4 : 5);

/** Packs a float32 grid (memory order as given). */
export function packGrid(data: Float32Array, shape: GridShape): Uint8Array {
  const n = shape.nx * shape.ny * shape.nz;
  if (data.length !== n) throw new RangeError(`packGrid: ${data.length} voxels for a ${shape.nx}×${shape.ny}×${shape.nz} grid`);
  const bits = new Uint32Array(data.buffer, data.byteOffset, n);
  // one pass into scratch sized for the worst case (9.6 MB kept between calls, in the worker that
  // packs each downloaded grid), then the exact-size record
  if (scratchValues.length < n) {
    scratchValues = new Uint32Array(n);
    scratchRuns = new Uint32Array(n + 1);
  }
  let r = 0;
  let v = 0;
  let runBytes = 0;
  for (let i = 0; i < n;) {
    const zerosFrom = i;
    while (i < n && bits[i] === 0) i++;
    if (i === n) break; // trailing zeros are implied
    const start = i;
    while (i < n && bits[i] !== 0) scratchValues[v++] = bits[i++] as number;
    scratchRuns[r++] = start - zerosFrom;
    scratchRuns[r++] = i - start;
    runBytes += varintBytes(start - zerosFrom) + varintBytes(i - start);
  }
  const runs = r / 2;
  const values = v;
  const valuesAt = HEADER + ((runBytes + 3) & ~3);
  const out = new Uint8Array(valuesAt + 4 * values);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, shape.nx, true);
  view.setUint32(12, shape.ny, true);
  view.setUint32(16, shape.nz, true);
  view.setFloat32(20, shape.resolutionUm, true);
  view.setUint32(24, runs, true);
  view.setUint32(28, values, true);
  view.setUint32(32, runBytes, true);
  let at = HEADER;
  for (let k = 0; k < r; k++) {
    let x = scratchRuns[k] as number;
    while (x >= 0x80) {
      out[at++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    out[at++] = x;
  }
  out.set(new Uint8Array(scratchValues.buffer, 0, 4 * values), valuesAt);
  return out;
}

/** Header fields; throws DecodeError for bytes that are not a packed grid of a version this app reads (1 or 2). */
export function packedGridShape(input: ArrayBuffer | Uint8Array): { shape: GridShape; runs: number; values: number; runBytes: number; version: number } {
  const bytes = toUint8(input);
  if (!isPackedGrid(bytes)) throw new DecodeError(`a packed grid starts with "BSVP", this starts with ${describeStart(bytes, 4)}`);
  if (bytes.length < HEADER) throw new DecodeError(`packed grid of ${bytes.length} bytes is shorter than its ${HEADER}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION && version !== VERSION_DEFLATED)
    throw new DecodeError(`packed grid format version ${version}, this app reads ${VERSION_DEFLATED} and ${VERSION}`);
  const shape: GridShape = { nx: view.getUint32(8, true), ny: view.getUint32(12, true), nz: view.getUint32(16, true), resolutionUm: view.getFloat32(20, true) };
  const runs = view.getUint32(24, true);
  const values = view.getUint32(28, true);
  const runBytes = view.getUint32(32, true);
  const n = shape.nx * shape.ny * shape.nz;
  if (n === 0 || !(shape.resolutionUm > 0) || values > n || runs > values || view.getUint32(36, true) !== 0)
    throw new DecodeError(`packed grid header is inconsistent (${shape.nx}×${shape.ny}×${shape.nz}, ${runs} runs, ${values} values)`);
  const expected = HEADER + ((runBytes + 3) & ~3) + 4 * values;
  if (bytes.length !== expected) throw new DecodeError(`packed grid has ${bytes.length} bytes, its header says ${expected}: truncated or corrupt`);
  return { shape, runs, values, runBytes, version };
}

/** The run lengths of a version 2 record: 2 × runs LEB128 varints filling exactly `runBytes`. */
function readVarintRuns(bytes: Uint8Array, runs: number, runBytes: number): Uint32Array {
  if (2 * runs > runBytes) throw new DecodeError(`packed grid has ${runs} runs in ${runBytes} bytes: corrupt`);
  const out = new Uint32Array(2 * runs);
  const end = HEADER + runBytes;
  let at = HEADER;
  for (let k = 0; k < out.length; k++) {
    let x = 0;
    let shift = 0;
    for (;;) {
      if (at >= end) throw new DecodeError(`packed grid runs end after ${k} of ${out.length} lengths: truncated or corrupt`);
      const b = bytes[at++] as number;
      if (shift === 28 && b > 0x0f) throw new DecodeError(`packed grid run length ${k} exceeds 32 bits: corrupt`);
      x += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
      shift += 7;
    }
    out[k] = x;
  }
  if (at !== end) throw new DecodeError(`packed grid runs leave ${end - at} of ${runBytes} bytes unread: corrupt`);
  return out;
}

/** The run lengths of a version 1 record: deflated uint32 pairs. */
function inflateRuns(bytes: Uint8Array, runs: number, runBytes: number): Uint32Array {
  const runLengths = new Uint32Array(2 * runs);
  const target = new Uint8Array(runLengths.buffer);
  let got: Uint8Array;
  try {
    got = inflateSync(bytes.subarray(HEADER, HEADER + runBytes), { out: target });
  } catch (e) {
    throw new DecodeError(`packed grid runs are corrupt or truncated (${e instanceof Error ? e.message : String(e)})`);
  }
  if (got.length !== target.length) throw new DecodeError(`packed grid runs inflate to ${got.length} bytes, expected ${target.length}: truncated`);
  return runLengths;
}

/** Header, run lengths and the values' bits (in place when 4-byte aligned, as a cache record's payload is). */
function openPacked(bytes: Uint8Array) {
  const { shape, runs, values, runBytes, version } = packedGridShape(bytes);
  const runLengths = version === VERSION ? readVarintRuns(bytes, runs, runBytes) : inflateRuns(bytes, runs, runBytes);
  const valuesAt = bytes.byteOffset + HEADER + ((runBytes + 3) & ~3);
  const valueBits = valuesAt % 4 === 0 ? new Uint32Array(bytes.buffer, valuesAt, values) : new Uint32Array(bytes.slice(valuesAt - bytes.byteOffset).buffer);
  return { shape, runs, values, runLengths, valueBits };
}

/**
 * Unpacks into `out` (e.g. an accumulator's input slot), which must have exactly the grid's voxel
 * count: zeros everywhere, then the runs. Throws DecodeError — `out` then holds garbage — for a
 * truncated or corrupt stream or runs that do not fit the grid.
 */
export function unpackGridInto(input: ArrayBuffer | Uint8Array, out: Float32Array): GridShape {
  const bytes = toUint8(input);
  const { shape, runs, values, runLengths, valueBits } = openPacked(bytes);
  const n = shape.nx * shape.ny * shape.nz;
  if (out.length !== n) throw new DecodeError(`packed grid has ${n} voxels, the destination ${out.length}`);
  const bits = new Uint32Array(out.buffer, out.byteOffset, n);
  bits.fill(0);
  let pos = 0;
  let v = 0;
  for (let r = 0; r < 2 * runs; r += 2) {
    pos += runLengths[r] as number;
    const count = runLengths[r + 1] as number;
    if (count === 0 || pos + count > n || v + count > values)
      throw new DecodeError(`packed grid run ${r / 2} does not fit the grid (at voxel ${pos}, ${count} voxels)`);
    if (count < 8) for (let k = 0; k < count; k++) bits[pos + k] = valueBits[v + k] as number;
    else bits.set(valueBits.subarray(v, v + count), pos);
    pos += count;
    v += count;
  }
  if (v !== values) throw new DecodeError(`packed grid runs cover ${v} of its ${values} values`);
  return shape;
}

/** Unpacks into a new array. */
export function unpackGrid(input: ArrayBuffer | Uint8Array): DecodedGrid {
  const { shape } = packedGridShape(input);
  const data = new Float32Array(shape.nx * shape.ny * shape.nz);
  unpackGridInto(input, data);
  return { data, shape };
}

/** The value of one voxel (memory-order index) without unpacking the grid; throws like unpackGridInto. */
export function packedGridValueAt(input: ArrayBuffer | Uint8Array, index: number): number {
  const { shape, runs, values, runLengths, valueBits } = openPacked(toUint8(input));
  const n = shape.nx * shape.ny * shape.nz;
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`voxel ${index} is outside the ${n}-voxel grid`);
  let pos = 0;
  let v = 0;
  for (let r = 0; r < 2 * runs; r += 2) {
    pos += runLengths[r] as number;
    const count = runLengths[r + 1] as number;
    if (index < pos) return 0;
    if (v + count > values) throw new DecodeError(`packed grid run ${r / 2} does not fit its values`);
    if (index < pos + count) return new Float32Array(new Uint32Array([valueBits[v + index - pos] as number]).buffer)[0] as number;
    pos += count;
    v += count;
  }
  return 0;
}
