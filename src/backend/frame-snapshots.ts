// A link's first projectome frame in the volume cache (kind 'frame'), two byte records this side
// builds and encodes (protocol/frame-record.ts; the snapshot's shape is
// protocol/frame-snapshot.ts's) and the main thread decodes: the whole snapshot
// and its first AP alone, keyed by a digest of the link's projectome request and the definitions
// version (protocol/digest.ts), so a frame drawn under older definitions is never read. The main
// thread reads the first-AP record itself at t = 0 of a repeat visit, straight from IndexedDB
// (data/stored-frame.ts; this worker is not running yet then) and tells this side it is shown
// (both records pinned while shown and marked used together, so the size limit evicts them
// together); the whole one is read here only when the first AP's is not enough. Writing happens
// after the frame was verified and drawn (storeFrameSnapshot: the stack is recomputed here from
// the projectome this worker holds and the sections are asked as the canvas asked them
// (section-cache.ts), so the main thread never sends them); caching problems are the cache's to report.
// The same kind holds pages' pictures (protocol/page-picture.ts, ids "pic-…"): built here from the
// main thread's capture (storePagePicture: its canvases' PNGs decoded to pixels) and read by the
// page's entry on the next visit.
import type { VolumeCache } from './cache/index.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import { frameSnapshotIds } from '../protocol/digest.ts';
import { encodeFrameRecord, type FrameRecord } from '../protocol/frame-record.ts';
import {
  FRAME_SNAPSHOT_FORMAT,
  firstApOf,
  type FrameSnapshotOf,
  type FrameSnapshotRequest,
  type FrameSnapshotSkip,
  type SectionRequest,
} from '../protocol/frame-snapshot.ts';
import type { SectionStack } from '../compute/section-stack.ts';
import { MAX_PAGE_PICTURE_BYTES, encodePagePicture, isPagePictureId, type PageCapture } from '../protocol/page-picture.ts';

/** Largest snapshot stored (a whole-brain target's sections would be tens of MB). */
export const MAX_FRAME_SNAPSHOT_BYTES = 24 * 1024 * 1024;

async function keysOf(cache: VolumeCache, requestKey: string): Promise<{ whole: string; firstAp: string }> {
  const ids = await frameSnapshotIds(requestKey);
  return { whole: cache.key('frame', ids.whole, 1), firstAp: cache.key('frame', ids.firstAp, 1) };
}

/** The link's frame is on screen: both records are pinned (never evicted for the size limit while shown) and marked used together. */
export async function markFrameShown(cache: VolumeCache, requestKey: string): Promise<void> {
  const keys = await keysOf(cache, requestKey);
  cache.pin('shown:frame', [keys.whole, keys.firstAp]);
  cache.touch([keys.whole, keys.firstAp]);
}

/** The whole snapshot's bytes, or null. */
export async function readFrameSnapshot(cache: VolumeCache, requestKey: string): Promise<Uint8Array | null> {
  const t0 = performance.now();
  const keys = await keysOf(cache, requestKey);
  cache.pin('shown:frame', [keys.whole, keys.firstAp]);
  const record = await cache.get(keys.whole).catch(() => null);
  performance.measure('bsv:snapshot-whole-get', { start: t0, end: performance.now() });
  return record ? record.bytes : null;
}

/**
 * Builds a drawn frame's records from what this worker holds and stores them: the stack of the
 * projectome `request.result.key` and the sections of `request.sections`, as the canvas got them.
 * Returns why nothing was stored, or null.
 */
export async function storeFrameSnapshot(
  cache: VolumeCache,
  compute: Pick<ComputeWorkerApi, 'projectomeStack'>,
  sectionsOf: (r: SectionRequest) => Promise<SectionStack>,
  request: FrameSnapshotRequest,
): Promise<FrameSnapshotSkip> {
  const t0 = performance.now();
  const { requestKey, result, targetHex, sections: r } = request;
  let snapshot: FrameSnapshotOf<unknown>;
  try {
    const stack = compute.projectomeStack(result.key);
    const sections = await sectionsOf(r);
    snapshot = { requestKey, result, stack, sections, targetHex };
  } catch {
    // dropped since it was drawn (a newer projectome or annotation replaced it): the next visit computes it
    return 'projectome no longer held';
  }
  const first = firstApOf(snapshot, request.firstAp);
  if (!first) return 'AP outside the stack';
  performance.measure('bsv:snapshot-rebuild', { start: t0, end: performance.now() });
  const record = (s: FrameSnapshotOf<unknown>): FrameRecord => ({ format: FRAME_SNAPSHOT_FORMAT, snapshot: s });
  return writeFrameSnapshot(cache, requestKey, request.whole ? record(snapshot) : null, record(first));
}

/** Encodes and stores a link's frame records, replacing older ones: the whole one (null: unchanged, keep it) and its first AP. */
export async function writeFrameSnapshot(
  cache: VolumeCache,
  requestKey: string,
  wholeRecord: FrameRecord | null,
  firstApRecord: FrameRecord,
): Promise<FrameSnapshotSkip> {
  const t0 = performance.now();
  const whole = wholeRecord ? encodeFrameRecord(wholeRecord) : null;
  const firstAp = encodeFrameRecord(firstApRecord);
  performance.measure('bsv:snapshot-encode', { start: t0, end: performance.now() });
  if (whole?.byteLength === 0 || (whole?.byteLength ?? 0) > MAX_FRAME_SNAPSHOT_BYTES || firstAp.byteLength === 0) return 'too large';
  const keys = await keysOf(cache, requestKey);
  cache.pin('shown:frame', [keys.whole, keys.firstAp]);
  await cache
    .putMany([
      { key: keys.firstAp, payload: firstAp, meta: { dtype: 'uint8', dims: [firstAp.byteLength, 1, 1] } },
      ...(whole ? [{ key: keys.whole, payload: whole, meta: { dtype: 'uint8' as const, dims: [whole.byteLength, 1, 1] } }] : []),
    ])
    .catch(() => undefined);
  return null;
}

/** A PNG's RGBA pixels, one Uint32 per pixel, decoded by the browser in this worker (no colour or alpha conversion). */
export async function pngPixels(png: Uint8Array, width: number, height: number): Promise<Uint32Array> {
  const bitmap = await createImageBitmap(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), {
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
  });
  try {
    if (bitmap.width !== width || bitmap.height !== height) throw new Error('the PNG is not the canvas size');
    const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D context in this worker');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, width, height).data;
    return new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  } finally {
    bitmap.close();
  }
}

/**
 * Builds a page's picture (protocol/page-picture.ts) from what the main thread captured — each
 * canvas's PNG decoded to pixels here (`decode`; a canvas that does not decode is left blank) — and
 * stores it under its id. False when the id or the record's size is refused.
 */
export async function storePagePicture(
  cache: VolumeCache,
  id: string,
  capture: PageCapture,
  decode: (png: Uint8Array, width: number, height: number) => Promise<Uint32Array> = pngPixels,
): Promise<boolean> {
  if (!isPagePictureId(id)) return false;
  const canvases = await Promise.all(
    capture.canvases.map(async ({ width, height, png }) => ({
      width,
      height,
      pixels: png.byteLength > 0 ? await decode(png, width, height).catch(() => new Uint32Array(0)) : new Uint32Array(0),
    })),
  );
  const { html, background, height, capturedAt } = capture;
  const bytes = encodePagePicture({ html, background, canvases, height, capturedAt });
  if (bytes.byteLength > MAX_PAGE_PICTURE_BYTES) return false;
  await cache.putMany([{ key: cache.key('frame', id, 1), payload: bytes, meta: { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] } }]).catch(() => undefined);
  return true;
}
