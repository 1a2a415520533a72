import { describe, expect, it } from 'vitest';
import { buildMask } from './atlas-masks';
import type { GridShape } from './grid';
import { MaskRecordError, decodeMaskRecord, encodeMaskRecord } from './mask-record';

// a 100 µm-like annotation of 30 AP × 10 DV × 12 ML: label = 1 + (ap·7 + dv·3 + ml) % 6 inside a box, 0 outside
const S: GridShape = { nx: 30, ny: 10, nz: 12, resolutionUm: 100 };
const ann = new Uint32Array(30 * 10 * 12);
for (let x = 0; x < 30; x++)
  for (let y = 0; y < 10; y++)
    for (let z = 0; z < 12; z++) if (y >= 1 && y <= 8 && z >= 1 && x >= 3 && x < 29) ann[x + 30 * (y + 10 * z)] = 1 + ((x * 7 + y * 3 + z) % 6);

describe('mask record', () => {
  it('a stored mask reads back equal to the one built from the annotation, for every hemisphere', () => {
    for (const hemisphere of ['left', 'right', 'both'] as const) {
      const mask = buildMask(ann, S, Uint32Array.of(2, 5), hemisphere);
      const bytes = encodeMaskRecord(`mask|ann-100|${hemisphere}|2:abc`, mask, S);
      const back = decodeMaskRecord(bytes, `mask|ann-100|${hemisphere}|2:abc`);
      expect(back.shape).toEqual(S);
      expect(back.data).toEqual(mask);
    }
  });

  it('stores runs, not voxels: a solid box is a few bytes per row', () => {
    const box = buildMask(ann, S, Uint32Array.of(1, 2, 3, 4, 5, 6), 'both');
    const bytes = encodeMaskRecord('k', box, S);
    // one run per DV row inside the box (8 × 11 rows), each 8 bytes, plus the header and key
    expect(bytes.byteLength).toBe(32 + 4 + 8 * 11 * 8);
    expect(decodeMaskRecord(bytes, 'k').data).toEqual(box);
  });

  it('keeps an empty mask and a full one, and a run ending at the last voxel', () => {
    for (const fill of [0, 1]) {
      const mask = new Uint8Array(30 * 10 * 12).fill(fill);
      expect(decodeMaskRecord(encodeMaskRecord('k', mask, S), 'k').data).toEqual(mask);
    }
    const tail = new Uint8Array(30 * 10 * 12);
    tail.fill(1, tail.length - 5);
    expect(decodeMaskRecord(encodeMaskRecord('k', tail, S), 'k').data).toEqual(tail);
  });

  it('reads a record that does not start on a 4-byte boundary', () => {
    const mask = buildMask(ann, S, Uint32Array.of(3), 'both');
    const bytes = encodeMaskRecord('mask|x', mask, S);
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    expect(decodeMaskRecord(shifted.subarray(1), 'mask|x').data).toEqual(mask);
  });

  it('refuses a record of another mask, a foreign record, a truncated one and runs that overlap or leave the volume', () => {
    const mask = buildMask(ann, S, Uint32Array.of(2, 5), 'both');
    const bytes = encodeMaskRecord('mask|a', mask, S);
    expect(() => decodeMaskRecord(bytes, 'mask|b')).toThrow(MaskRecordError);
    expect(() => decodeMaskRecord(new Uint8Array(64), 'mask|a')).toThrow(MaskRecordError);
    expect(() => decodeMaskRecord(bytes.subarray(0, bytes.byteLength - 8), 'mask|a')).toThrow(MaskRecordError);
    expect(() => decodeMaskRecord(bytes.subarray(0, 10), 'mask|a')).toThrow(MaskRecordError);
    const runsAt = 32 + 8; // header + the padded key 'mask|a'
    const overlap = bytes.slice();
    const words = new Uint32Array(overlap.buffer, runsAt);
    words[2] = words[0] ?? 0; // the second run starts where the first does
    expect(() => decodeMaskRecord(overlap, 'mask|a')).toThrow(MaskRecordError);
    const outside = bytes.slice();
    new Uint32Array(outside.buffer, runsAt)[1] = 30 * 10 * 12; // the first run is longer than the volume
    expect(() => decodeMaskRecord(outside, 'mask|a')).toThrow(MaskRecordError);
  });

  it('refuses a mask of another shape than it says', () => {
    expect(() => encodeMaskRecord('k', new Uint8Array(10), S)).toThrow(RangeError);
  });
});
