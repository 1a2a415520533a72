import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error';
import { decodeNrrd, parseNrrdHeader } from './decode-nrrd';
import { decodeAnnotationNrrd, decodeDensityNrrd } from './decode-volume';
import { maskExtent } from './atlas-masks';

function sharedAllen(): string | null {
  const candidates = [process.env.BSV_SHARED_ALLEN, resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/allen'), '/work/shared/allen'];
  for (const c of candidates) if (c !== undefined && existsSync(c)) return c;
  return null;
}

function nrrd(headerLines: string[], payload: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(['NRRD0004', ...headerLines].join('\n') + '\n\n');
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('decodeNrrd', () => {
  const values = new Float32Array([0, 0.5, -1, 1.25, 3, -1]);

  it('reads raw little-endian float, sizes and spacing from space directions', () => {
    const f = nrrd(
      ['type: float', 'dimension: 3', 'sizes: 3 2 1', 'space directions: (100,0,0) (0,100,0) (0,0,100)', 'endian: little', 'encoding: raw'],
      bytesOf(values),
    );
    const { header, data } = decodeNrrd(f);
    expect(header.sizes).toEqual([3, 2, 1]);
    expect(header.spacings).toEqual([100, 100, 100]);
    expect(data).toBeInstanceOf(Float32Array);
    expect(Array.from(data)).toEqual(Array.from(values));
  });

  it('reads gzip and zlib payloads', () => {
    const lines = ['type: float', 'dimension: 3', 'sizes: 3 2 1', 'endian: little', 'encoding: gzip'];
    expect(Array.from(decodeNrrd(nrrd(lines, gzipSync(bytesOf(values)))).data)).toEqual(Array.from(values));
    expect(Array.from(decodeNrrd(nrrd(lines, zlibSync(bytesOf(values)))).data)).toEqual(Array.from(values));
  });

  it('converts double density to Float32Array and keeps −1', () => {
    const d = new Float64Array([0.1, -1, 2]);
    const f = nrrd(['type: double', 'dimension: 3', 'sizes: 1 1 3', 'spacings: 25 25 25', 'endian: little', 'encoding: gzip'], gzipSync(bytesOf(d)));
    const g = decodeDensityNrrd(f);
    expect(g.data).toBeInstanceOf(Float32Array);
    expect(Array.from(g.data)).toEqual([Math.fround(0.1), -1, 2]);
    expect(g.shape).toEqual({ nx: 1, ny: 1, nz: 3, resolutionUm: 25 });
  });

  it('reads uint32 annotation labels beyond 2^31 and swaps big-endian data', () => {
    const labels = new Uint32Array([0, 997, 614454277, 4000000000]);
    const f = nrrd(['type: unsigned int', 'dimension: 3', 'sizes: 2 2 1', 'spacings: 50 50 50', 'endian: little', 'encoding: gzip'], gzipSync(bytesOf(labels)));
    expect(Array.from(decodeAnnotationNrrd(f).data)).toEqual(Array.from(labels));
    const be = new Uint8Array(8);
    new DataView(be.buffer).setUint16(0, 258, false);
    new DataView(be.buffer).setUint16(2, 7, false);
    new DataView(be.buffer).setInt32(4, -5, false);
    const u16 = decodeNrrd(nrrd(['type: ushort', 'dimension: 1', 'sizes: 2', 'endian: big', 'encoding: raw'], be.subarray(0, 4)));
    expect(Array.from(u16.data)).toEqual([258, 7]);
    const i32 = decodeNrrd(nrrd(['type: int', 'dimension: 1', 'sizes: 1', 'endian: big', 'encoding: raw'], be.subarray(4)));
    expect(Array.from(i32.data)).toEqual([-5]);
  });

  it('infers the resolution from a CCF grid size when no spacing is given', () => {
    const n = 132 * 80 * 114;
    const f = nrrd(['type: float', 'dimension: 3', 'sizes: 132 80 114', 'endian: little', 'encoding: gzip'], gzipSync(new Uint8Array(n * 4)));
    expect(decodeDensityNrrd(f).shape.resolutionUm).toBe(100);
  });

  it('rejects wrong magic, unsupported type and encoding, detached data', () => {
    expect(() => decodeNrrd(new TextEncoder().encode('<!DOCTYPE html><html>'))).toThrow(/not an NRRD file.*DOCTYPE/);
    const base = ['dimension: 1', 'sizes: 1', 'endian: little'];
    expect(() => decodeNrrd(nrrd(['type: int64', ...base, 'encoding: raw'], new Uint8Array(8)))).toThrow(/type "int64" is not supported/);
    expect(() => decodeNrrd(nrrd(['type: float', ...base, 'encoding: bzip2'], new Uint8Array(4)))).toThrow(/encoding "bzip2"/);
    expect(() => parseNrrdHeader(nrrd(['type: float', ...base, 'encoding: raw', 'data file: x.raw'], new Uint8Array(0)))).toThrow(/detached/);
    expect(() => parseNrrdHeader(nrrd(['type: float', 'dimension: 2', 'sizes: 1', 'endian: little', 'encoding: raw'], new Uint8Array(4)))).toThrow(
      /do not match dimension 2/,
    );
    expect(() => parseNrrdHeader(nrrd(['type: float', 'dimension: 1', 'sizes: 1', 'encoding: raw'], new Uint8Array(4)))).toThrow(/lacks the required "endian"/);
    expect(() => decodeDensityNrrd(nrrd(['type: uchar', 'dimension: 3', 'sizes: 1 1 1', 'spacings: 1 1 1', 'encoding: raw'], new Uint8Array(1)))).toThrow(
      /must be float or double/,
    );
  });

  it('rejects short raw payloads and truncated or non-gzip compressed payloads', () => {
    const lines = ['type: float', 'dimension: 3', 'sizes: 3 2 1', 'endian: little'];
    expect(() => decodeNrrd(nrrd([...lines, 'encoding: raw'], bytesOf(values).subarray(0, 20)))).toThrow(/raw payload has 20 bytes, expected 24/);
    const gz = gzipSync(bytesOf(new Float32Array(5000).map((_, i) => Math.sin(i))));
    const big = ['type: float', 'dimension: 1', 'sizes: 5000', 'endian: little', 'encoding: gzip'];
    for (const cut of [10, Math.floor(gz.length / 2), gz.length - 4]) {
      const err = (() => {
        try {
          decodeNrrd(nrrd(big, gz.subarray(0, cut)));
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(DecodeError);
      expect(String(err)).toMatch(/gzip payload (is corrupt or truncated|inflates to \d+ bytes, expected 20000)/);
    }
    expect(() => decodeNrrd(nrrd([...lines, 'encoding: gzip'], bytesOf(values)))).toThrow(/not gzip magic/);
    expect(() => decodeNrrd(nrrd([...lines.slice(0, 2), 'sizes: 3 2 2', 'endian: little', 'encoding: gzip'], gzipSync(bytesOf(values))))).toThrow(
      /inflates to 24 bytes, expected 48/,
    );
    expect(() => parseNrrdHeader(new TextEncoder().encode('NRRD0004\ntype: float\n'))).toThrow(/no terminating blank line/);
  });
});

describe('real 25 µm VISp structure mask', () => {
  const dir = sharedAllen();
  const file = dir === null ? null : resolve(dir, 'volumes/structure_385_VISp_25um.nrrd');
  const present = file !== null && existsSync(file);

  it.skipIf(!present)('decodes to 528×320×456 uint8 {0,1} with the VISp extent of the mesh bbox', () => {
    const { header, data } = decodeNrrd(readFileSync(file ?? ''));
    expect(header.sizes).toEqual([528, 320, 456]);
    expect(header.spacings).toEqual([25, 25, 25]);
    expect(data).toBeInstanceOf(Uint8Array);
    expect(data.length).toBe(528 * 320 * 456);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i++) seen.add(data[i] ?? -1);
    expect([...seen].sort()).toEqual([0, 1]);
    const ext = maskExtent(data as Uint8Array, { nx: 528, ny: 320, nz: 456, resolutionUm: 25 });
    expect(ext).not.toBeNull();
    // Mesh bbox (allen-api.md §1.8): AP 7695–10362, DV 371–2249, ML 2079–9300 µm. The mesh is a
    // smoothed surface and voxels are 25 µm cells, so allow 100 µm; a transposed or mis-sized
    // decode would be off by millimetres.
    const near = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(100);
    near(ext?.minUm[0] ?? NaN, 7695);
    near(ext?.maxUm[0] ?? NaN, 10362);
    near(ext?.minUm[1] ?? NaN, 371);
    near(ext?.maxUm[1] ?? NaN, 2249);
    near(ext?.minUm[2] ?? NaN, 2079);
    near(ext?.maxUm[2] ?? NaN, 9300);
  });
});
