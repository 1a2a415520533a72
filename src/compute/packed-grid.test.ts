import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DENSITY_SHAPE, voxelCount } from './grid';
import { isPackedGrid, packGrid, packedGridShape, packedGridValueAt, unpackGrid, unpackGridInto } from './packed-grid';

const SMALL = { nx: 5, ny: 3, nz: 2, resolutionUm: 100 };
const bitsOf = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);
/** Voxels whose 32 bits differ (a loop: deep equality of a 1.2 M-voxel array takes seconds). */
function bitMismatches(a: Float32Array, b: Float32Array): number {
  const x = bitsOf(a);
  const y = bitsOf(b);
  let bad = Math.abs(x.length - y.length);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) bad++;
  return bad;
}

/** A grid like a projection: zeros, a −1 patch, and clusters of small densities (seeded). */
function projectionLike(fraction: number, seed = 7): Float32Array {
  const n = voxelCount(DENSITY_SHAPE);
  const g = new Float32Array(n);
  let s = seed;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < n;) {
    if (rnd() < fraction / 8) {
      const len = 1 + Math.floor(rnd() * 16);
      for (let k = 0; k < len && i < n; k++, i++) g[i] = Math.fround(rnd() ** 3);
    } else i += 1 + Math.floor(rnd() * 8);
  }
  g.fill(-1, 1000, 1300);
  return g;
}

describe('packed grid', () => {
  it('round-trips every voxel bit for bit: −1, −0, NaN payloads, denormals, zeros at both ends', () => {
    const g = new Float32Array(voxelCount(SMALL));
    g.set([0, -1, -0, 0.25, 0, 0, 1e-40, 3], 2);
    bitsOf(g)[20] = 0x7fc01234; // a NaN with a payload
    g[29] = 7;
    const packed = packGrid(g, SMALL);
    expect(isPackedGrid(packed)).toBe(true);
    expect(packedGridShape(packed)).toMatchObject({ shape: SMALL, runs: 4, values: 7 });
    const back = unpackGrid(packed);
    expect(back.shape).toEqual(SMALL);
    expect(Array.from(bitsOf(back.data))).toEqual(Array.from(bitsOf(g)));
    // one voxel at a time, without unpacking
    for (let i = 0; i < g.length; i++)
      expect(Object.is(packedGridValueAt(packed, i), g[i]) || (Number.isNaN(g[i]) && Number.isNaN(packedGridValueAt(packed, i)))).toBe(true);
    expect(() => packedGridValueAt(packed, g.length)).toThrow(RangeError);
  });

  it('unpacks into a dirty view inside a larger buffer (an accumulator slot), zeroing what it does not set', () => {
    const g = new Float32Array(voxelCount(SMALL));
    g[4] = 0.5;
    const big = new Float32Array(40).fill(9);
    expect(unpackGridInto(packGrid(g, SMALL), big.subarray(3, 33))).toEqual(SMALL);
    expect(Array.from(big.subarray(0, 3))).toEqual([9, 9, 9]);
    expect(Array.from(big.subarray(3, 33))).toEqual(Array.from(g));
    expect(Array.from(big.subarray(33))).toEqual([9, 9, 9, 9, 9, 9, 9]);
  });

  it('an all-zero grid and an all-non-zero grid', () => {
    const zeros = new Float32Array(voxelCount(SMALL));
    expect(packedGridShape(packGrid(zeros, SMALL))).toMatchObject({ runs: 0, values: 0 });
    expect(unpackGrid(packGrid(zeros, SMALL)).data).toEqual(zeros);
    const full = new Float32Array(voxelCount(SMALL)).map((_, i) => i + 1);
    expect(packedGridShape(packGrid(full, SMALL))).toMatchObject({ runs: 1, values: 30 });
    expect(unpackGrid(packGrid(full, SMALL)).data).toEqual(full);
  });

  it('a projection-like 100 µm grid: identical after the round trip, and no larger than its gzip', () => {
    const g = projectionLike(0.1);
    const packed = packGrid(g, DENSITY_SHAPE);
    expect(bitMismatches(unpackGrid(packed).data, g)).toBe(0);
    const gz = gzipSync(new Uint8Array(g.buffer), { level: 6 });
    expect(packed.length).toBeLessThan(gz.length * 1.1);
  });

  it('rejects other bytes, other versions, wrong destinations, truncated and corrupt streams', () => {
    const g = projectionLike(0.05);
    const packed = packGrid(g, DENSITY_SHAPE);
    expect(() => unpackGrid(new Uint8Array([0x1f, 0x8b, 8, 0]))).toThrow(/starts with "BSVP"/);
    expect(() => unpackGrid(packed.subarray(0, 20))).toThrow(/shorter than its 40-byte header/);
    const v2 = packed.slice();
    v2[4] = 2;
    expect(() => unpackGrid(v2)).toThrow(/format version 2/);
    expect(() => unpackGridInto(packed, new Float32Array(10))).toThrow(/1203840 voxels, the destination 10/);
    expect(() => unpackGrid(packed.subarray(0, packed.length - 50))).toThrow(/truncated|corrupt/);
    const lying = packed.slice();
    new DataView(lying.buffer).setUint32(28, packedGridShape(packed).values + 1, true); // one value more than the stream holds
    expect(() => unpackGrid(lying)).toThrow(/truncated|corrupt/);
    const badRuns = packGrid(new Float32Array(voxelCount(SMALL)).fill(1), SMALL);
    new DataView(badRuns.buffer).setUint32(12, 2, true); // header says 5×2×2 = 20 voxels, the run has 30
    expect(() => unpackGrid(badRuns)).toThrow(/inconsistent|does not fit/);
    expect(() => packGrid(new Float32Array(3), SMALL)).toThrow(RangeError);
    const flipped = packed.slice();
    flipped[45] = (flipped[45] ?? 0) ^ 0xff; // inside the deflated run lengths
    expect(() => unpackGrid(flipped)).toThrow(/corrupt|truncated|does not fit|cover/);
  });
});
