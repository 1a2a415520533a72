// A page's stored picture: what a projectome link looked like once its checked frame was drawn
// (the app's DOM, serialised without ids, test ids, render states or handlers, and each canvas as
// a PNG), so the next visit of the same link in the same window can show it the moment the page's
// entry runs, before React, WebGL or the worker exist (data/page-picture.ts paints it; the app's
// live page replaces it as soon as its own canvas draws). Shared by the main thread, which captures,
// encodes and later reads it, and the worker, which stores it in the volume cache (kind 'frame',
// ids "pic-…"; evicted with the rest). The key is a digest of everything that decides what the
// page looks like: the build (its entry script's URL, which carries the build's hash), the URL,
// the window's size and pixel ratio and the colour scheme; the release is in the cache key. The
// record is protocol/frame-record.ts's byte format under its own format number.
import { CACHE_SCHEMA_VERSION, buildVolumeKey } from './cache-key.ts';
import { sha256Hex } from './digest.ts';
import { decodeFrameRecord, encodeFrameRecord } from './frame-record.ts';

/** Format number of a picture record (distinct from the frame snapshots' numbers, so neither decodes as the other). */
export const PAGE_PICTURE_FORMAT = 1001;
/** Largest picture stored (a 4K window's canvases as PNG and its DOM stay well under this). */
export const MAX_PAGE_PICTURE_BYTES = 8 * 1024 * 1024;

/** What decides how the page looks, besides the data (whose release is in the cache key). */
export interface PictureContext {
  /** The build: the entry script's URL (hashed file name). */
  readonly build: string;
  /** The page's URL without the fragment. */
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  readonly dark: boolean;
}

export interface PagePicture {
  /** The app root's inner HTML, sanitised (data/page-picture.ts). */
  readonly html: string;
  /** The page's background colour (CSS), behind the picture. */
  readonly background: string;
  /** Each canvas of `html`, in document order, as PNG bytes (empty: leave it blank). */
  readonly canvases: readonly Uint8Array[];
  /** When it was captured (ms since the epoch). */
  readonly capturedAt: number;
}

const ID = /^pic-[0-9a-f]{32}$/;

/** The cache id of the picture of a page in `context`. */
export async function pagePictureId(context: PictureContext): Promise<string> {
  const { build, url, width, height, dpr, dark } = context;
  const text = JSON.stringify([PAGE_PICTURE_FORMAT, build, url, width, height, dpr, dark]);
  return `pic-${(await sha256Hex(text)).slice(0, 32)}`;
}

/** Whether `id` names a page picture (the worker stores nothing else under this call). */
export const isPagePictureId = (id: string): boolean => ID.test(id);

/** The cache key of picture `id` under `release` (as the worker's cache.key('frame', id, 1) builds it). */
export const pagePictureKey = (release: string, id: string): string =>
  buildVolumeKey({ schemaVersion: CACHE_SCHEMA_VERSION, release, kind: 'frame', id, resolution: 1 });

export function encodePagePicture(picture: PagePicture): Uint8Array {
  return encodeFrameRecord({ format: PAGE_PICTURE_FORMAT, snapshot: picture });
}

/** The picture in `bytes`, or null when they are not a well-formed picture record. */
export function decodePagePicture(bytes: Uint8Array): PagePicture | null {
  const p = decodeFrameRecord(bytes, PAGE_PICTURE_FORMAT) as Partial<PagePicture> | null;
  if (!p || typeof p !== 'object') return null;
  if (typeof p.html !== 'string' || typeof p.background !== 'string' || typeof p.capturedAt !== 'number') return null;
  if (!Array.isArray(p.canvases) || !p.canvases.every((c) => c instanceof Uint8Array)) return null;
  return { html: p.html, background: p.background, canvases: p.canvases, capturedAt: p.capturedAt };
}
