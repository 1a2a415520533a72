import { deflateSync, gzipSync } from 'fflate';
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
    const v3 = packed.slice();
    v3[4] = 3;
    expect(() => unpackGrid(v3)).toThrow(/format version 3/);
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
    flipped[45] = (flipped[45] ?? 0) ^ 0xff; // inside the run lengths
    expect(() => unpackGrid(flipped)).toThrow(/corrupt|truncated|does not fit|cover/);
  });

  it('refuses run lengths that end early, run past their bytes or do not fit 32 bits', () => {
    const g = new Float32Array(voxelCount(SMALL));
    g[3] = 1;
    g[200 % g.length] = 2;
    const packed = packGrid(g, SMALL); // runs (3, 1) (…): one byte each
    const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
    const shortRuns = packed.slice();
    shortRuns[40] = 0x83; // the first length now continues into the next: the lengths end early
    expect(() => unpackGrid(shortRuns)).toThrow(/truncated or corrupt|does not fit|cover/);
    // a record whose header gives one run byte more than its lengths use (and the values moved by 0 or 4)
    const runBytes = view(packed).getUint32(32, true);
    const { values } = packedGridShape(packed);
    const padded = (runBytes + 3) & ~3;
    const wider = new Uint8Array(40 + ((runBytes + 1 + 3) & ~3) + 4 * values);
    wider.set(packed.subarray(0, 40 + runBytes));
    wider.set(packed.subarray(40 + padded), wider.length - 4 * values);
    view(wider).setUint32(32, runBytes + 1, true);
    expect(() => unpackGrid(wider)).toThrow(/unread: corrupt/);
    // five bytes of 0xff: more than 32 bits
    const huge = new Uint8Array(40 + 8 + 4);
    huge.set(packed.subarray(0, 40));
    view(huge).setUint32(24, 1, true);
    view(huge).setUint32(28, 1, true);
    view(huge).setUint32(32, 6, true);
    huge.set([0xff, 0xff, 0xff, 0xff, 0x1f, 0x01], 40);
    expect(() => unpackGrid(huge)).toThrow(/exceeds 32 bits/);
  });

  it('still reads version 1 records (run lengths deflated as uint32 pairs), built here from the layout', () => {
    const g = projectionLike(0.05, 3);
    const bits = bitsOf(g);
    const runs: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < bits.length;) {
      const from = i;
      while (i < bits.length && bits[i] === 0) i++;
      if (i === bits.length) break;
      const start = i;
      while (i < bits.length && bits[i] !== 0) values.push(bits[i++] as number);
      runs.push(start - from, i - start);
    }
    const deflated = deflateSync(new Uint8Array(Uint32Array.from(runs).buffer));
    const valuesAt = 40 + ((deflated.length + 3) & ~3);
    const v1 = new Uint8Array(valuesAt + 4 * values.length);
    const view = new DataView(v1.buffer);
    v1.set([0x42, 0x53, 0x56, 0x50]);
    [1, DENSITY_SHAPE.nx, DENSITY_SHAPE.ny, DENSITY_SHAPE.nz].forEach((x, k) => view.setUint32(4 + 4 * k, x, true));
    view.setFloat32(20, 100, true);
    view.setUint32(24, runs.length / 2, true);
    view.setUint32(28, values.length, true);
    view.setUint32(32, deflated.length, true);
    v1.set(deflated, 40);
    v1.set(new Uint8Array(Uint32Array.from(values).buffer), valuesAt);
    expect(packedGridShape(v1)).toMatchObject({ version: 1, runs: runs.length / 2, values: values.length });
    expect(bitMismatches(unpackGrid(v1).data, g)).toBe(0);
    const i = values.length > 0 ? bits.findIndex((b) => b !== 0) : 0;
    expect(packedGridValueAt(v1, i)).toBe(g[i]);
    // what is written now is version 2, and holds the same grid
    const now = packGrid(g, DENSITY_SHAPE);
    expect(packedGridShape(now).version).toBe(2);
    expect(bitMismatches(unpackGrid(now).data, g)).toBe(0);
  });
});
