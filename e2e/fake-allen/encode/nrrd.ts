// NRRD encoders matching Allen's files: NRRD0004 header, gzip payload, first axis (AP) fastest.
// Allen's "space: left-posterior-superior" line is reproduced although it is wrong (CCF is PIR).
// Gzip is Node's zlib (6-10x faster than fflate here); any gzip reader (fflate gunzipSync) decodes it.
import { gzipSync } from 'node:zlib';

export type NrrdType = 'float' | 'unsigned int';

export function nrrdHeader(type: NrrdType, sizes: readonly [number, number, number], spacingUm: number): string {
  const s = spacingUm;
  return [
    'NRRD0004',
    '# Complete NRRD file format specification at:',
    '# http://teem.sourceforge.net/nrrd/format.html',
    `type: ${type}`,
    'dimension: 3',
    'space: left-posterior-superior',
    `sizes: ${sizes.join(' ')}`,
    `space directions: (${s},0,0) (0,${s},0) (0,0,${s})`,
    'kinds: domain domain domain',
    'endian: little',
    'encoding: gzip',
    'space origin: (0,0,0)',
    '',
    '',
  ].join('\n');
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Whole-volume NRRD (little-endian typed array bytes, gzip payload). */
export function encodeNrrd(data: Float32Array | Uint32Array, sizes: readonly [number, number, number], spacingUm: number, level = 6): Uint8Array {
  const type: NrrdType = data instanceof Float32Array ? 'float' : 'unsigned int';
  const header = new TextEncoder().encode(nrrdHeader(type, sizes, spacingUm));
  const payload = gzipSync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { level });
  return concat([header, new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)]);
}

/**
 * Copy of a gzip NRRD (as encodeNrrd writes it) whose payload no longer inflates: the first deflate
 * block header gets the reserved block type 3, so zlib, fflate and DecompressionStream all throw.
 * Same length, header untouched.
 */
export function corruptGzipNrrd(nrrd: Uint8Array): Uint8Array {
  let start = -1;
  for (let i = 0; i + 1 < nrrd.length; i++) {
    if (nrrd[i] === 10 && nrrd[i + 1] === 10) {
      start = i + 2;
      break;
    }
  }
  // gzip member: 1f 8b, CM 8, FLG 0 (no extra/name/comment), MTIME ×4, XFL, OS; deflate from +10.
  if (start < 0 || nrrd[start] !== 0x1f || nrrd[start + 1] !== 0x8b || nrrd[start + 3] !== 0) {
    throw new Error('corruptGzipNrrd: not a gzip NRRD with a plain gzip header');
  }
  const out = nrrd.slice();
  out[start + 10] = (out[start + 10] ?? 0) | 0b110;
  return out;
}
