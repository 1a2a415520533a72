// Animated GIF writer (pure: runs in Node and in the GIF worker) on gifenc: one adaptive palette
// of up to 256 colours per frame (the first frame's is the global table, later frames carry a local
// one), nearest-colour mapping without dithering (text and boundaries stay sharp), an infinite
// loop (NETSCAPE2.0) and a comment extension with the file's provenance before the trailer.
import { applyPalette, GIFEncoder, quantize } from 'gifenc';

export interface GifWriterOptions {
  /** Frame duration in ms; GIF stores 1/100 s, rounded down as Pillow does for bsv (125 ms → 120 ms). */
  readonly delayMs: number;
  /** 0 (default): loop forever, as bsv's save_gif. */
  readonly repeat?: number;
  /** Written as a GIF comment extension (UTF-8) before the trailer. */
  readonly comment?: string;
}

export interface GifWriter {
  /** Adds one frame of width × height RGBA pixels (alpha ignored: frames are opaque). */
  addFrame(rgba: Uint8Array | Uint8ClampedArray): void;
  readonly frames: number;
  /** The complete file; the writer cannot be used afterwards. */
  finish(): Uint8Array;
}

/**
 * A GIF comment extension block (0x21 0xFE, data sub-blocks of ≤ 255 bytes, terminator). The text
 * is written as UTF-8 (GIF89a recommends 7-bit ASCII; ASCII text is unchanged, and µm stays µm).
 */
export function gifCommentExtension(text: string): Uint8Array {
  const data = new TextEncoder().encode(text);
  const blocks = Math.ceil(data.length / 255);
  const out = new Uint8Array(2 + data.length + blocks + 1);
  out[0] = 0x21;
  out[1] = 0xfe;
  let at = 2;
  for (let k = 0; k < blocks; k++) {
    const part = data.subarray(k * 255, Math.min(data.length, (k + 1) * 255));
    out[at++] = part.length;
    out.set(part, at);
    at += part.length;
  }
  out[at] = 0;
  return out;
}

export function createGifWriter(width: number, height: number, opts: GifWriterOptions): GifWriter {
  if (!(width > 0 && height > 0 && Number.isInteger(width) && Number.isInteger(height))) throw new Error(`GIF: bad frame size ${width} × ${height}`);
  if (width > 65535 || height > 65535) throw new Error(`GIF: a frame of ${width} × ${height} is larger than GIF allows (65535)`);
  const enc = GIFEncoder({ initialCapacity: width * height });
  let frames = 0;
  let done = false;
  return {
    get frames() {
      return frames;
    },
    addFrame(rgba) {
      if (done) throw new Error('GIF: the file is finished');
      if (rgba.length !== width * height * 4) throw new Error(`GIF: a frame has ${rgba.length} bytes, expected ${width * height * 4}`);
      // gifenc reads the pixels as 32-bit words: an aligned copy of its own
      const px = new Uint8Array(rgba.length);
      px.set(rgba);
      const palette = quantize(px, 256, { format: 'rgb565' });
      const index = applyPalette(px, palette, 'rgb565');
      enc.writeFrame(index, width, height, { palette, delay: Math.floor(opts.delayMs / 10) * 10, repeat: opts.repeat ?? 0 });
      frames++;
    },
    finish() {
      if (done) throw new Error('GIF: the file is finished');
      if (frames === 0) throw new Error('GIF: no frames');
      done = true;
      const body = enc.bytesView();
      const comment = opts.comment ? gifCommentExtension(opts.comment) : new Uint8Array(0);
      const out = new Uint8Array(body.length + comment.length + 1);
      out.set(body, 0);
      out.set(comment, body.length);
      out[out.length - 1] = 0x3b; // trailer
      return out;
    },
  };
}
