// A page's stored picture: what a projectome link looked like once its checked frame was drawn
// (the app's DOM down to the window's bottom edge, serialised without ids, test ids, render states
// or handlers, and each canvas as its RGBA pixels), so the next visit of the same link in the same
// window can show it the moment the page's entry runs, before React, WebGL or the worker exist
// (data/page-picture.ts paints it; the app's live page replaces it as soon as its own canvas
// draws). Shared by the main thread, which captures and later reads it, and the worker, which
// decodes the captured canvases (PNG, encoded by the browser off the main thread: reading a WebGL
// canvas's pixels on the main thread took ~280 ms in software GL) into pixels, encodes the record
// and stores it in the volume cache (kind 'frame', ids "pic-…"; evicted with the rest). The key is
// a digest of everything that decides what the page looks like: the build (its entry script's
// URL, which carries the build's hash), the URL, the window's size and pixel ratio and the colour
// scheme; the release is in the cache key. The record is protocol/frame-record.ts's byte format
// under its own format number, which stores the pixels (one Uint32 per pixel) as runs when that
// halves them: a figure's flat fills and backgrounds are long runs, and runs are put back on a
// canvas without an image decode (a PNG's took 40–180 ms of a decoding thread while the app
// started).
import { CACHE_SCHEMA_VERSION, buildVolumeKey } from './cache-key.ts';
import { sha256Hex } from './digest.ts';
import { decodeFrameRecord, encodeFrameRecord } from './frame-record.ts';

/** Format number of a picture record (distinct from the frame snapshots' numbers, so neither decodes as the other). */
export const PAGE_PICTURE_FORMAT = 1001;
/** Largest picture stored (a 1920×1200 window's projectome canvas at pixel ratio 2 unencoded is ~14 MB). */
export const MAX_PAGE_PICTURE_BYTES = 16 * 1024 * 1024;

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

export interface PictureCanvas {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint32Array;
}

export interface PagePicture {
  /** The app root's inner HTML, sanitised (data/page-picture.ts). */
  readonly html: string;
  /** The page's background colour (CSS), behind the picture. */
  readonly background: string;
  /** Each canvas of `html`, in document order: its RGBA pixels, row-major, one Uint32 per pixel (width × height; empty: leave it blank). */
  readonly canvases: readonly PictureCanvas[];
  /** The page's height (CSS px): the picture holds what was above the window's bottom edge, and keeps the page's length. */
  readonly height: number;
  /** When it was captured (ms since the epoch). */
  readonly capturedAt: number;
}

const ID = /^pic-[0-9a-f]{32}$/;

/** Everything that decides a page's picture, as text: its id is a digest of it (data/page-picture-hint.ts keys by it as is). */
export const pictureContextText = ({ build, url, width, height, dpr, dark }: PictureContext): string =>
  JSON.stringify([PAGE_PICTURE_FORMAT, build, url, width, height, dpr, dark]);

/** The cache id of the picture of a page in `context`. */
export async function pagePictureId(context: PictureContext): Promise<string> {
  return `pic-${(await sha256Hex(pictureContextText(context))).slice(0, 32)}`;
}

/** What the main thread captures and sends (the canvases as the browser encoded them, PNG, off its thread); the worker turns it into a PagePicture. */
export interface PageCapture {
  readonly html: string;
  readonly background: string;
  readonly canvases: readonly { readonly width: number; readonly height: number; readonly png: Uint8Array }[];
  readonly height: number;
  readonly capturedAt: number;
}

/** Whether `id` names a page picture (the worker stores nothing else under this call). */
export const isPagePictureId = (id: string): boolean => ID.test(id);

/** The cache key of picture `id` under `release` (as the worker's cache.key('frame', id, 1) builds it). */
export const pagePictureKey = (release: string, id: string): string =>
  buildVolumeKey({ schemaVersion: CACHE_SCHEMA_VERSION, release, kind: 'frame', id, resolution: 1 });

export function encodePagePicture(picture: PagePicture): Uint8Array {
  return encodeFrameRecord({ format: PAGE_PICTURE_FORMAT, snapshot: picture });
}

const isCanvas = (c: unknown): c is PictureCanvas => {
  const { width, height, pixels } = (c ?? {}) as Partial<PictureCanvas>;
  return (
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    pixels instanceof Uint32Array &&
    (pixels.length === 0 || pixels.length === (width ?? 0) * (height ?? 0))
  );
};

/** The picture in `bytes`, or null when they are not a well-formed picture record. */
export function decodePagePicture(bytes: Uint8Array): PagePicture | null {
  const p = decodeFrameRecord(bytes, PAGE_PICTURE_FORMAT) as Partial<PagePicture> | null;
  if (!p || typeof p !== 'object') return null;
  if (typeof p.html !== 'string' || typeof p.background !== 'string' || typeof p.capturedAt !== 'number' || !Number.isFinite(p.height)) return null;
  if (!Array.isArray(p.canvases) || !p.canvases.every(isCanvas)) return null;
  return { html: p.html, background: p.background, canvases: p.canvases, height: p.height ?? 0, capturedAt: p.capturedAt };
}
