import { describe, expect, it } from 'vitest';
import type { GridShape } from './grid';
import { decodeLabelRuns, encodeLabelRuns, LabelRunsError } from './label-runs';

const S: GridShape = { nx: 5, ny: 3, nz: 2, resolutionUm: 50 };

function volume(): Uint32Array {
  const v = new Uint32Array(30);
  v.fill(672, 3, 11); // crosses a row end: runs follow the flat array
  v[20] = 614454277; // ids past 6e8
  v.fill(997, 25, 30);
  return v;
}

describe('label runs', () => {
  it('round-trips exactly, with the shape, palette and runs the layout says', () => {
    const v = volume();
    const e = encodeLabelRuns(v, S);
    const head = new Uint32Array(e.buffer, 0, 8);
    expect(Array.from(head)).toEqual([0x314c524c, 5, 3, 2, 50, 4, 6, 0]); // 0, 672, 614454277, 997; 6 runs
    expect(e.byteLength).toBe(4 * (8 + 4) + 4 * 6);
    const d = decodeLabelRuns(e);
    expect(d.shape).toEqual(S);
    expect(Array.from(d.data)).toEqual(Array.from(v));
  });

  it('splits runs longer than 65,535 voxels and still round-trips', () => {
    const big: GridShape = { nx: 100, ny: 100, nz: 20, resolutionUm: 100 };
    const v = new Uint32Array(200_000).fill(8);
    v[150_000] = 9;
    const e = encodeLabelRuns(v, big);
    expect(new Uint32Array(e.buffer, 0, 8)[6]).toBe(5); // 65535 + 65535 + 18929 | 1 | 49999
    expect(decodeLabelRuns(e).data).toEqual(v);
  });

  it('decodes from an unaligned view (a record inside a larger buffer)', () => {
    const e = encodeLabelRuns(volume(), S);
    const padded = new Uint8Array(e.byteLength + 3);
    padded.set(e, 3);
    expect(decodeLabelRuns(padded.subarray(3)).data).toEqual(volume());
  });

  it('rejects a wrong length, bad magic, runs that overflow or fall short, and a shape mismatch', () => {
    const e = encodeLabelRuns(volume(), S);
    expect(() => encodeLabelRuns(new Uint32Array(29), S)).toThrow(LabelRunsError);
    expect(() => decodeLabelRuns(e.slice(0, e.byteLength - 2))).toThrow(/header says/);
    const bad = e.slice();
    bad[0] = 0;
    expect(() => decodeLabelRuns(bad)).toThrow(/magic/);
    const long = e.slice();
    new Uint16Array(long.buffer, 4 * 12 + 12, 6)[5] = 9; // last run 5 → 9 voxels: past the end
    expect(() => decodeLabelRuns(long)).toThrow(/does not fit/);
    const short = e.slice();
    new Uint16Array(short.buffer, 4 * 12 + 12, 6)[5] = 4;
    expect(() => decodeLabelRuns(short)).toThrow(/cover 29 voxels/);
    const index = e.slice();
    new Uint16Array(index.buffer, 4 * 12, 6)[0] = 7;
    expect(() => decodeLabelRuns(index)).toThrow(/index 7/);
  });
});
