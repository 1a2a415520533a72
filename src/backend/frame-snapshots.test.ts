import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createVolumeCache } from './cache/index.ts';
import { readFrameSnapshot, storeFrameSnapshot, storePagePicture, writeFrameSnapshot } from './frame-snapshots.ts';
import { MAX_PAGE_PICTURE_BYTES, decodePagePicture, pagePictureId, pagePictureKey } from '../protocol/page-picture.ts';
import { frameSnapshotKeys } from '../protocol/digest.ts';
import { decodeFrameRecord, encodeFrameRecord, type FrameRecord } from '../protocol/frame-record.ts';
import { FRAME_SNAPSHOT_FORMAT, type FrameSnapshotRequest, type SectionRequest } from '../protocol/frame-snapshot.ts';
import type { ProjectomeStack } from '../compute/projectome-stack.ts';
import type { SectionStack } from '../compute/section-stack.ts';

const request = '{"target":"CP","sources":["MOp"]}';
const FORMAT = 7;
// what the main thread sends: a snapshot with typed arrays (one long and run-length encodable)
const labels = new Int32Array(8192).fill(672, 1000, 5000);
const whole: FrameRecord = { format: FORMAT, snapshot: { requestKey: request, values: Float32Array.from({ length: 300 }, (_, i) => i / 7), labels } };
const firstAp: FrameRecord = { format: FORMAT, snapshot: { requestKey: request, firstAp: 42, values: Float32Array.of(1, 2, 3) } };

describe('frame snapshots in the volume cache', () => {
  it('encodes in the worker and stores the first-AP record under the key the main thread builds (data/stored-frame.ts), and reads the whole one back', async () => {
    const release = 'rel-test';
    const cache = createVolumeCache({ release });
    await writeFrameSnapshot(cache, request, whole, firstAp);
    // the main thread's key (data/stored-frame.ts): the protocol's, with the configured release
    const mainKey = (await frameSnapshotKeys(release, request)).firstAp;
    const stored = (await cache.get(mainKey))?.bytes ?? new Uint8Array(0);
    // the bytes the main thread decodes: exactly the record's encoding
    expect(stored).toEqual(encodeFrameRecord(firstAp));
    expect(decodeFrameRecord(stored, FORMAT)).toEqual(firstAp.snapshot);
    const back = await readFrameSnapshot(cache, request);
    expect(back && decodeFrameRecord(back, FORMAT)).toEqual(whole.snapshot);
    expect(await readFrameSnapshot(cache, '{"target":"CP","sources":["SSp"]}')).toBeNull();
  });

  it('a write without the whole snapshot (unchanged) replaces only the first-AP record', async () => {
    const release = 'rel-test-2';
    const cache = createVolumeCache({ release });
    await writeFrameSnapshot(cache, request, whole, firstAp);
    const otherAp: FrameRecord = { format: FORMAT, snapshot: { requestKey: request, firstAp: 43, values: Float32Array.of(4) } };
    await writeFrameSnapshot(cache, request, null, otherAp);
    const firstKey = (await frameSnapshotKeys(release, request)).firstAp;
    expect(decodeFrameRecord((await cache.get(firstKey))?.bytes ?? new Uint8Array(0), FORMAT)).toEqual(otherAp.snapshot);
    const back = await readFrameSnapshot(cache, request);
    expect(back && decodeFrameRecord(back, FORMAT)).toEqual(whole.snapshot);
  });

  it('storeFrameSnapshot builds both records from the stack this worker holds and the sections asked as the canvas asked them', async () => {
    const release = 'rel-test-3';
    const cache = createVolumeCache({ release });
    // AP 40 … 41, 1 source, a 1 × 2 crop; sections of 1 × 2 cells
    const stack: ProjectomeStack = {
      apStart: 40,
      apCount: 2,
      sources: 1,
      rows: 80,
      cols: 114,
      resolutionUm: 100,
      crop: { r0: 3, c0: 4, rows: 1, cols: 2 },
      values: Float32Array.of(0.1, 0.2, 0.3, 0.4),
      order: Int32Array.of(0, 0),
      targetMean: Float64Array.of(0.15, 0.35),
      targetBoxes: Int32Array.of(3, 3, 4, 5, 3, 3, 4, 5),
      injectionOffsets: Int32Array.of(0, 0, 1),
      injectionIndices: Int32Array.of(0),
      ceiling: 1,
    };
    const sections: SectionStack = {
      apStart: 40,
      apCount: 2,
      rows: 1,
      cols: 2,
      resolutionUm: 50,
      labels: Uint32Array.of(672, 672, 0, 672),
      targetMask: Uint8Array.of(1, 1, 0, 1),
      brainBoxes: Int32Array.of(0, 0, 0, 1, 0, 0, 1, 1),
      targetBoxes: Int32Array.of(0, 0, 0, 1, 0, 0, 1, 1),
      cellCodes: Uint8Array.of(1, 1, 1, 1, 4, 0, 3, 3),
    };
    const calls: unknown[] = [];
    const compute = {
      projectomeStack: (key: string) => {
        calls.push(['projectomeStack', key]);
        if (key !== 'proj:1') throw new Error(`no projectome "${key}"`);
        return stack;
      },
    };
    const sectionsOf = (r: SectionRequest): Promise<SectionStack> => {
      calls.push(['sections', r]);
      return Promise.resolve(sections);
    };
    const result = { key: 'proj:1', targetIds: new Set([672]), summary: { apRange: [40, 41] } };
    const req: FrameSnapshotRequest = {
      requestKey: request,
      result,
      targetHex: '#98d6f9',
      sections: { annotationKey: 'ann50', plane: 'coronal', start: 40, count: 2, targetIds: Uint32Array.of(672) },
      firstAp: 41,
      whole: true,
    };
    expect(await storeFrameSnapshot(cache, compute, sectionsOf, req)).toBeNull();
    expect(calls).toEqual([
      ['projectomeStack', 'proj:1'],
      ['sections', req.sections],
    ]);
    const keys = await frameSnapshotKeys(release, request);
    const first = decodeFrameRecord((await cache.get(keys.firstAp))?.bytes ?? new Uint8Array(0), FRAME_SNAPSHOT_FORMAT) as Record<string, unknown> | null;
    expect(first).toMatchObject({ requestKey: request, targetHex: '#98d6f9', firstAp: 41, result });
    const firstStack = first?.stack as ProjectomeStack;
    expect([firstStack.apStart, firstStack.apCount, Array.from(firstStack.values), Array.from(firstStack.injectionOffsets)]).toEqual([
      41,
      1,
      [0.3, 0.4].map(Math.fround),
      [0, 1],
    ]);
    expect(Array.from((first?.sections as SectionStack).cellCodes)).toEqual([4, 0, 3, 3]);
    const whole = await readFrameSnapshot(cache, request);
    expect(whole && decodeFrameRecord(whole, FRAME_SNAPSHOT_FORMAT)).toEqual({ requestKey: request, result, stack, sections, targetHex: '#98d6f9' });

    // a projectome the worker no longer holds, or an AP outside the stack: nothing stored
    expect(await storeFrameSnapshot(cache, compute, sectionsOf, { ...req, result: { ...result, key: 'proj:gone' } })).toBe('projectome no longer held');
    expect(await storeFrameSnapshot(cache, compute, sectionsOf, { ...req, firstAp: 39 })).toBe('AP outside the stack');
    // whole: false replaces only the first AP's record
    expect(await storeFrameSnapshot(cache, compute, sectionsOf, { ...req, firstAp: 40, whole: false })).toBeNull();
    const again = decodeFrameRecord((await cache.get(keys.firstAp))?.bytes ?? new Uint8Array(0), FRAME_SNAPSHOT_FORMAT) as Record<string, unknown> | null;
    expect(again?.firstAp).toBe(40);
  });
});

describe('page pictures in the volume cache', () => {
  const context = { build: 'http://x/assets/index-abc.js', url: 'http://x/?v=1&view=proj&t=CP&s=MOp', width: 1280, height: 800, dpr: 1, dark: false };
  // what the main thread sends: the canvases as PNG bytes (decoded here by the browser; in Node by a stand-in)
  const capture = {
    html: '<p>page</p><canvas width="2" height="1"></canvas>',
    background: 'rgb(247, 248, 250)',
    canvases: [{ width: 2, height: 1, png: Uint8Array.of(9, 9) }],
    height: 900,
    capturedAt: 1,
  };
  const pixels = Uint32Array.of(0xff000000, 0xffffffff);
  const decode = (png: Uint8Array, width: number, height: number): Promise<Uint32Array> =>
    png[0] === 9 && width === 2 && height === 1 ? Promise.resolve(pixels) : Promise.reject(new Error('not a PNG'));

  it("are built from the capture and stored under the key the page's entry reads (data/page-picture.ts: the protocol's, with the configured release); bad ids and sizes are refused", async () => {
    const release = 'rel-picture';
    const cache = createVolumeCache({ release });
    const id = await pagePictureId(context);
    expect(await storePagePicture(cache, id, capture, decode)).toBe(true);
    const read = (await cache.get(pagePictureKey(release, id)))?.bytes;
    expect(read && decodePagePicture(read)).toEqual({
      html: capture.html,
      background: capture.background,
      canvases: [{ width: 2, height: 1, pixels }],
      height: 900,
      capturedAt: 1,
    });
    // a newer picture of the same page replaces it; a canvas that does not decode is left blank
    const newer = { ...capture, canvases: [{ width: 2, height: 1, png: Uint8Array.of(1) }], capturedAt: 2 };
    expect(await storePagePicture(cache, id, newer, decode)).toBe(true);
    const again = (await cache.get(pagePictureKey(release, id)))?.bytes;
    expect(again && decodePagePicture(again)).toMatchObject({ capturedAt: 2, canvases: [{ width: 2, height: 1, pixels: new Uint32Array(0) }] });
    expect(await storePagePicture(cache, 'frm-0123456789abcdef0123456789abcdef', capture, decode)).toBe(false);
    const huge = { ...capture, html: 'x'.repeat(MAX_PAGE_PICTURE_BYTES + 1) };
    expect(await storePagePicture(cache, id, huge, decode)).toBe(false);
    expect(await cache.get(pagePictureKey(release, await pagePictureId({ ...context, width: 1000 })))).toBeNull();
  });
});
