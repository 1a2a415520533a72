// A small GIF reader (pure) for checking exported GIFs in tests: the logical screen, the loop
// count, every frame's delay, position, size and palette, the comments, and each frame decoded
// (LZW) to RGBA. Not a general-purpose decoder: no interlacing, no disposal compositing.

export interface GifFrameInfo {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Duration in ms (the Graphic Control Extension's 1/100 s × 10), or null without one. */
  readonly delayMs: number | null;
  readonly interlaced: boolean;
  /** The frame's colour table (its local one, else the global one), RGB triples. */
  readonly palette: Uint8Array;
  readonly localPalette: boolean;
  readonly minCodeSize: number;
  /** The LZW data, sub-blocks joined. */
  readonly data: Uint8Array;
}

export interface GifInfo {
  readonly version: string;
  readonly width: number;
  readonly height: number;
  readonly globalPalette: Uint8Array | null;
  /** NETSCAPE2.0 loop count (0 = forever), or null when the file plays once. */
  readonly loopCount: number | null;
  readonly comments: string[];
  readonly frames: GifFrameInfo[];
  /** The trailer (0x3B) ends the file. */
  readonly complete: boolean;
}

export function readGif(bytes: Uint8Array): GifInfo {
  let p = 0;
  const need = (n: number): void => {
    if (p + n > bytes.length) throw new Error(`GIF: truncated at byte ${p}`);
  };
  const u8 = (): number => {
    need(1);
    return bytes[p++] ?? 0;
  };
  const u16 = (): number => u8() | (u8() << 8);
  const take = (n: number): Uint8Array => {
    need(n);
    const out = bytes.slice(p, p + n);
    p += n;
    return out;
  };
  const subBlocks = (): Uint8Array => {
    const parts: Uint8Array[] = [];
    for (let n = u8(); n > 0; n = u8()) parts.push(take(n));
    const out = new Uint8Array(parts.reduce((s, b) => s + b.length, 0));
    let at = 0;
    for (const b of parts) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  };
  const version = String.fromCharCode(...take(6));
  if (!/^GIF8[79]a$/.test(version)) throw new Error('not a GIF file');
  const width = u16();
  const height = u16();
  const packed = u8();
  u8(); // background colour index
  u8(); // pixel aspect ratio
  const globalPalette = packed & 0x80 ? take(3 * (1 << ((packed & 7) + 1))) : null;
  let loopCount: number | null = null;
  const comments: string[] = [];
  const frames: GifFrameInfo[] = [];
  let delayMs: number | null = null;
  let complete = false;
  while (p < bytes.length) {
    const block = u8();
    if (block === 0x3b) {
      complete = true;
      break;
    }
    if (block === 0x21) {
      const label = u8();
      const data = subBlocks();
      if (label === 0xf9 && data.length >= 3) delayMs = ((data[1] ?? 0) | ((data[2] ?? 0) << 8)) * 10;
      else if (label === 0xfe) comments.push(new TextDecoder().decode(data));
      else if (label === 0xff && String.fromCharCode(...data.subarray(0, 11)) === 'NETSCAPE2.0' && data[11] === 1) {
        loopCount = (data[12] ?? 0) | ((data[13] ?? 0) << 8);
      }
      continue;
    }
    if (block !== 0x2c) throw new Error(`GIF: unknown block 0x${block.toString(16)} at byte ${p - 1}`);
    const left = u16();
    const top = u16();
    const w = u16();
    const h = u16();
    const fp = u8();
    const local = fp & 0x80 ? take(3 * (1 << ((fp & 7) + 1))) : null;
    const palette = local ?? globalPalette;
    if (!palette) throw new Error('GIF: a frame has no colour table');
    const minCodeSize = u8();
    frames.push({
      left,
      top,
      width: w,
      height: h,
      delayMs,
      interlaced: (fp & 0x40) !== 0,
      palette,
      localPalette: local !== null,
      minCodeSize,
      data: subBlocks(),
    });
    delayMs = null;
  }
  return { version, width, height, globalPalette, loopCount, comments, frames, complete };
}

/** The frame's colour indices (LZW decoded), width × height of them. */
export function decodeGifIndices(frame: GifFrameInfo): Uint8Array {
  const out = new Uint8Array(frame.width * frame.height);
  const data = frame.data;
  const clear = 1 << frame.minCodeSize;
  const eoi = clear + 1;
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Int32Array(4096);
  for (let c = 0; c < clear; c++) {
    prefix[c] = -1;
    suffix[c] = c;
    length[c] = 1;
  }
  let size = frame.minCodeSize + 1;
  let next = eoi + 1;
  let prev = -1;
  let bit = 0;
  let o = 0;
  const total = data.length * 8;
  const write = (code: number): number => {
    // writes the string of `code` at o; returns its first byte
    const n = length[code] ?? 0;
    let c = code;
    for (let k = n - 1; k >= 0; k--) {
      if (o + k < out.length) out[o + k] = suffix[c] ?? 0;
      c = prefix[c] ?? -1;
    }
    const first = out[o] ?? 0;
    o += n;
    return first;
  };
  while (bit + size <= total && o < out.length) {
    let code = 0;
    for (let k = 0; k < size; k++, bit++) code |= (((data[bit >> 3] ?? 0) >> (bit & 7)) & 1) << k;
    if (code === clear) {
      size = frame.minCodeSize + 1;
      next = eoi + 1;
      prev = -1;
      continue;
    }
    if (code === eoi) break;
    if (prev < 0) {
      write(code);
      prev = code;
      continue;
    }
    let first: number;
    if (code < next) first = write(code);
    else {
      // KwKwK: the previous string plus its own first byte
      const at = o;
      write(prev);
      first = out[at] ?? 0;
      if (o < out.length) out[o] = first;
      o++;
    }
    if (next < 4096) {
      prefix[next] = prev;
      suffix[next] = first;
      length[next] = (length[prev] ?? 0) + 1;
      next++;
      if (next === 1 << size && size < 12) size++;
    }
    prev = code;
  }
  return out;
}

/** The frame as RGBA (opaque), width × height pixels. */
export function decodeGifFrame(frame: GifFrameInfo): Uint8Array {
  const idx = decodeGifIndices(frame);
  const rgba = new Uint8Array(idx.length * 4);
  for (let i = 0; i < idx.length; i++) {
    const c = idx[i] ?? 0;
    rgba[4 * i] = frame.palette[3 * c] ?? 0;
    rgba[4 * i + 1] = frame.palette[3 * c + 1] ?? 0;
    rgba[4 * i + 2] = frame.palette[3 * c + 2] ?? 0;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}
