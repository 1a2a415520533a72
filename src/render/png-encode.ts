// Minimal PNG encoder (RGBA 8-bit, no filtering, zlib via fflate) for raster layers of SVG
// exports, and base64 data URLs. Pure: runs in Node and in workers.

import { zlibSync } from 'fflate';

let crcTable: Uint32Array | null = null;

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (crcTable[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** PNG bytes of an RGBA image (row-major, top row first, 4 bytes per pixel). */
export function encodePngRgba(rgba: Uint8Array, width: number, height: number): Uint8Array {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || rgba.length !== width * height * 4)
    throw new RangeError(`PNG: ${rgba.length} bytes is not ${width} × ${height} RGBA`);
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const idat = zlibSync(raw, { level: 6 });
  const chunks: [string, Uint8Array][] = [
    [
      'IHDR',
      (() => {
        const h = new Uint8Array(13);
        const v = new DataView(h.buffer);
        v.setUint32(0, width);
        v.setUint32(4, height);
        h[8] = 8;
        h[9] = 6;
        return h;
      })(),
    ],
    ['IDAT', idat],
    ['IEND', new Uint8Array(0)],
  ];
  const size = 8 + chunks.reduce((s, [, d]) => s + 12 + d.length, 0);
  const out = new Uint8Array(size);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(out.buffer);
  let o = 8;
  for (const [type, data] of chunks) {
    view.setUint32(o, data.length);
    for (let i = 0; i < 4; i++) out[o + 4 + i] = type.charCodeAt(i);
    out.set(data, o + 8);
    view.setUint32(o + 8 + data.length, crc32(out, o + 4, o + 8 + data.length));
    o += 12 + data.length;
  }
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

export function pngDataUrl(rgba: Uint8Array, width: number, height: number): string {
  return `data:image/png;base64,${bytesToBase64(encodePngRgba(rgba, width, height))}`;
}
