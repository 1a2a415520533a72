// Minimal NRRD reader (Teem NRRD0004 as Allen writes it): text header up to the first blank line,
// "key: value" fields, '#' comment lines; then the payload, "gzip"/"gz" (node:zlib) or "raw".
// Supported types: float (float32), double (float64), unsigned int / uint / uint32 (uint32);
// little endian only. Element order is the file's (first axis fastest); nothing is transposed.
import { gunzipSync } from 'node:zlib';

export interface NrrdVolume {
  readonly fields: ReadonlyMap<string, string>;
  readonly sizes: readonly number[];
  readonly type: 'float' | 'double' | 'uint32';
  readonly data: Float32Array | Float64Array | Uint32Array;
}

const TYPES: Readonly<Record<string, { type: NrrdVolume['type']; bytes: number }>> = {
  float: { type: 'float', bytes: 4 },
  double: { type: 'double', bytes: 8 },
  'unsigned int': { type: 'uint32', bytes: 4 },
  uint: { type: 'uint32', bytes: 4 },
  uint32: { type: 'uint32', bytes: 4 },
  uint32_t: { type: 'uint32', bytes: 4 },
};

/** Decodes a whole NRRD file; throws (with the reason) on anything it does not understand. */
export function decodeNrrd(bytes: Uint8Array): NrrdVolume {
  let end = -1;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 10 && bytes[i + 1] === 10) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('NRRD: no blank line after the header');
  const lines = Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('latin1').split('\n');
  if (!/^NRRD000\d$/.test(lines[0] ?? '')) throw new Error(`NRRD: bad magic '${lines[0] ?? ''}'`);
  const fields = new Map<string, string>();
  for (const line of lines.slice(1)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const at = line.indexOf(':');
    if (at > 0)
      fields.set(
        line.slice(0, at).trim().toLowerCase(),
        line
          .slice(at + 1)
          .replace(/^=/, '')
          .trim(),
      );
  }
  const typeName = fields.get('type') ?? '';
  const t = TYPES[typeName];
  if (!t) throw new Error(`NRRD: unsupported type '${typeName}'`);
  const sizes = (fields.get('sizes') ?? '')
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('NRRD: bad sizes');
  const endian = fields.get('endian') ?? 'little';
  if (endian !== 'little' && t.bytes > 1) throw new Error(`NRRD: unsupported endian '${endian}'`);
  const encoding = fields.get('encoding') ?? '';
  const payload = bytes.subarray(end + 2);
  let raw: Uint8Array;
  if (encoding === 'gzip' || encoding === 'gz') raw = gunzipSync(payload);
  else if (encoding === 'raw') raw = payload;
  else throw new Error(`NRRD: unsupported encoding '${encoding}'`);
  const count = sizes.reduce((a, b) => a * b, 1);
  if (raw.length !== count * t.bytes) throw new Error(`NRRD: payload is ${raw.length} bytes, expected ${count * t.bytes}`);
  const aligned = new Uint8Array(raw).buffer; // a fresh, aligned copy
  const data = t.type === 'float' ? new Float32Array(aligned) : t.type === 'double' ? new Float64Array(aligned) : new Uint32Array(aligned);
  return { fields, sizes, type: t.type, data };
}
