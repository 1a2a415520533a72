// A link's first projectome frame in the volume cache (kind 'frame'): opaque bytes the main thread
// encodes and decodes (features/projectome/frame-snapshot.ts), keyed by a digest of the link's
// projectome request and the definitions version, so a frame drawn under older definitions is
// never read. Reading is the first thing a repeat visit does; writing happens after the frame
// was verified and drawn, and caching problems are the cache's to report.
import type { VolumeCache } from './cache/index.ts';
import { DEFINITIONS_VERSION, sha256Hex } from './keys.ts';

/** Largest snapshot stored (a whole-brain target's sections would be tens of MB). */
export const MAX_FRAME_SNAPSHOT_BYTES = 24 * 1024 * 1024;

async function keyOf(cache: VolumeCache, requestKey: string): Promise<string> {
  return cache.key('frame', `frm-${(await sha256Hex(`d${DEFINITIONS_VERSION}|${requestKey}`)).slice(0, 32)}`, 1);
}

export async function readFrameSnapshot(cache: VolumeCache, requestKey: string): Promise<Uint8Array | null> {
  const t0 = performance.now();
  const key = await keyOf(cache, requestKey);
  // the link's frame is on screen: never evicted for the size limit while it is
  cache.pin('shown:frame', [key]);
  const record = await cache.get(key).catch(() => null);
  performance.measure('bsv:snapshot-get', { start: t0, end: performance.now() });
  return record ? record.bytes : null;
}

export async function writeFrameSnapshot(cache: VolumeCache, requestKey: string, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_FRAME_SNAPSHOT_BYTES) return;
  const key = await keyOf(cache, requestKey);
  cache.pin('shown:frame', [key]);
  await cache.put(key, bytes, { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] }).catch(() => undefined);
}
