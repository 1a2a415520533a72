// Hand-computable checks of the oracle's pure parts (no server): hemisphere subtraction on a tiny
// volume, numpy percentiles, grouping bins, target statistics, the CSV parser, the NRRD and zip
// readers, and the rule that the oracle imports nothing but itself and node: built-ins.
import { strToU8, zipSync } from 'fflate';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { coordinateBins, decodeNrrd, parseAppCsv, percentile, readZip, subtractHemispheres, targetStats } from './index.ts';

describe('subtractHemispheres', () => {
  // nx = 2 (AP), ny = 1, nz = 4 (ML): left half = ml 0, 1; mirror(ml) = 3 - ml; index = ap + 2·ml.
  const dims = { nx: 2, ny: 1, nz: 4 };
  const d = [0.5, -1, 0.25, 0.75, 0.125, 0.5, 0.0625, NaN];

  it('left injection: injected half = D - D[mirror], no data if either is; the other half = 0', () => {
    expect([...subtractHemispheres(d, true, dims)]).toEqual([0.5 - 0.0625, NaN, 0.25 - 0.125, 0.75 - 0.5, 0, 0, 0, 0]);
  });

  it('right injection: the mirror image', () => {
    expect([...subtractHemispheres(d, false, dims)]).toEqual([0, 0, 0, 0, 0.125 - 0.25, 0.5 - 0.75, 0.0625 - 0.5, NaN]);
  });

  it('a difference of exactly -1 is a value, not no-data', () => {
    expect([...subtractHemispheres([0, 0, 0, 0, 0, 0, 1, 1], true, dims)]).toEqual([-1, -1, 0, 0, 0, 0, 0, 0]);
  });
});

describe('percentile (numpy linear)', () => {
  it('matches hand-computed values', () => {
    const v = [50, 15, 40, 20, 35];
    expect(percentile(v, 0)).toBe(15);
    expect(percentile(v, 40)).toBeCloseTo(29, 12); // rank 1.6: 20 + 0.6 · 15
    expect(percentile(v, 50)).toBe(35);
    expect(percentile(v, 100)).toBe(50);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        99,
      ),
    ).toBeCloseTo(99.01, 12); // rank 98.01
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBeNaN();
  });
});

describe('coordinateBins (bsv grouping_bins)', () => {
  const e = (id: number, v: number) => ({ id, v });

  it('puts the maximum in the last bin and drops an empty middle bin', () => {
    // edges 0, 100, 200, 300
    expect(coordinateBins([e(1, 0), e(2, 10), e(3, 290), e(4, 300)], 3)).toEqual([
      { lo: 0, hi: 100, centreUm: 5, members: [1, 2] },
      { lo: 200, hi: 300, centreUm: 295, members: [3, 4] },
    ]);
  });

  it('a value on an inner edge opens the next bin; max = min gives one bin', () => {
    const bins = coordinateBins([e(1, 0), e(2, 100), e(3, 199), e(4, 200), e(5, 300)], 3);
    expect(bins.map((b) => b.members)).toEqual([[1], [2, 3], [4, 5]]);
    expect(bins[1]?.centreUm).toBe(149.5);
    expect(coordinateBins([e(1, 5000), e(2, 5000)], 3)).toEqual([{ lo: 5000, hi: 5000, centreUm: 5000, members: [1, 2] }]);
  });

  it('uses linspace edges k·step + min with the last edge = max', () => {
    const bins = coordinateBins([e(1, 1000), e(2, 1100), e(3, 1700), e(4, 2000)], 3);
    expect(bins.map((b) => [b.lo, b.hi, b.members])).toEqual([
      [1000, (1000 / 3) * 1 + 1000, [1, 2]],
      [(1000 / 3) * 2 + 1000, 2000, [3, 4]],
    ]);
  });
});

describe('targetStats', () => {
  it('averages non-NaN values inside the mask', () => {
    const s = targetStats([1, NaN, 3, -2, 5], [1, 1, 1, 1, 0]);
    expect(s.mean).toBeCloseTo(2 / 3, 15);
    expect(s).toMatchObject({ max: 3, min: -2, voxelsWithData: 3 });
    expect(s.volumeMm3).toBeCloseTo(0.002, 15);
    expect(targetStats([NaN, 1], [1, 0])).toEqual({ mean: NaN, max: NaN, min: NaN, volumeMm3: NaN, voxelsWithData: 0 });
  });
});

describe('parseAppCsv', () => {
  it('reads # key: value lines, then RFC 4180 records with quotes, commas and line breaks', () => {
    const text = '\uFEFF# app: Brain Street View\r\n# query: r=VISp,MOs\n# a note\nregion,"value, mm3",note\r\nVISp,0.5,"say ""hi"""\nMOs,,"multi\nline"\n\n';
    const csv = parseAppCsv(text);
    expect([...csv.header]).toEqual([
      ['app', 'Brain Street View'],
      ['query', 'r=VISp,MOs'],
    ]);
    expect(csv.comments).toEqual(['app: Brain Street View', 'query: r=VISp,MOs', 'a note']);
    expect(csv.columns).toEqual(['region', 'value, mm3', 'note']);
    expect(csv.rows).toEqual([
      ['VISp', '0.5', 'say "hi"'],
      ['MOs', '', 'multi\nline'],
    ]);
  });
});

describe('readers', () => {
  it('decodeNrrd reads gzip and raw payloads of float, double and unsigned int', () => {
    const values = [1.5, -1, 0.25, 8];
    const header = (type: string, encoding: string) => `NRRD0004\n# c\ntype: ${type}\ndimension: 3\nsizes: 1 2 2\nendian: little\nencoding: ${encoding}\n\n`;
    const f32 = new Uint8Array(Float32Array.from(values).buffer);
    const f64 = new Uint8Array(Float64Array.from(values).buffer);
    const u32 = new Uint8Array(Uint32Array.from([3, 0, 549, 4000000000]).buffer);
    const file = (h: string, body: Uint8Array) => Buffer.concat([Buffer.from(h, 'latin1'), body]);
    expect([...decodeNrrd(file(header('float', 'gzip'), gzipSync(f32))).data]).toEqual(values);
    expect([...decodeNrrd(file(header('double', 'raw'), f64)).data]).toEqual(values);
    const labels = decodeNrrd(file(header('unsigned int', 'gzip'), gzipSync(u32)));
    expect(labels.type).toBe('uint32');
    expect([...labels.data]).toEqual([3, 0, 549, 4000000000]);
    expect(labels.sizes).toEqual([1, 2, 2]);
    expect(() => decodeNrrd(file(header('float', 'gzip'), gzipSync(f32.subarray(0, 12))))).toThrow(/expected 16/);
  });

  it('readZip reads stored and deflated entries', () => {
    const big = new Uint8Array(10_000).map((_, i) => i % 7);
    const zip = zipSync({ 'a/density.raw': big, 'density.mhd': [strToU8('DimSize = 1 2 3\n'), { level: 0 }] }, { level: 6 });
    const files = readZip(zip);
    expect([...files.keys()].sort()).toEqual(['a/density.raw', 'density.mhd']);
    expect(Buffer.from(files.get('a/density.raw') ?? []).equals(Buffer.from(big))).toBe(true);
    expect(new TextDecoder().decode(files.get('density.mhd'))).toBe('DimSize = 1 2 3\n');
    expect(() => readZip(zip.subarray(0, zip.length - 30))).toThrow();
  });
});

describe('independence', () => {
  it('oracle modules import only each other and node: built-ins', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? '');
      for (const s of specifiers) expect(/^\.\/[\w-]+\.ts$/.test(s) || s.startsWith('node:'), `${f} imports ${s}`).toBe(true);
    }
  });
});
