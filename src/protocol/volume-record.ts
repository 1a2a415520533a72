// Binary record stored per volume: a 48-byte little-endian header + the payload (raw voxels).
//   0 magic "BSVC" · 4 schema version · 8 dtype code · 12 ndims (1–4) · 16..31 dims[4] (unused = 0)
//   32 payload byte length · 36 checksum (fnv-style over 32-bit words, two lanes) · 40..47 zero
// The payload starts at byte 48 (8-aligned, so Float32Array/Float64Array views need no copy).

export const RECORD_MAGIC = 0x43565342; // "BSVC" read as little-endian uint32
export const HEADER_BYTES = 48;

export type Dtype = 'float32' | 'float64' | 'uint32' | 'uint16' | 'uint8' | 'int16' | 'int32';

const DTYPES: ReadonlyArray<{ dtype: Dtype; code: number; size: number }> = [
  { dtype: 'float32', code: 1, size: 4 },
  { dtype: 'float64', code: 2, size: 8 },
  { dtype: 'uint32', code: 3, size: 4 },
  { dtype: 'uint16', code: 4, size: 2 },
  { dtype: 'uint8', code: 5, size: 1 },
  { dtype: 'int16', code: 6, size: 2 },
  { dtype: 'int32', code: 7, size: 4 },
];

export function dtypeSize(dtype: Dtype): number {
  return DTYPES.find((d) => d.dtype === dtype)?.size ?? 0;
}

export interface VolumeMeta {
  readonly dtype: Dtype;
  /** Axis lengths, fastest first (Allen order: AP, DV, ML). 1 to 4 axes. */
  readonly dims: readonly number[];
}

/** Bytes a payload with this meta must have, or null when the meta itself is invalid. */
export function expectedPayloadBytes(meta: VolumeMeta): number | null {
  const size = dtypeSize(meta.dtype);
  if (size === 0 || meta.dims.length < 1 || meta.dims.length > 4) return null;
  if (!meta.dims.every((d) => Number.isInteger(d) && d > 0)) return null;
  return meta.dims.reduce((a, b) => a * b, size);
}

/**
 * 32-bit checksum of bytes [offset, offset + length) of `buffer`: FNV-1a style multiply-xor over
 * 32-bit words in two interleaved lanes (for instruction-level parallelism), tail bytes folded in,
 * then mixed with the length. `offset` must be a multiple of 4.
 */
export function checksum32(buffer: ArrayBuffer, offset = 0, length = buffer.byteLength - offset): number {
  const words = length >>> 2;
  const w = new Uint32Array(buffer, offset, words);
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const pairs = words & ~1;
  for (let i = 0; i < pairs; i += 2) {
    h1 = Math.imul(h1 ^ (w[i] as number), 0x01000193);
    h2 = Math.imul(h2 ^ (w[i + 1] as number), 0x01000193);
  }
  if (pairs < words) h1 = Math.imul(h1 ^ (w[pairs] as number), 0x01000193);
  const tail = new Uint8Array(buffer, offset + words * 4, length - words * 4);
  for (let i = 0; i < tail.length; i++) h2 = Math.imul(h2 ^ (tail[i] as number), 0x01000193);
  let h = h1 ^ Math.imul(h2, 0x9e3779b1) ^ length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function bytesOf(payload: ArrayBuffer | ArrayBufferView): Uint8Array {
  return payload instanceof ArrayBuffer ? new Uint8Array(payload) : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}

/** Header + a copy of the payload; null when the payload length does not match dims × dtype. */
export function encodeVolumeRecord(payload: ArrayBuffer | ArrayBufferView, meta: VolumeMeta, schemaVersion: number): ArrayBuffer | null {
  const bytes = bytesOf(payload);
  const expected = expectedPayloadBytes(meta);
  if (expected === null || expected !== bytes.byteLength) return null;
  const record = new ArrayBuffer(HEADER_BYTES + bytes.byteLength);
  new Uint8Array(record, HEADER_BYTES).set(bytes);
  const view = new DataView(record);
  view.setUint32(0, RECORD_MAGIC, true);
  view.setUint32(4, schemaVersion, true);
  view.setUint32(8, DTYPES.find((d) => d.dtype === meta.dtype)?.code ?? 0, true);
  view.setUint32(12, meta.dims.length, true);
  meta.dims.forEach((d, i) => view.setUint32(16 + 4 * i, d, true));
  view.setUint32(32, bytes.byteLength, true);
  view.setUint32(36, checksum32(record, HEADER_BYTES, bytes.byteLength), true);
  return record;
}

export interface DecodedRecord {
  readonly meta: VolumeMeta;
  /** View of the payload inside the record buffer (no copy; byteOffset = 48). */
  readonly bytes: Uint8Array;
}

export type RecordCheck = { ok: true; record: DecodedRecord } | { ok: false; reason: string };

/** Header only (no checksum): meta and payload length, or a reason. */
export function readRecordHeader(
  record: unknown,
  schemaVersion: number,
): { ok: true; meta: VolumeMeta; payloadBytes: number; checksum: number } | { ok: false; reason: string } {
  if (!(record instanceof ArrayBuffer)) return { ok: false, reason: 'stored value is not an ArrayBuffer' };
  if (record.byteLength < HEADER_BYTES) return { ok: false, reason: `record of ${record.byteLength} bytes is shorter than its header` };
  const view = new DataView(record);
  if (view.getUint32(0, true) !== RECORD_MAGIC) return { ok: false, reason: 'wrong magic' };
  const version = view.getUint32(4, true);
  if (version !== schemaVersion) return { ok: false, reason: `schema version ${version}, expected ${schemaVersion}` };
  const dtype = DTYPES.find((d) => d.code === view.getUint32(8, true))?.dtype;
  const ndims = view.getUint32(12, true);
  if (!dtype || ndims < 1 || ndims > 4) return { ok: false, reason: 'bad dtype or dims in header' };
  const meta: VolumeMeta = {
    dtype,
    dims: Array.from({ length: ndims }, (_, i) => view.getUint32(16 + 4 * i, true)),
  };
  for (let i = ndims; i < 4; i++) if (view.getUint32(16 + 4 * i, true) !== 0) return { ok: false, reason: 'unused dims slot is not zero' };
  const payloadBytes = view.getUint32(32, true);
  if (expectedPayloadBytes(meta) !== payloadBytes) return { ok: false, reason: 'payload length does not match dims × dtype' };
  return { ok: true, meta, payloadBytes, checksum: view.getUint32(36, true) };
}

/** Full validation: header, exact record length and checksum. */
export function decodeVolumeRecord(record: unknown, schemaVersion: number): RecordCheck {
  const head = readRecordHeader(record, schemaVersion);
  if (!head.ok) return head;
  const buffer = record as ArrayBuffer;
  if (buffer.byteLength !== HEADER_BYTES + head.payloadBytes) {
    return {
      ok: false,
      reason: `record has ${buffer.byteLength - HEADER_BYTES} payload bytes, header says ${head.payloadBytes}`,
    };
  }
  if (checksum32(buffer, HEADER_BYTES, head.payloadBytes) !== head.checksum) return { ok: false, reason: 'checksum mismatch' };
  return {
    ok: true,
    record: { meta: head.meta, bytes: new Uint8Array(buffer, HEADER_BYTES, head.payloadBytes) },
  };
}
