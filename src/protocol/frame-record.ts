// The byte record of a link's stored projectome frame (volume cache kind 'frame'), shared by the
// worker, which encodes and stores it, and the main thread, which reads the first-AP record
// straight from IndexedDB at t = 0 (data/stored-frame.ts); the snapshot's shape and format number
// are features/projectome/frame-snapshot.ts's. Layout: "BSVF", format u32, header length u32, the
// header (UTF-8 JSON of { format, snapshot }; typed arrays, Maps and Sets replaced by tagged
// objects), zero padding to 8, then every typed array's bytes, each starting at a multiple of 8.
// Large integer arrays that run-length encode to less than half (the atlas sections: labels,
// target mask, cell codes) are stored as (value, length) Uint32 pairs and expanded on decode.

/** What is encoded: the snapshot's format number and the snapshot. */
export interface FrameRecord {
  readonly format: number;
  readonly snapshot: unknown;
}

const MAGIC = 0x46565342; // "BSVF" little-endian
const ARRAY_TYPES = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Uint8Array,
  Uint16Array,
  Int16Array,
} as const;
type ArrayName = keyof typeof ARRAY_TYPES;
type AnyArray = InstanceType<(typeof ARRAY_TYPES)[ArrayName]>;

const arrayName = (v: unknown): ArrayName | null => {
  if (!ArrayBuffer.isView(v)) return null;
  const name = v.constructor.name;
  return name in ARRAY_TYPES ? (name as ArrayName) : null;
};

const align8 = (n: number): number => (n + 7) & ~7;

/** Integer arrays at least this long are run-length encoded when that halves them. */
const RLE_MIN_LENGTH = 4096;
type IntArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Uint32Array;

/** (value, length) pairs of `a`, or null when they would not take under half of its bytes. */
function runsOf(a: IntArray): Uint32Array<ArrayBuffer> | null {
  const limit = a.byteLength / 2 / 8;
  const out: number[] = [];
  let i = 0;
  while (i < a.length) {
    const v = a[i] ?? 0;
    let j = i + 1;
    while (j < a.length && a[j] === v) j++;
    out.push(v >>> 0, j - i);
    if (out.length / 2 > limit) return null;
    i = j;
  }
  return Uint32Array.from(out);
}

function expandRuns(Ctor: (typeof ARRAY_TYPES)[ArrayName], runs: Uint32Array<ArrayBuffer>, n: number): AnyArray {
  const out = new Ctor(n);
  let at = 0;
  for (let r = 0; r + 1 < runs.length; r += 2) {
    const len = runs[r + 1] ?? 0;
    if (at + len > n) throw new Error('runs longer than the array');
    const v = runs[r] ?? 0;
    // values were stored as their uint32 bit pattern: signed arrays take them back with | 0
    if (v !== 0) out.fill(Ctor === Int32Array || Ctor === Int16Array ? v | 0 : v, at, at + len);
    at += len;
  }
  if (at !== n) throw new Error('runs shorter than the array');
  return out;
}

/** The record's bytes: `format` and `snapshot` (any JSON-able value with typed arrays, Maps, Sets, non-finite numbers). */
export function encodeFrameRecord({ format, snapshot }: FrameRecord): Uint8Array {
  const arrays: AnyArray[] = [];
  // `at`: byte offset of the array in the data section, which starts after the padded header
  let dataBytes = 0;
  const header = JSON.stringify({ format, snapshot }, (_key, value: unknown) => {
    const name = arrayName(value);
    if (name) {
      const a = value as AnyArray;
      const runs = a.length >= RLE_MIN_LENGTH && !(a instanceof Float32Array || a instanceof Float64Array) ? runsOf(a) : null;
      const stored = runs ?? a;
      arrays.push(stored);
      const tag = runs ? { $rle: name, at: dataBytes, n: a.length, runs: runs.length } : { $a: name, at: dataBytes, n: a.length };
      dataBytes = align8(dataBytes + stored.byteLength);
      return tag;
    }
    if (value instanceof Map) return { $map: [...value.entries()] };
    if (value instanceof Set) return { $set: [...value.values()] };
    if (typeof value === 'number' && !Number.isFinite(value)) return { $n: String(value) };
    return value;
  });
  const headerBytes = new TextEncoder().encode(header);
  const start = align8(12 + headerBytes.byteLength);
  const out = new Uint8Array(start + dataBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, format, true);
  view.setUint32(8, headerBytes.byteLength, true);
  out.set(headerBytes, 12);
  let at = start;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align8(at + a.byteLength);
  }
  return out;
}

/** The snapshot stored in `bytes` when they are a record of `format` (typed arrays are views into its buffer, run-length encoded ones copies), else null. */
export function decodeFrameRecord(bytes: Uint8Array, format: number): unknown {
  try {
    if (bytes.byteLength < 12 || bytes.byteOffset % 8 !== 0) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== format) return null;
    const headerLength = view.getUint32(8, true);
    if (12 + headerLength > bytes.byteLength) return null;
    const start = align8(12 + headerLength);
    const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)), (_key, value: unknown) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      if ('$n' in value) return Number((value as { $n: string }).$n);
      if ('$map' in value) return new Map((value as { $map: Array<[unknown, unknown]> }).$map);
      if ('$set' in value) return new Set((value as { $set: unknown[] }).$set);
      if ('$rle' in value) {
        const { $rle, at, n, runs } = value as { $rle: string; at: number; n: number; runs: number };
        const Ctor = ARRAY_TYPES[$rle as ArrayName] as (typeof ARRAY_TYPES)[ArrayName] | undefined;
        if (!Ctor || ![at, n, runs].every((x) => Number.isInteger(x) && x >= 0) || start + at + 4 * runs > bytes.byteLength) throw new Error('bad runs tag');
        return expandRuns(Ctor, new Uint32Array(bytes.buffer as ArrayBuffer, bytes.byteOffset + start + at, runs), n);
      }
      if ('$a' in value) {
        const { $a, at, n } = value as { $a: string; at: number; n: number };
        const Ctor = ARRAY_TYPES[$a as ArrayName] as (typeof ARRAY_TYPES)[ArrayName] | undefined;
        if (!Ctor || !Number.isInteger(at) || !Number.isInteger(n) || at < 0 || n < 0) throw new Error('bad array tag');
        const from = bytes.byteOffset + start + at;
        if (from % Ctor.BYTES_PER_ELEMENT !== 0 || start + at + n * Ctor.BYTES_PER_ELEMENT > bytes.byteLength) throw new Error('array outside the record');
        return new Ctor(bytes.buffer as ArrayBuffer, from, n);
      }
      return value;
    }) as { format?: unknown; snapshot?: unknown };
    return parsed.format === format && parsed.snapshot !== undefined ? parsed.snapshot : null;
  } catch {
    return null;
  }
}
