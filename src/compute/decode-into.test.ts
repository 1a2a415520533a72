import { gzipSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeDensityNrrdInto } from './decode-into';
import { decodeDensityNrrd } from './decode-volume';

function nrrd(fields: string, payload: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`NRRD0004\n${fields}\n\n`);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}
const values = new Float32Array([0.5, -1, 3.25, 0, 1e-7, 2]);
const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const FIELDS = 'type: float\ndimension: 3\nsizes: 3 2 1\nspacings: 100 100 100';

describe('decodeDensityNrrdInto', () => {
  it('inflates a gzip float NRRD into the given array, same values and shape as decodeDensityNrrd', () => {
    const file = nrrd(`${FIELDS}\nendian: little\nencoding: gzip`, gzipSync(bytesOf(values)));
    const out = new Float32Array(6).fill(9);
    expect(decodeDensityNrrdInto(file, out)).toEqual({ nx: 3, ny: 2, nz: 1, resolutionUm: 100 });
    expect(out).toEqual(values);
    expect(decodeDensityNrrd(file).data).toEqual(out);
    // into a view inside a larger buffer (as an input slot in wasm memory is)
    const big = new Float32Array(10);
    decodeDensityNrrdInto(file, big.subarray(2, 8));
    expect(Array.from(big)).toEqual([0, 0, ...values, 0, 0]);
  });

  it('handles raw and big-endian payloads', () => {
    const be = new Uint8Array(values.byteLength);
    const dv = new DataView(be.buffer);
    values.forEach((v, i) => dv.setFloat32(i * 4, v, false));
    const out = new Float32Array(6);
    expect(decodeDensityNrrdInto(nrrd(`${FIELDS}\nendian: big\nencoding: raw`, be), out)).not.toBeNull();
    expect(out).toEqual(values);
  });

  it('returns null (nothing to do in place) for doubles, other voxel counts and zlib streams', () => {
    const d = new Float64Array(values);
    expect(decodeDensityNrrdInto(nrrd(FIELDS.replace('float', 'double') + '\nendian: little\nencoding: raw', bytesOf(d)), new Float32Array(6))).toBeNull();
    expect(decodeDensityNrrdInto(nrrd(`${FIELDS}\nendian: little\nencoding: raw`, bytesOf(values)), new Float32Array(7))).toBeNull();
    expect(decodeDensityNrrdInto(nrrd(`${FIELDS}\nendian: little\nencoding: gzip`, zlibSync(bytesOf(values))), new Float32Array(6))).toBeNull();
  });

  it('rejects truncated or mislabelled payloads instead of writing a partial volume', () => {
    const gz = gzipSync(bytesOf(values));
    const short = nrrd(`${FIELDS}\nendian: little\nencoding: gzip`, gz.subarray(0, gz.length - 6));
    expect(() => decodeDensityNrrdInto(short, new Float32Array(6))).toThrow(/inflates to \d+ bytes, expected 24|corrupt or truncated/);
    const longer = nrrd('type: float\ndimension: 3\nsizes: 3 2 1\nspacings: 100 100 100\nendian: little\nencoding: gzip', gzipSync(new Uint8Array(28)));
    expect(() => decodeDensityNrrdInto(longer, new Float32Array(6))).toThrow(/inflates to 28 bytes, expected 24/);
    expect(() => decodeDensityNrrdInto(new Uint8Array(8), new Float32Array(6))).toThrow(/not an NRRD file/);
    expect(() => decodeDensityNrrdInto(nrrd(`${FIELDS}\nendian: little\nencoding: gzip`, new Uint8Array([1, 2, 3, 4])), new Float32Array(6))).toThrow(
      /not gzip magic/,
    );
  });
});
