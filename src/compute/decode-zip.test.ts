import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error';
import { decodeDensityZip, parseMhd } from './decode-zip';
import { decodeDensity } from './decode-volume';

const bytesOf = (a: Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const MHD = 'ObjectType = Image\nNDims = 3\nDimSize = 4 3 2\nElementSpacing = 100 100 100\nElementType = MET_FLOAT\nElementDataFile = density.raw\n';

describe('decodeDensityZip', () => {
  const vol = Float32Array.from({ length: 24 }, (_, i) => (i % 5 === 0 ? -1 : i / 10));

  it('finds *density.raw in any folder and reads dims from the .mhd', () => {
    const zip = zipSync({ '12345/density.mhd': strToU8(MHD), '12345/density.raw': bytesOf(vol), '12345/other.txt': strToU8('x') });
    const g = decodeDensityZip(zip);
    expect(g.shape).toEqual({ nx: 4, ny: 3, nz: 2, resolutionUm: 100 });
    expect(Array.from(g.data)).toEqual(Array.from(vol));
    expect(g.data[0]).toBe(-1);
    expect(Array.from(decodeDensity(zip.buffer as ArrayBuffer, 'zip').data)).toEqual(Array.from(vol));
  });

  it('falls back to 132×80×114 without an .mhd, and works on stored (uncompressed) entries', () => {
    const big = new Float32Array(132 * 80 * 114).fill(0.25);
    const g = decodeDensityZip(zipSync({ 'density.raw': [bytesOf(big), { level: 0 }] }));
    expect(g.shape).toEqual({ nx: 132, ny: 80, nz: 114, resolutionUm: 100 });
    expect(g.data.length).toBe(big.length);
    expect(g.data[1000]).toBe(0.25);
  });

  it('rejects a short density.raw with the byte counts', () => {
    const zip = zipSync({ 'density.mhd': strToU8(MHD), 'density.raw': bytesOf(vol).subarray(0, 90) });
    expect(() => decodeDensityZip(zip)).toThrow(/density\.raw has 90 bytes, expected 96 \(4×3×2 float32\)/);
  });

  it('rejects non-zip bytes, truncated zips, zips without density.raw, non-float element types', () => {
    expect(() => decodeDensityZip(strToU8('{"success":false}'))).toThrow(/not a zip archive.*success/);
    const zip = zipSync({ 'density.mhd': strToU8(MHD), 'density.raw': bytesOf(vol) });
    const cut = zip.subarray(0, zip.length - 30);
    expect(() => decodeDensityZip(cut)).toThrow(DecodeError);
    expect(() => decodeDensityZip(zipSync({ 'energy.raw': bytesOf(vol) }))).toThrow(/no \*density\.raw/);
    expect(() => decodeDensityZip(zipSync({ 'a/density.raw': bytesOf(vol), 'b/density.raw': bytesOf(vol) }))).toThrow(/2 \*density\.raw/);
    const uchar = MHD.replace('MET_FLOAT', 'MET_UCHAR');
    expect(() => decodeDensityZip(zipSync({ 'density.mhd': strToU8(uchar), 'density.raw': bytesOf(vol) }))).toThrow(/MET_UCHAR/);
  });

  it('parses mhd headers and rejects a malformed DimSize', () => {
    expect(parseMhd(MHD)).toEqual({ dimSize: [4, 3, 2], spacing: 100, elementType: 'MET_FLOAT', bigEndian: false });
    expect(parseMhd('ElementByteOrderMSB = True').bigEndian).toBe(true);
    expect(() => parseMhd('DimSize = 4 3')).toThrow(/not three positive integers/);
  });
});
