import { describe, expect, it } from 'vitest';
import { encodePngRgba } from './png-encode';
import { physChunk, pngSize, readPhysDpi, readPngChunks, readPngText, textChunk, withPngChunks, writePngChunks } from './png-chunks';

const tiny = () => encodePngRgba(new Uint8Array(3 * 2 * 4).fill(200), 3, 2);

describe('PNG chunks', () => {
  it('reads what the encoder wrote, and writes it back byte for byte', () => {
    const png = tiny();
    const chunks = readPngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(pngSize(chunks)).toEqual({ width: 3, height: 2 });
    expect(writePngChunks(chunks)).toEqual(png);
  });

  it('rejects a bad signature, a bad CRC and a truncated file', () => {
    const png = tiny();
    expect(() => readPngChunks(png.slice(1))).toThrow(/signature/);
    const bad = png.slice();
    bad[20] = (bad[20] ?? 0) ^ 0xff; // inside IHDR data
    expect(() => readPngChunks(bad)).toThrow(/CRC/);
    expect(() => readPngChunks(png.slice(0, 30))).toThrow(/past the end|truncated/);
  });

  it('pHYs: dpi ↔ pixels per metre (96, 192, 384 dpi)', () => {
    for (const dpi of [96, 192, 384]) {
      const c = physChunk(dpi);
      expect(c.data[8]).toBe(1);
      expect(new DataView(c.data.buffer).getUint32(0)).toBe(Math.round(dpi / 0.0254));
      expect(readPhysDpi([c])).toEqual({ x: dpi, y: dpi });
    }
    expect(physChunk(96).data.subarray(0, 4)).toEqual(Uint8Array.from([0, 0, 0x0e, 0xc4])); // 3780 px/m
    expect(() => physChunk(0)).toThrow(RangeError);
  });

  it('tEXt for Latin-1 text (µm included), iTXt for the rest; both read back', () => {
    const latin = textChunk('Title', 'AP = 5000 µm (CCF)');
    expect(latin.type).toBe('tEXt');
    expect(latin.data.length).toBe('Title'.length + 1 + 'AP = 5000 µm (CCF)'.length);
    const utf = textChunk('Description', 'Target CP — injections: MOp → 3 groups');
    expect(utf.type).toBe('iTXt');
    expect(readPngText([latin, utf])).toEqual(
      new Map([
        ['Title', 'AP = 5000 µm (CCF)'],
        ['Description', 'Target CP — injections: MOp → 3 groups'],
      ]),
    );
    expect(() => textChunk('', 'x')).toThrow(/keyword/);
    expect(() => textChunk(' Title', 'x')).toThrow(/keyword/);
    expect(() => textChunk('x'.repeat(80), 'x')).toThrow(/keyword/);
  });

  it('inserts chunks after IHDR, replacing an older pHYs and text of the same keyword', () => {
    const once = withPngChunks(tiny(), [physChunk(96), textChunk('Software', 'old'), textChunk('Title', 'T')]);
    const twice = withPngChunks(once, [physChunk(384), textChunk('Software', 'new')]);
    const chunks = readPngChunks(twice);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'tEXt', 'tEXt', 'IDAT', 'IEND']);
    expect(readPhysDpi(chunks)).toEqual({ x: 384, y: 384 });
    expect(readPngText(chunks)).toEqual(
      new Map([
        ['Software', 'new'],
        ['Title', 'T'],
      ]),
    );
    expect(pngSize(chunks)).toEqual({ width: 3, height: 2 });
  });
});
