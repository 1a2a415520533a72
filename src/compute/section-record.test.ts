import { describe, expect, it } from 'vitest';
import type { GridShape } from './grid';
import { SectionRecordError, decodeSectionRecord, encodeSectionRecord } from './section-record';
import { planeSectionStack } from './section-stack';

// a 50 µm annotation of 20 AP × 6 DV × 8 ML: label = 1 + (ap + dv + ml) % 5 inside a box, 0 outside
const S: GridShape = { nx: 20, ny: 6, nz: 8, resolutionUm: 50 };
const ann = new Uint32Array(20 * 6 * 8);
for (let x = 0; x < 20; x++)
  for (let y = 0; y < 6; y++) for (let z = 0; z < 8; z++) if (y >= 1 && y <= 4 && z >= 2 && z <= 6 && x >= 2) ann[x + 20 * (y + 6 * z)] = 1 + ((x + y + z) % 5);
const target = Uint32Array.of(2, 4);

describe('section record', () => {
  it('a stored stack reads back equal to the cut, array for array, along every plane', () => {
    for (const plane of ['coronal', 'sagittal', 'horizontal'] as const) {
      const cut = planeSectionStack(ann, S, plane, 1, 3, target);
      const bytes = encodeSectionRecord(`annotation-50|${plane}|1|3|2,4`, cut);
      // far smaller than the stack's own arrays (labels alone are 4 bytes a cell)
      expect(bytes.byteLength).toBeLessThan(cut.labels.byteLength);
      expect(decodeSectionRecord(bytes, `annotation-50|${plane}|1|3|2,4`, target)).toEqual(cut);
    }
  });

  it('reads a record that does not start on a 4-byte boundary', () => {
    const cut = planeSectionStack(ann, S, 'coronal', 2, 4, target);
    const bytes = encodeSectionRecord('k', cut);
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    expect(decodeSectionRecord(shifted.subarray(1), 'k', target)).toEqual(cut);
  });

  it('refuses a record of another request, a foreign record and a truncated one', () => {
    const cut = planeSectionStack(ann, S, 'coronal', 1, 3, target);
    const bytes = encodeSectionRecord('annotation-50|coronal|1|3|2,4', cut);
    expect(() => decodeSectionRecord(bytes, 'annotation-50|coronal|1|3|2', target)).toThrow(SectionRecordError);
    expect(() => decodeSectionRecord(new Uint8Array(64), 'annotation-50|coronal|1|3|2,4', target)).toThrow(SectionRecordError);
    expect(() => decodeSectionRecord(bytes.subarray(0, bytes.byteLength - 4), 'annotation-50|coronal|1|3|2,4', target)).toThrow(SectionRecordError);
    expect(() => decodeSectionRecord(bytes.subarray(0, 10), 'annotation-50|coronal|1|3|2,4', target)).toThrow(SectionRecordError);
  });
});
