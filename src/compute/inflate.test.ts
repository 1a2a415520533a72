// The inflater against zlib (node:zlib compresses; it shares no code with inflate.ts): every block
// type, every zlib strategy, references that overlap themselves at every short period, and the
// inputs that must throw instead of writing garbage.
import { constants, deflateRawSync, gzipSync, type ZlibOptions } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error';
import { gunzipInto, inflateInto } from './inflate';

/** Deterministic pseudo-random bytes (xorshift32). */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A density-grid-like float32 volume: mostly exact zeros, with blobs of non-zero values. */
function sparseGrid(voxels: number, seed: number): Uint8Array {
  const f = new Float32Array(voxels);
  const r = noise(voxels, seed);
  for (let i = 0; i < voxels; i++) if ((r[i] ?? 0) < 12 || (i % 5000 < 300 && (r[i] ?? 0) < 200)) f[i] = ((r[i] ?? 0) / 255) * 0.01;
  return new Uint8Array(f.buffer);
}

/** `period`-byte pattern repeated to n bytes (a reference overlapping itself at that distance). */
function periodic(n: number, period: number, seed: number): Uint8Array {
  const p = noise(period, seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = p[i % period] ?? 0;
  return out;
}

const inputs: Array<[string, Uint8Array]> = [
  ['empty', new Uint8Array(0)],
  ['one byte', Uint8Array.of(7)],
  ['zeros (1 MB)', new Uint8Array(1 << 20)],
  ['noise (100 kB)', noise(100_000, 1)],
  ['sparse float32 grid (4.8 MB)', sparseGrid(132 * 80 * 114, 2)],
  ['text-like', new TextEncoder().encode('the projection density of a source in its target, '.repeat(3000) + 'end')],
  ...[1, 2, 3, 4, 5, 7, 31, 32, 33, 100, 257, 258, 259, 4000, 32768].map((p): [string, Uint8Array] => [`period ${p}`, periodic(70_000, p, p)]),
  [
    'noise then its repeat (long distance)',
    (() => {
      const a = noise(30_000, 9);
      const out = new Uint8Array(60_000);
      out.set(a);
      out.set(a, 30_000);
      return out;
    })(),
  ],
];

const settings: Array<[string, ZlibOptions]> = [
  ['level 0 (stored blocks)', { level: 0 }],
  ['level 1', { level: 1 }],
  ['level 6', { level: 6 }],
  ['level 9', { level: 9 }],
  ['fixed Huffman codes', { strategy: constants.Z_FIXED }],
  ['run-length matches only', { strategy: constants.Z_RLE }],
  ['Huffman only (no matches)', { strategy: constants.Z_HUFFMAN_ONLY }],
  ['filtered', { strategy: constants.Z_FILTERED }],
  ['small window', { windowBits: 9, memLevel: 1 }],
];

describe('inflate against zlib', () => {
  for (const [what, how] of settings)
    it(`gives every input back: ${what}`, () => {
      for (const [name, data] of inputs) {
        const gz = gzipSync(data, how);
        const out = new Uint8Array(data.length);
        expect(gunzipInto(gz, out), name).toBe(data.length);
        expect(Buffer.compare(out, data), name).toBe(0);
        const raw = deflateRawSync(data, how);
        out.fill(0xaa);
        expect(inflateInto(raw, out), name).toBe(data.length);
        expect(Buffer.compare(out, data), name).toBe(0);
      }
    });

  it('writes into a larger buffer from its start and says how much', () => {
    const data = periodic(5000, 3, 4);
    const out = new Uint8Array(8000).fill(0xee);
    expect(inflateInto(deflateRawSync(data), out)).toBe(5000);
    expect(Buffer.compare(out.subarray(0, 5000), data)).toBe(0);
    expect(out[5000]).toBe(0xee);
  });

  it('reads the optional gzip header fields (extra, name, comment, header CRC)', () => {
    const data = noise(2000, 5);
    const gz = gzipSync(data);
    const fields = Uint8Array.of(3, 0, 1, 2, 3, ...new TextEncoder().encode('grid.nrrd'), 0, ...new TextEncoder().encode('a comment'), 0, 0xab, 0xcd);
    const withFields = new Uint8Array(gz.length + fields.length);
    withFields.set(gz.subarray(0, 10));
    withFields[3] = 2 | 4 | 8 | 16;
    withFields.set(fields, 10);
    withFields.set(gz.subarray(10), 10 + fields.length);
    const out = new Uint8Array(data.length);
    expect(gunzipInto(withFields, out)).toBe(data.length);
    expect(Buffer.compare(out, data)).toBe(0);
  });
});

describe('inflate refuses what it cannot decode exactly', () => {
  const data = sparseGrid(50_000, 6);
  const gz = gzipSync(data);

  it('throws on a stream longer than the output, instead of dropping bytes', () => {
    expect(() => gunzipInto(gz, new Uint8Array(data.length - 1))).toThrow(/longer than the .* bytes expected/);
    expect(() => inflateInto(deflateRawSync(noise(100, 1), { level: 0 }), new Uint8Array(99))).toThrow(DecodeError);
  });

  it('throws on a truncated member, at every cut', () => {
    for (const cut of [11, 20, gz.length >> 1, gz.length - 9, gz.length - 1])
      expect(() => gunzipInto(gz.subarray(0, cut), new Uint8Array(data.length)), `cut ${cut}`).toThrow(DecodeError);
  });

  it('throws when the trailer disagrees with the stream', () => {
    const bad = gz.slice();
    bad[bad.length - 4] = (bad[bad.length - 4] ?? 0) ^ 1;
    expect(() => gunzipInto(bad, new Uint8Array(data.length + 1))).toThrow(/trailer says/);
  });

  it('throws on a bad gzip header and a bad block type', () => {
    const notGzip = gz.slice();
    notGzip[0] = 0x1e;
    expect(() => gunzipInto(notGzip, new Uint8Array(data.length))).toThrow(/not a gzip member/);
    expect(() => inflateInto(Uint8Array.of(0b111, 0, 0, 0), new Uint8Array(10))).toThrow(/invalid block type/);
  });

  it('throws on a stored block whose length and complement disagree', () => {
    const raw = deflateRawSync(noise(300, 2), { level: 0 });
    const bad = raw.slice();
    bad[3] = (bad[3] ?? 0) ^ 0xff;
    expect(() => inflateInto(bad, new Uint8Array(300))).toThrow(/complement/);
  });

  it('throws on a reference before the start of the output', () => {
    // fixed-Huffman block: final, type 1, then length code 257 (7 bits 0000001) and distance code 0
    // (5 bits 00000): a 3-byte reference 1 byte back, with nothing written yet
    const bitsLsb = [1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0];
    const bytes = new Uint8Array(4);
    bitsLsb.forEach((b, i) => (bytes[i >> 3] = (bytes[i >> 3] ?? 0) | (b << (i & 7))));
    expect(() => inflateInto(bytes, new Uint8Array(10))).toThrow(/before the start of the output/);
  });

  it('corrupted streams throw DecodeError and nothing else', () => {
    const r = noise(4000, 11);
    for (let k = 0; k < 200; k++) {
      const bad = gz.slice();
      for (let j = 0; j < 3; j++) {
        const at = 10 + ((((r[3 * k + j] ?? 0) << 8) | (r[3 * k + j + 1] ?? 0)) % (bad.length - 18));
        bad[at] = (bad[at] ?? 0) ^ (1 << ((r[k] ?? 0) & 7));
      }
      const out = new Uint8Array(data.length);
      try {
        gunzipInto(bad, out);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
      }
    }
  });
});
