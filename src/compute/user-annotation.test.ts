// User annotation volumes: header checks, streaming majority downsampling to 100 µm (expected
// values written out by hand on tiny patterns in otherwise empty CCF volumes), bad inputs.
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { modeOf, ModeDownsampler } from './label-downsample';
import { importLabelVolume, MAX_USER_LABELS } from './user-annotation';

const NX = 132,
  NY = 80,
  NZ = 114;

function nrrd(type: string, sizes: readonly number[], payload: Uint8Array<ArrayBuffer>, extra: Record<string, string> = {}): Blob {
  const fields = { type, dimension: String(sizes.length), sizes: sizes.join(' '), endian: 'little', encoding: 'raw', ...extra };
  const head = `NRRD0004\n${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n\n`;
  return new Blob([new TextEncoder().encode(head), payload]);
}

describe('modeOf', () => {
  it('returns the most frequent value, the smallest on a tie', () => {
    expect(modeOf(Uint32Array.from([5, 5, 5, 5]), 4)).toBe(5);
    expect(modeOf(Uint32Array.from([0, 7, 7, 3]), 4)).toBe(7);
    expect(modeOf(Uint32Array.from([9, 2, 9, 2]), 4)).toBe(2);
    expect(modeOf(Uint32Array.from([0, 0, 4, 4, 4, 1, 1, 1]), 8)).toBe(1);
    // more than 16 distinct values (the sorted path): 20 singletons, then 3 × 50 and 3 × 40 → 40
    const many = Uint32Array.from([...Array.from({ length: 20 }, (_, i) => 100 + i), 50, 40, 50, 40, 50, 40]);
    expect(modeOf(many, many.length)).toBe(40);
    // only the first n count
    expect(modeOf(Uint32Array.from([3, 8, 8, 8]), 2)).toBe(3);
  });
});

describe('importLabelVolume', () => {
  it('keeps a 100 µm uint32 volume as is (gzip, 2 labels)', async () => {
    const labels = new Uint32Array(NX * NY * NZ);
    labels[0] = 7;
    labels[1 + NX * (2 + NY * 3)] = 7;
    labels[NX * NY * NZ - 1] = 70000;
    const file = nrrd('uint32', [NX, NY, NZ], gzipSync(new Uint8Array(labels.buffer)), { encoding: 'gzip' });
    const { labels: out, info } = await importLabelVolume(file);
    expect(info.resolutionUm).toBe(100);
    expect(info.encoding).toBe('gzip');
    expect(info.labels).toEqual([
      { id: 7, voxels: 2 },
      { id: 70000, voxels: 1 },
    ]);
    expect(out[1 + NX * (2 + NY * 3)]).toBe(7);
    expect(out[NX * NY * NZ - 1]).toBe(70000);
  });

  it('downsamples 50 µm by majority of the 8 voxels in each 100 µm voxel (big-endian uint16, odd chunks)', async () => {
    const sx = NX * 2,
      sy = NY * 2;
    const src = new Uint16Array(sx * sy * NZ * 2);
    const at = (x: number, y: number, z: number) => x + sx * (y + sy * z);
    // 100 µm voxel (0,0,0): labels 3,3,3,5,5,0,0,0 → 0 and 3 tie at 3 votes → 0 (smaller)
    [3, 3, 3, 5, 5].forEach((v, k) => (src[at(k & 1, (k >> 1) & 1, k >> 2)] = v));
    // voxel (10,20,30): 5 of 8 are 300 and 3 are 2 → 300
    for (let k = 0; k < 8; k++) src[at(20 + (k & 1), 40 + ((k >> 1) & 1), 60 + (k >> 2))] = k < 5 ? 300 : 2;
    // voxel (131,79,113), last: 4 × 9 and 4 × 12 → 9
    for (let k = 0; k < 8; k++) src[at(262 + (k & 1), 158 + ((k >> 1) & 1), 226 + (k >> 2))] = k % 2 ? 9 : 12;
    // voxel (1,0,0): a single labelled voxel loses to 7 zeros
    src[at(2, 0, 0)] = 44;
    const be = new Uint8Array(src.length * 2);
    for (let i = 0; i < src.length; i++) {
      be[2 * i] = (src[i] ?? 0) >> 8;
      be[2 * i + 1] = (src[i] ?? 0) & 0xff;
    }
    const { labels, info } = await importLabelVolume(nrrd('ushort', [sx, sy, NZ * 2], be, { endian: 'big' }));
    expect(info.resolutionUm).toBe(50);
    expect(labels[0]).toBe(0);
    expect(labels[10 + NX * (20 + NY * 30)]).toBe(300);
    expect(labels[NX * NY * NZ - 1]).toBe(9);
    expect(labels[1]).toBe(0);
    expect(info.labels).toEqual([
      { id: 9, voxels: 1 },
      { id: 300, voxels: 1 },
    ]);
  });

  it('gives the same labels whatever the chunking (bytes split inside a value)', () => {
    const a = new ModeDownsampler(100, 'uint32', true);
    const values = new Uint32Array(NX * NY * NZ);
    values[12345] = 0x01020304;
    const bytes = new Uint8Array(values.buffer);
    for (let i = 0; i < bytes.length; i += 7) a.push(bytes.subarray(i, Math.min(bytes.length, i + 7)));
    expect(a.finish()[12345]).toBe(0x01020304);
  });

  it('rejects bad inputs with a clear message', async () => {
    const one = (n: number) => new Uint8Array(n);
    await expect(importLabelVolume(new Blob(['hello world, not a volume']))).rejects.toThrow(/not an NRRD file/);
    await expect(importLabelVolume(nrrd('float', [NX, NY, NZ], one(NX * NY * NZ * 4)))).rejects.toThrow(/float32 values.*integer labels/);
    await expect(importLabelVolume(nrrd('uint8', [100, 80, 114], one(100 * 80 * 114)))).rejects.toThrow(/100×80×114; expected a CCF volume/);
    await expect(importLabelVolume(nrrd('uint8', [NZ, NY, NX], one(NX * NY * NZ)))).rejects.toThrow(/axes reversed/);
    await expect(importLabelVolume(nrrd('uint8', [NX, NY, NZ], one(10)))).rejects.toThrow(/truncated/);
    await expect(importLabelVolume(nrrd('uint8', [NX, NY, NZ], one(NX * NY * NZ)))).rejects.toThrow(/no non-zero label/);
    await expect(importLabelVolume(nrrd('uint8', [NX, NY, NZ], gzipSync(one(NX * NY * NZ)).subarray(0, 500), { encoding: 'gzip' }))).rejects.toThrow(
      /gzip|truncated/,
    );
    const neg = new Int16Array(NX * NY * NZ);
    neg[5] = -3;
    await expect(importLabelVolume(nrrd('short', [NX, NY, NZ], new Uint8Array(neg.buffer)))).rejects.toThrow(/negative label -3/);
    const many = new Uint16Array(NX * NY * NZ);
    for (let i = 0; i <= MAX_USER_LABELS; i++) many[i] = i + 1;
    await expect(importLabelVolume(nrrd('uint16', [NX, NY, NZ], new Uint8Array(many.buffer)))).rejects.toThrow(/1001 distinct labels/);
  });
});
