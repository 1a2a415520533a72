import { gunzipSync as fflateGunzip } from 'fflate';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeNrrd, encodeNrrdSlabs } from './nrrd.ts';

describe('encodeNrrdSlabs', () => {
  it('writes the NRRD encodeNrrd would (same header, same labels), one slab at a time', () => {
    const sizes = [6, 4, 5] as const;
    const all = new Uint32Array(6 * 4 * 5).map((_, i) => (i % 11 < 4 ? 0 : 614454277 + (i % 3)));
    const streamed = encodeNrrdSlabs(sizes, 25, (onSlab) => {
      for (let k = 0; k < sizes[2]; k++) onSlab(k, all.slice(k * 24, (k + 1) * 24));
    });
    const whole = encodeNrrd(all, sizes, 25);
    const headerEnd = (b: Uint8Array) => b.findIndex((v, i) => v === 10 && b[i + 1] === 10) + 2;
    expect(streamed.subarray(0, headerEnd(streamed))).toEqual(whole.subarray(0, headerEnd(whole)));
    const payload = streamed.subarray(headerEnd(streamed));
    // one gzip member: zlib checks the CRC and size, fflate reads the declared size from the trailer
    expect(new Uint8Array(gunzipSync(payload))).toEqual(new Uint8Array(all.buffer));
    expect(fflateGunzip(payload)).toEqual(new Uint8Array(all.buffer));
  });

  it('refuses slabs out of order or too few', () => {
    expect(() => encodeNrrdSlabs([2, 2, 2], 25, (on) => on(1, new Uint32Array(4)))).toThrow(/out of order/);
    expect(() => encodeNrrdSlabs([2, 2, 2], 25, (on) => on(0, new Uint32Array(4)))).toThrow(/bytes of labels/);
  });
});
