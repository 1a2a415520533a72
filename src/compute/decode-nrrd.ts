// NRRD reader for Allen volumes (density grids: float/double; annotation: uint32; structure masks:
// uint8). Supports attached data, encodings raw and gzip, endian little or big (swapped), any
// dimension. Memory order is kept as stored (first axis fastest = AP for Allen); never transposed.
// The `space` header is ignored (Allen's is mislabelled LPS). Detached data files, line/byte skip
// and 64-bit integers are rejected with a DecodeError.
import { gunzipSync, unzlibSync } from 'fflate';
import { DecodeError, describeStart, toUint8 } from './decode-error';

export type NrrdScalar = 'float32' | 'float64' | 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32';
export type NrrdArray = Float32Array | Float64Array | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

export interface NrrdHeader {
  readonly version: string;
  readonly type: NrrdScalar;
  readonly sizes: readonly number[];
  readonly encoding: 'raw' | 'gzip';
  readonly endian: 'little' | 'big';
  /** Per-axis voxel spacing from `spacings` or a diagonal `space directions`; null if absent. */
  readonly spacings: readonly (number | null)[] | null;
  readonly fields: ReadonlyMap<string, string>;
  /** Byte offset of the (possibly compressed) payload in the file. */
  readonly dataOffset: number;
}

export interface NrrdVolume {
  readonly header: NrrdHeader;
  readonly data: NrrdArray;
}

const TYPE_NAMES: ReadonlyArray<readonly [NrrdScalar, readonly string[]]> = [
  ['float32', ['float']],
  ['float64', ['double']],
  ['uint8', ['uchar', 'unsigned char', 'uint8', 'uint8_t']],
  ['int8', ['signed char', 'int8', 'int8_t']],
  ['uint16', ['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t']],
  ['int16', ['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t']],
  ['uint32', ['uint', 'unsigned int', 'uint32', 'uint32_t']],
  ['int32', ['int', 'signed int', 'int32', 'int32_t']],
];

export const BYTES_PER: Readonly<Record<NrrdScalar, number>> = {
  float32: 4,
  float64: 8,
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
};

function parseType(raw: string): NrrdScalar {
  const t = raw.trim().toLowerCase();
  for (const [scalar, names] of TYPE_NAMES) if (names.includes(t)) return scalar;
  throw new DecodeError(`NRRD type "${raw}" is not supported (supported: float, double, (u)int8/16/32)`);
}

/** Index just after the blank line that ends the header, or -1 if none in the first 64 KiB. */
function headerEnd(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length, 65536);
  for (let i = 1; i < limit; i++) {
    if (bytes[i] !== 10) continue;
    if (bytes[i - 1] === 10) return i + 1;
    if (bytes[i - 1] === 13 && bytes[i - 2] === 10) return i + 1;
  }
  return -1;
}

function parseSpacings(fields: ReadonlyMap<string, string>, dim: number): (number | null)[] | null {
  const sp = fields.get('spacings');
  if (sp !== undefined)
    return sp
      .trim()
      .split(/\s+/)
      .map((s) => (Number.isFinite(Number(s)) ? Number(s) : null));
  const dirs = fields.get('space directions');
  if (dirs === undefined) return null;
  const vecs = dirs.match(/\(([^)]*)\)|none/g) ?? [];
  const out = vecs.map((v) => {
    if (v === 'none') return null;
    const comps = v.slice(1, -1).split(',').map(Number);
    return Math.hypot(...comps);
  });
  return out.length === dim ? out : null;
}

export function parseNrrdHeader(input: ArrayBuffer | Uint8Array): NrrdHeader {
  const bytes = toUint8(input);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (!/^NRRD000[1-5]$/.test(magic)) {
    throw new DecodeError(`not an NRRD file: expected magic "NRRD000x", found ${describeStart(bytes)}`);
  }
  const end = headerEnd(bytes);
  if (end < 0) throw new DecodeError('NRRD header has no terminating blank line (file truncated or not NRRD)');
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, end));
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line === '' || line.startsWith('#') || line.includes(':=')) continue;
    const colon = line.indexOf(': ');
    if (colon < 0) throw new DecodeError(`NRRD header line is malformed: ${JSON.stringify(line)}`);
    fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 2).trim());
  }
  const need = (k: string): string => {
    const v = fields.get(k);
    if (v === undefined) throw new DecodeError(`NRRD header lacks the required field "${k}"`);
    return v;
  };
  const type = parseType(need('type'));
  const dim = Number(need('dimension'));
  const sizes = need('sizes').split(/\s+/).map(Number);
  if (!Number.isInteger(dim) || dim < 1 || sizes.length !== dim || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new DecodeError(`NRRD sizes "${fields.get('sizes') ?? ''}" do not match dimension ${dim}`);
  }
  const enc = need('encoding').toLowerCase();
  if (enc !== 'raw' && enc !== 'gzip' && enc !== 'gz') {
    throw new DecodeError(`NRRD encoding "${enc}" is not supported (supported: raw, gzip)`);
  }
  for (const k of ['data file', 'datafile']) {
    if (fields.has(k)) throw new DecodeError('NRRD with detached data ("data file") is not supported');
  }
  for (const k of ['line skip', 'byte skip']) {
    const v = fields.get(k);
    if (v !== undefined && Number(v) !== 0) throw new DecodeError(`NRRD "${k}: ${v}" is not supported`);
  }
  const endianRaw = (fields.get('endian') ?? 'little').toLowerCase();
  if (endianRaw !== 'little' && endianRaw !== 'big') throw new DecodeError(`NRRD endian "${endianRaw}" is invalid`);
  if (BYTES_PER[type] > 1 && !fields.has('endian')) {
    throw new DecodeError(`NRRD of type ${type} lacks the required "endian" field`);
  }
  return {
    version: magic,
    type,
    sizes,
    encoding: enc === 'raw' ? 'raw' : 'gzip',
    endian: endianRaw,
    spacings: parseSpacings(fields, dim),
    fields,
    dataOffset: end,
  };
}

function inflate(payload: Uint8Array, expected: number): Uint8Array {
  const isGzip = payload[0] === 0x1f && payload[1] === 0x8b;
  const isZlib = payload.length > 1 && ((payload[0] ?? 0) & 0x0f) === 8 && (((payload[0] ?? 0) << 8) | (payload[1] ?? 0)) % 31 === 0;
  if (!isGzip && !isZlib) {
    throw new DecodeError(`NRRD says encoding gzip but the payload starts with ${describeStart(payload, 4)}, not gzip magic 1f 8b`);
  }
  let out: Uint8Array;
  try {
    out = isGzip ? gunzipSync(payload) : unzlibSync(payload);
  } catch (e) {
    throw new DecodeError(`NRRD gzip payload is corrupt or truncated (${e instanceof Error ? e.message : String(e)})`);
  }
  if (out.length !== expected) {
    throw new DecodeError(`NRRD gzip payload inflates to ${out.length} bytes, expected ${expected} (sizes × type size): truncated or wrong header`);
  }
  return out;
}

function view(type: NrrdScalar, buf: ArrayBuffer, n: number): NrrdArray {
  switch (type) {
    case 'float32':
      return new Float32Array(buf, 0, n);
    case 'float64':
      return new Float64Array(buf, 0, n);
    case 'uint8':
      return new Uint8Array(buf, 0, n);
    case 'int8':
      return new Int8Array(buf, 0, n);
    case 'uint16':
      return new Uint16Array(buf, 0, n);
    case 'int16':
      return new Int16Array(buf, 0, n);
    case 'uint32':
      return new Uint32Array(buf, 0, n);
    case 'int32':
      return new Int32Array(buf, 0, n);
  }
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a] ?? 0;
      bytes[a] = bytes[b] ?? 0;
      bytes[b] = t;
    }
  }
}

/** Decode a whole NRRD into a typed array of its stored type (first axis fastest). */
export function decodeNrrd(input: ArrayBuffer | Uint8Array): NrrdVolume {
  const bytes = toUint8(input);
  const header = parseNrrdHeader(bytes);
  const n = header.sizes.reduce((a, b) => a * b, 1);
  const width = BYTES_PER[header.type];
  const expected = n * width;
  const payload = bytes.subarray(header.dataOffset);
  let raw: Uint8Array;
  if (header.encoding === 'gzip') {
    raw = inflate(payload, expected);
  } else {
    if (payload.length !== expected) {
      throw new DecodeError(`NRRD raw payload has ${payload.length} bytes, expected ${expected} (sizes ${header.sizes.join('×')} × ${width} B)`);
    }
    raw = payload.slice();
  }
  if (raw.byteOffset !== 0 || raw.buffer.byteLength !== raw.length) raw = raw.slice();
  if (header.endian === 'big' && width > 1) swapBytes(raw, width);
  return { header, data: view(header.type, raw.buffer as ArrayBuffer, n) };
}
