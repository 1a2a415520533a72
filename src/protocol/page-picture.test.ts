import { describe, expect, it } from 'vitest';
import { encodeFrameRecord } from './frame-record.ts';
import { FRAME_SNAPSHOT_FORMAT } from './frame-snapshot.ts';
import { decodePagePicture, encodePagePicture, isPagePictureId, pagePictureId, type PagePicture, type PictureContext } from './page-picture.ts';

const context: PictureContext = {
  build: 'http://x/assets/index-abc.js',
  url: 'http://x/?v=1&view=proj&t=CP&s=MOp',
  width: 1280,
  height: 800,
  dpr: 1,
  dark: false,
};
const picture: PagePicture = {
  html: '<header class="app-header">Brain Street View</header><canvas width="4" height="2"></canvas>',
  background: 'rgb(247, 248, 250)',
  // a flat background with a band of varied pixels: stored as runs
  canvases: [{ width: 100, height: 80, pixels: Uint32Array.from({ length: 8000 }, (_, i) => (i > 3000 && i < 3400 ? i * 2654435761 : 0xfff0f0f0) >>> 0) }],
  height: 1834,
  capturedAt: 1_765_000_000_000,
};

describe('page pictures', () => {
  it('name a page by everything that decides its look: build, URL, window size, pixel ratio, colour scheme', async () => {
    const id = await pagePictureId(context);
    expect(isPagePictureId(id)).toBe(true);
    expect(await pagePictureId({ ...context })).toBe(id);
    const changed: PictureContext[] = [
      { ...context, build: 'http://x/assets/index-abd.js' },
      { ...context, url: `${context.url},SSp-m` },
      { ...context, width: 1281 },
      { ...context, height: 801 },
      { ...context, dpr: 2 },
      { ...context, dark: true },
    ];
    const ids = await Promise.all(changed.map(pagePictureId));
    expect(new Set([id, ...ids]).size).toBe(changed.length + 1);
    expect(isPagePictureId('frm-0123')).toBe(false);
    expect(isPagePictureId(`${id}x`)).toBe(false);
  });

  it('encode and decode as themselves, and are never read as a frame snapshot (nor one as a picture)', () => {
    const bytes = encodePagePicture(picture);
    expect(decodePagePicture(bytes)).toEqual(picture);
    const frame = encodeFrameRecord({ format: FRAME_SNAPSHOT_FORMAT, snapshot: { ...picture } });
    expect(decodePagePicture(frame)).toBeNull();
    expect(decodePagePicture(bytes.subarray(0, bytes.byteLength - 100))).toBeNull();
    expect(bytes.byteLength).toBeLessThan(picture.canvases[0]?.pixels.byteLength ?? 0);
    expect(decodePagePicture(encodeFrameRecord({ format: 1001, snapshot: { ...picture, canvases: ['not pixels'] } }))).toBeNull();
    // pixels that do not fill the canvas's size
    expect(
      decodePagePicture(encodeFrameRecord({ format: 1001, snapshot: { ...picture, canvases: [{ width: 3, height: 2, pixels: new Uint32Array(5) }] } })),
    ).toBeNull();
  });
});
