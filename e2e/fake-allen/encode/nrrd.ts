// NRRD encoders matching Allen's files: NRRD0004 header, gzip payload, first axis (AP) fastest.
// Allen's "space: left-posterior-superior" line is reproduced although it is wrong (CCF is PIR).
// Gzip is Node's zlib (6-10x faster than fflate here); any gzip reader (fflate gunzipSync) decodes it.
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';

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
 * uint32 NRRD written a slab at a time (`forEachSlab` hands out the AP×DV planes in ML order), so
 * a volume too large to hold (the 25 µm annotation, 308 MB of labels) never exists at once: each
 * slab is deflated on its own and sync-flushed (no final block), the pieces are joined into one
 * deflate stream ended by an empty final block, inside one gzip member with the CRC32 and size of
 * the whole payload: an ordinary single-member gzip any reader inflates.
 */
export function encodeNrrdSlabs(
  sizes: readonly [number, number, number],
  spacingUm: number,
  forEachSlab: (onSlab: (k: number, slab: Uint32Array) => void) => void,
  level = 6,
): Uint8Array {
  const header = new TextEncoder().encode(nrrdHeader('unsigned int', sizes, spacingUm));
  const parts: Uint8Array[] = [header, Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3)];
  let crc = 0;
  let size = 0;
  let next = 0;
  forEachSlab((k, slab) => {
    if (k !== next++) throw new Error(`encodeNrrdSlabs: slab ${k} out of order`);
    const bytes = new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength);
    crc = crc32(bytes, crc);
    size += bytes.length;
    const piece = deflateRawSync(bytes, { level, finishFlush: constants.Z_SYNC_FLUSH });
    parts.push(new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength));
  });
  if (size !== sizes[0] * sizes[1] * sizes[2] * 4) throw new Error(`encodeNrrdSlabs: ${size} bytes of labels for sizes ${sizes.join(' ')}`);
  const trailer = new Uint8Array(10);
  trailer.set([0x03, 0x00]); // an empty final fixed-Huffman block
  const view = new DataView(trailer.buffer);
  view.setUint32(2, crc >>> 0, true);
  view.setUint32(6, size >>> 0, true);
  parts.push(trailer);
  return concat(parts);
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
