import { describe, expect, it } from 'vitest';
import { maskExtent } from '../../compute/atlas-masks.ts';
import { prepareProjectome } from '../../compute/projectome.ts';
import {
  cachedPrefix,
  decodeFrameSnapshot,
  encodeFrameSnapshot,
  firstApOf,
  sectionRequestForMask,
  sectionRequestOf,
  type FrameSnapshot,
} from './frame-snapshot.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';

function sample(): FrameSnapshot {
  const result = {
    key: 'proj:672|agg:region|none|both|abc|2|99',
    stackKey: 'proj-stack:672|agg|2',
    summary: { key: 'p', sources: 2, rows: 80, cols: 114, apRange: [40, 42] as const, ceiling: 0.25, markerSizes: Float32Array.of(20, 200) },
    annotationKey: 'ann50',
    targetIds: new Set([672, 673]),
    targetName: 'Caudoputamen',
    sources: [
      { acronym: 'MOp', name: 'Primary motor area', structureId: 985, planned: [], usedIds: [1, 2], failed: new Map([[3, 'HTTP 500']]), excluded: [] },
      { acronym: 'SSp', name: 'Primary somatosensory area', structureId: 322, planned: [], usedIds: [], failed: new Map(), excluded: [] },
    ],
    injections: [{ experimentId: 1, source: 0, coordUm: [4000, 2000, 3000] as const }],
    unknownSources: [],
    aggregateFrom: 'computed' as const,
  };
  const stack = {
    apStart: 40,
    apCount: 3,
    sources: 2,
    rows: 80,
    cols: 114,
    resolutionUm: 100,
    crop: { r0: 10, c0: 20, rows: 2, cols: 3 },
    values: Float32Array.from({ length: 3 * 2 * 6 }, (_, i) => i / 7),
    order: Int32Array.of(1, 0, 0, 1, 1, 0),
    targetMean: Float64Array.of(Number.NaN, 0.5, 0.25, Number.NaN, 1, 2),
    targetBoxes: Int32Array.of(10, 11, 20, 22, -1, -1, -1, -1, 10, 10, 20, 20),
    injectionOffsets: Int32Array.of(0, 1, 1, 1),
    injectionIndices: Int32Array.of(0),
    ceiling: 0.25,
  };
  const sections = {
    apStart: 40,
    apCount: 3,
    rows: 4,
    cols: 5,
    resolutionUm: 50,
    labels: Uint32Array.from({ length: 60 }, (_, i) => (i % 7 === 0 ? 0 : 600 + i)),
    targetMask: Uint8Array.from({ length: 60 }, (_, i) => i % 2),
    brainBoxes: Int32Array.of(0, 3, 0, 4, 0, 3, 0, 4, 0, 3, 0, 4),
    targetBoxes: Int32Array.of(1, 2, 1, 3, -1, -1, -1, -1, 0, 0, 0, 0),
  };
  return { requestKey: '{"target":"CP","sources":["MOp","SSp"]}', result, stack, sections, targetHex: '#98D6F9' } as unknown as FrameSnapshot;
}

describe('frame snapshot', () => {
  it('round-trips every field: typed arrays (as aligned views of the record), Maps, Sets and NaN', () => {
    const s = sample();
    const bytes = encodeFrameSnapshot(s);
    // as the cache hands it back: a view at an 8-aligned offset of a larger buffer
    const record = new Uint8Array(bytes.byteLength + 48);
    record.set(bytes, 48);
    const back = decodeFrameSnapshot(record.subarray(48));
    expect(back).not.toBeNull();
    if (!back) return;
    expect(back.requestKey).toBe(s.requestKey);
    expect(back.targetHex).toBe('#98D6F9');
    expect(back.stack.values).toBeInstanceOf(Float32Array);
    expect(back.stack.values.buffer).toBe(record.buffer);
    expect(Array.from(back.stack.values)).toEqual(Array.from(s.stack.values));
    expect(Array.from(back.stack.targetMean)).toEqual(Array.from(s.stack.targetMean));
    expect(Array.from(back.sections.labels)).toEqual(Array.from(s.sections.labels));
    expect(Array.from(back.sections.targetMask)).toEqual(Array.from(s.sections.targetMask));
    expect(back.result.targetIds).toEqual(new Set([672, 673]));
    expect(back.result.sources[0]?.failed).toEqual(new Map([[3, 'HTTP 500']]));
    expect(Array.from(back.result.summary.markerSizes)).toEqual([20, 200]);
    expect(back.result.summary.apRange).toEqual([40, 42]);
    expect(back.stack.crop).toEqual(s.stack.crop);
  });

  it('run-length encodes large integer arrays that shrink (sections), exactly, and leaves others as they are', () => {
    const s = sample();
    const n = 4 * 160 * 228;
    const labels = Uint32Array.from({ length: n }, (_, i) => (i % 228 < 20 ? 0 : 600 + ((i / 23) | 0)));
    const codes = Uint8Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? (i % 456 === 0 ? 3 : 1) : 0));
    const boxes = Int32Array.from({ length: 5000 }, (_, i) => (i < 2500 ? -1 : 7));
    const noisy = Uint32Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 0);
    const big = { ...s, sections: { ...s.sections, labels, cellCodes: codes, brainBoxes: boxes, targetBoxes: noisy } } as unknown as FrameSnapshot;
    const bytes = encodeFrameSnapshot(big);
    expect(bytes.byteLength).toBeLessThan((labels.byteLength + codes.byteLength + boxes.byteLength) / 2 + noisy.byteLength + 64_000);
    const back = decodeFrameSnapshot(bytes);
    expect(back).not.toBeNull();
    const sec = back?.sections as unknown as { labels: Uint32Array; cellCodes: Uint8Array; brainBoxes: Int32Array; targetBoxes: Uint32Array };
    expect(sec.labels).toEqual(labels);
    expect(sec.cellCodes).toEqual(codes);
    expect(sec.brainBoxes).toEqual(boxes);
    expect(sec.targetBoxes).toEqual(noisy);
  });

  it('anything else is a miss, never an exception: other formats, truncation, garbage, misalignment', () => {
    const bytes = encodeFrameSnapshot(sample());
    expect(decodeFrameSnapshot(new Uint8Array(0))).toBeNull();
    expect(decodeFrameSnapshot(bytes.subarray(0, bytes.byteLength - 8))).toBeNull();
    expect(decodeFrameSnapshot(bytes.subarray(0, 40))).toBeNull();
    const otherFormat = bytes.slice();
    otherFormat[4] = 99;
    expect(decodeFrameSnapshot(otherFormat)).toBeNull();
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131) & 255);
    expect(decodeFrameSnapshot(garbage)).toBeNull();
    const shifted = new Uint8Array(bytes.byteLength + 4);
    shifted.set(bytes, 4);
    expect(decodeFrameSnapshot(shifted.subarray(4))).toBeNull();
  });

  it('cuts the first-AP record: the slice of every per-AP array at that AP, injection offsets from 0, and it round-trips', () => {
    const whole = sample();
    const s = { ...whole, sections: { ...whole.sections, cellCodes: Uint8Array.from({ length: 120 }, (_, i) => i) } } as FrameSnapshot;
    expect(firstApOf(s, 39)).toBeNull();
    expect(firstApOf(s, 43)).toBeNull();
    const at42 = firstApOf(s, 42);
    expect(at42?.firstAp).toBe(42);
    const st = at42?.stack;
    expect([st?.apStart, st?.apCount]).toEqual([42, 1]);
    // [ap][source][2 × 3 crop]: AP 42 is k = 2, values 24 … 35
    expect(Array.from(st?.values ?? [])).toEqual(Array.from({ length: 12 }, (_, i) => Math.fround((24 + i) / 7)));
    expect(Array.from(st?.order ?? [])).toEqual([1, 0]);
    expect(Array.from(st?.targetMean ?? [])).toEqual([1, 2]);
    expect(Array.from(st?.targetBoxes ?? [])).toEqual([10, 10, 20, 20]);
    expect(Array.from(st?.injectionOffsets ?? [])).toEqual([0, 0]);
    expect(Array.from(st?.injectionIndices ?? [])).toEqual([]);
    const sec = at42?.sections;
    expect([sec?.apStart, sec?.apCount]).toEqual([42, 1]);
    expect(Array.from(sec?.labels ?? [])).toEqual(Array.from({ length: 20 }, (_, i) => ((40 + i) % 7 === 0 ? 0 : 640 + i)));
    expect(Array.from(sec?.cellCodes ?? [])).toEqual(Array.from({ length: 40 }, (_, i) => 80 + i));
    expect(Array.from(sec?.brainBoxes ?? [])).toEqual([0, 3, 0, 4]);
    expect(Array.from(sec?.targetBoxes ?? [])).toEqual([0, 0, 0, 0]);
    // AP 40 holds the one injection dot
    const at40 = firstApOf(s, 40);
    expect(Array.from(at40?.stack.injectionOffsets ?? [])).toEqual([0, 1]);
    expect(Array.from(at40?.stack.injectionIndices ?? [])).toEqual([0]);
    if (!at42) return;
    // only the slice is stored, and it reads back as written
    const bytes = encodeFrameSnapshot(at42);
    expect(bytes.byteLength).toBeLessThan(encodeFrameSnapshot(s).byteLength);
    const back = decodeFrameSnapshot(bytes);
    expect(back?.firstAp).toBe(42);
    expect(Array.from(back?.stack.values ?? [])).toEqual(Array.from(st?.values ?? []));
    expect(Array.from(back?.sections.cellCodes ?? [])).toEqual(Array.from(sec?.cellCodes ?? []));
    // on screen its keys differ from the whole snapshot's and from any computed result's
    expect(cachedPrefix(at42)).not.toBe(cachedPrefix(s));
  });
});

describe('sections asked before the means', () => {
  it("the request from the target's mask is the one the prepared result asks for, along every plane", () => {
    const shape = { nx: 13, ny: 8, nz: 11, resolutionUm: 100 };
    const mask = new Uint8Array(shape.nx * shape.ny * shape.nz);
    // four voxels spanning AP 3…9, DV 2…6, ML 1…8: a different range along each axis
    for (const [x, y, z] of [
      [3, 2, 1],
      [9, 2, 1],
      [9, 6, 1],
      [5, 4, 8],
    ] as const)
      mask[x + shape.nx * (y + shape.ny * z)] = 1;
    const extent = maskExtent(mask, shape);
    if (!extent) throw new Error('empty mask');
    const sources = [new Float32Array(mask.length).fill(0.5)];
    for (const plane of ['coronal', 'sagittal', 'horizontal'] as const) {
      const { apRange } = prepareProjectome(sources, shape, mask, shape, [], {}, plane);
      const result = { annotationKey: 'annotation-50', plane, summary: { apRange }, targetIds: new Set([672, 12, 673]) } as unknown as ProjectomeResult;
      expect(sectionRequestForMask('annotation-50', plane, extent, [673, 672, 12])).toEqual(sectionRequestOf(result));
    }
    expect(
      sectionRequestOf({ annotationKey: 'a', plane: 'sagittal', summary: { apRange: [1, 8] }, targetIds: new Set([1]) } as unknown as ProjectomeResult),
    ).toMatchObject({
      start: 1,
      count: 8,
    });
  });
});
