import { describe, expect, it } from 'vitest';
import { createGifWriter, gifCommentExtension } from './gif-encode.ts';
import { decodeGifFrame, readGif } from './gif-read.ts';

/** A synthetic figure frame: white page, a black "text" bar, a coloured block that moves with k. */
function frame(w: number, h: number, k: number): Uint8Array {
  const px = new Uint8Array(w * h * 4).fill(255);
  const set = (x: number, y: number, c: readonly [number, number, number]): void => {
    px.set([...c, 255], 4 * (y * w + x));
  };
  for (let x = 2; x < w - 2; x++) set(x, 1, [0, 0, 0]);
  for (let y = 4; y < 8; y++) for (let x = k; x < k + 4; x++) set(x, y, [31, 119, 180]);
  set(w - 1, h - 1, [214, 39, 40]);
  return px;
}

describe('GIF writer', () => {
  it('writes a looping GIF: screen size, one frame per position, delay, comment, exact colours', () => {
    const w = 17;
    const h = 10;
    const gif = createGifWriter(w, h, { delayMs: 125, comment: 'Brain Street View 1.2 — https://x/?v=1&ap=50' });
    for (let k = 0; k < 5; k++) gif.addFrame(frame(w, h, k));
    const bytes = gif.finish();
    const info = readGif(bytes);
    expect(info.version).toBe('GIF89a');
    expect([info.width, info.height]).toEqual([w, h]);
    expect(info.loopCount).toBe(0);
    expect(info.complete).toBe(true);
    expect(info.frames).toHaveLength(5);
    expect(info.frames.map((f) => f.delayMs)).toEqual([120, 120, 120, 120, 120]);
    expect(info.frames.every((f) => f.width === w && f.height === h && !f.interlaced)).toBe(true);
    expect(info.frames[0]?.localPalette).toBe(false);
    expect(info.frames[1]?.localPalette).toBe(true);
    expect(info.comments).toEqual(['Brain Street View 1.2 — https://x/?v=1&ap=50']);
    // a few colours: each frame comes back pixel for pixel (no dithering, no blur)
    for (const [k, f] of info.frames.entries()) expect(Array.from(decodeGifFrame(f))).toEqual(Array.from(frame(w, h, k)));
  });

  it('keeps the figure colours of a frame with more than 256 colours close, without dithering flat areas', () => {
    const w = 64;
    const h = 64;
    const px = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) px.set([(i * 7) & 255, (i >> 4) & 255, (i * 13) & 255, 255], 4 * i);
    // a flat white band and a black line (page and text)
    for (let x = 0; x < w; x++) for (let y = 0; y < 8; y++) px.set(y === 4 ? [0, 0, 0, 255] : [255, 255, 255, 255], 4 * (y * w + x));
    const g = createGifWriter(w, h, { delayMs: 100 });
    g.addFrame(px);
    const [only] = readGif(g.finish()).frames;
    if (!only) throw new Error('no frame');
    const out = decodeGifFrame(only);
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs((out[i] ?? 0) - (px[i] ?? 0)));
    expect(worst).toBeLessThan(48);
    for (let x = 0; x < w; x++) {
      expect(Array.from(out.subarray(4 * x, 4 * x + 4))).toEqual([255, 255, 255, 255]);
      expect(Array.from(out.subarray(4 * (4 * w + x), 4 * (4 * w + x) + 4))).toEqual([0, 0, 0, 255]);
    }
  });

  it('splits long comments into sub-blocks of at most 255 bytes', () => {
    const c = gifCommentExtension('a'.repeat(600));
    expect([c[0], c[1], c[2]]).toEqual([0x21, 0xfe, 255]);
    expect(c[2 + 256]).toBe(255);
    expect(c[2 + 512]).toBe(90);
    expect(c[c.length - 1]).toBe(0);
    expect(c.length).toBe(2 + 600 + 3 + 1);
  });

  it('refuses frames of the wrong size and an empty file', () => {
    const g = createGifWriter(4, 4, { delayMs: 100 });
    expect(() => g.addFrame(new Uint8Array(4 * 4 * 3))).toThrow(/expected 64/);
    expect(() => g.finish()).toThrow(/no frames/);
    expect(() => createGifWriter(0, 4, { delayMs: 100 })).toThrow(/bad frame size/);
  });

  it('time per frame at a 2× export size (reported: decides whether encoding leaves the main thread)', () => {
    const w = 1600;
    const h = 1000;
    const px = new Uint8Array(w * h * 4).fill(255);
    for (let i = 0; i < w * h; i += 3) px.set([(i * 7) & 255, 80, 200, 255], 4 * i);
    const g = createGifWriter(w, h, { delayMs: 125 });
    const t0 = performance.now();
    for (let k = 0; k < 3; k++) g.addFrame(px);
    const ms = (performance.now() - t0) / 3;
    console.log(`GIF: ${ms.toFixed(0)} ms per ${w}×${h} frame (quantise + map + LZW)`);
    expect(readGif(g.finish()).frames).toHaveLength(3);
  });
});
