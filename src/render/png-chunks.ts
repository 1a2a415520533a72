// PNG chunk reading and writing (pure; runs in Node and the browser): the metadata every exported
// PNG carries — pHYs (physical pixel size, so a 2× figure is placed at its intended size) and
// tEXt / iTXt text chunks (provenance, PNG spec §11.3.4 keywords such as Title, Software, Source,
// Description, Creation Time, Comment). Chunks are inserted right after IHDR, so they precede
// IDAT as pHYs must.
import { crc32 } from './png-encode';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngChunk {
  /** Four ASCII letters, e.g. 'IHDR', 'pHYs', 'tEXt'. */
  readonly type: string;
  readonly data: Uint8Array;
}

/** Every chunk of a PNG, in file order; throws on a bad signature, truncation or a CRC mismatch. */
export function readPngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file (bad signature)');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: PngChunk[] = [];
  let o = 8;
  while (o < png.length) {
    if (o + 12 > png.length) throw new Error(`PNG truncated at byte ${o}`);
    const length = view.getUint32(o);
    if (o + 12 + length > png.length) throw new Error(`PNG chunk at byte ${o} runs past the end of the file`);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    const crc = view.getUint32(o + 8 + length);
    if (crc !== crc32(png, o + 4, o + 8 + length)) throw new Error(`PNG chunk ${type} at byte ${o} has a bad CRC`);
    out.push({ type, data: png.slice(o + 8, o + 8 + length) });
    o += 12 + length;
    if (type === 'IEND') break;
  }
  return out;
}

/** A PNG file of these chunks (signature, then each chunk with its length and CRC). */
export function writePngChunks(chunks: readonly PngChunk[]): Uint8Array {
  const out = new Uint8Array(8 + chunks.reduce((s, c) => s + 12 + c.data.length, 0));
  out.set(SIGNATURE);
  const view = new DataView(out.buffer);
  let o = 8;
  for (const c of chunks) {
    if (!/^[A-Za-z]{4}$/.test(c.type)) throw new Error(`bad PNG chunk type "${c.type}"`);
    view.setUint32(o, c.data.length);
    for (let i = 0; i < 4; i++) out[o + 4 + i] = c.type.charCodeAt(i);
    out.set(c.data, o + 8);
    view.setUint32(o + 8 + c.data.length, crc32(out, o + 4, o + 8 + c.data.length));
    o += 12 + c.data.length;
  }
  return out;
}

/** pHYs chunk: `dpi` dots per inch as pixels per metre (unit 1 = metre), same on both axes. */
export function physChunk(dpi: number): PngChunk {
  if (!(dpi > 0 && Number.isFinite(dpi))) throw new RangeError(`pHYs: ${dpi} dpi is not a positive number`);
  const ppm = Math.round(dpi / 0.0254);
  const data = new Uint8Array(9);
  const v = new DataView(data.buffer);
  v.setUint32(0, ppm);
  v.setUint32(4, ppm);
  data[8] = 1;
  return { type: 'pHYs', data };
}

/** The pHYs of a PNG as dots per inch (rounded to 0.1), or null when absent or not in metres. */
export function readPhysDpi(chunks: readonly PngChunk[]): { readonly x: number; readonly y: number } | null {
  const c = chunks.find((k) => k.type === 'pHYs');
  if (!c || c.data.length !== 9 || c.data[8] !== 1) return null;
  const v = new DataView(c.data.buffer, c.data.byteOffset, 9);
  const dpi = (ppm: number) => Math.round(ppm * 0.254) / 10;
  return { x: dpi(v.getUint32(0)), y: dpi(v.getUint32(4)) };
}

const isLatin1 = (s: string): boolean => [...s].every((ch) => (ch.codePointAt(0) ?? 0) <= 0xff);

/**
 * A text chunk: tEXt (Latin-1) when the text is Latin-1, else iTXt (UTF-8, uncompressed). The
 * keyword is 1–79 printable Latin-1 characters without leading, trailing or double spaces; NUL
 * characters in the text are dropped (they end the field).
 */
export function textChunk(keyword: string, text: string): PngChunk {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || /^ | $| {2}/.test(keyword)) throw new Error(`bad PNG text keyword "${keyword}"`);
  const clean = text.replace(/\0/g, '');
  const key = Uint8Array.from(keyword, (ch) => ch.charCodeAt(0));
  if (isLatin1(clean)) {
    const data = new Uint8Array(key.length + 1 + clean.length);
    data.set(key);
    for (let i = 0; i < clean.length; i++) data[key.length + 1 + i] = clean.charCodeAt(i);
    return { type: 'tEXt', data };
  }
  // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, text
  const body = new TextEncoder().encode(clean);
  const data = new Uint8Array(key.length + 5 + body.length);
  data.set(key);
  data.set(body, key.length + 5);
  return { type: 'iTXt', data };
}

/** Keyword → text of every uncompressed tEXt / iTXt chunk (the first of a keyword wins). */
export function readPngText(chunks: readonly PngChunk[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of chunks) {
    if (c.type !== 'tEXt' && c.type !== 'iTXt') continue;
    const nul = c.data.indexOf(0);
    if (nul < 1) continue;
    const keyword = String.fromCharCode(...c.data.subarray(0, nul));
    let text: string;
    if (c.type === 'tEXt') text = Array.from(c.data.subarray(nul + 1), (b) => String.fromCharCode(b)).join('');
    else {
      if (c.data[nul + 1] !== 0) continue; // compressed iTXt: not written by this app
      const lang = c.data.indexOf(0, nul + 3);
      const translated = lang < 0 ? -1 : c.data.indexOf(0, lang + 1);
      if (translated < 0) continue;
      text = new TextDecoder().decode(c.data.subarray(translated + 1));
    }
    if (!out.has(keyword)) out.set(keyword, text);
  }
  return out;
}

/** Pixel size from IHDR. */
export function pngSize(chunks: readonly PngChunk[]): { readonly width: number; readonly height: number } {
  const h = chunks[0];
  if (!h || h.type !== 'IHDR' || h.data.length < 8) throw new Error('PNG has no IHDR chunk first');
  const v = new DataView(h.data.buffer, h.data.byteOffset, 8);
  return { width: v.getUint32(0), height: v.getUint32(4) };
}

/**
 * The PNG with `extra` chunks inserted right after IHDR. Chunks the extra ones replace are
 * dropped: any pHYs when a pHYs is added, and text chunks of the same keyword.
 */
export function withPngChunks(png: Uint8Array, extra: readonly PngChunk[]): Uint8Array {
  const chunks = readPngChunks(png);
  const keyOf = (c: PngChunk): string | null => {
    if (c.type !== 'tEXt' && c.type !== 'iTXt' && c.type !== 'zTXt') return null;
    const nul = c.data.indexOf(0);
    return nul < 0 ? null : String.fromCharCode(...c.data.subarray(0, nul));
  };
  const replacedKeys = new Set(extra.map(keyOf).filter((k): k is string => k !== null));
  const replacesPhys = extra.some((c) => c.type === 'pHYs');
  const kept = chunks.filter((c) => !(replacesPhys && c.type === 'pHYs') && !replacedKeys.has(keyOf(c) ?? '\0'));
  const [ihdr, ...rest] = kept;
  if (!ihdr || ihdr.type !== 'IHDR') throw new Error('PNG has no IHDR chunk first');
  return writePngChunks([ihdr, ...extra, ...rest]);
}
