// Digests that name stored things, shared by the worker that writes them and the main thread that
// reads a link's stored first frame at boot: SHA-256 (Web Crypto, in both threads) and the version
// of the definitions behind a mean, which every key of a mean or of a frame drawn from one carries.
import { CACHE_SCHEMA_VERSION, buildVolumeKey } from './cache-key.ts';

/**
 * Version of the definitions behind a mean (divisor, subtraction, masks): part of every key.
 * 2 = PSU injection-volume divisor, bsv subtraction (other half 0).
 */
export const DEFINITIONS_VERSION = 2;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Cache ids of a link's stored first frame (a digest of its projectome request, JSON, under the
 * current definitions): `whole` over the target's AP extent, `firstAp` the slice it opened at.
 */
export async function frameSnapshotIds(requestKey: string): Promise<{ readonly whole: string; readonly firstAp: string }> {
  const id = `frm-${(await sha256Hex(`d${DEFINITIONS_VERSION}|${requestKey}`)).slice(0, 32)}`;
  return { whole: id, firstAp: `${id}-ap` };
}

/** Cache keys of a link's frame records under this release and the current schema (the worker's cache.key('frame', id, 1)). */
export async function frameSnapshotKeys(release: string, requestKey: string): Promise<{ readonly whole: string; readonly firstAp: string }> {
  const ids = await frameSnapshotIds(requestKey);
  const key = (id: string): string => buildVolumeKey({ schemaVersion: CACHE_SCHEMA_VERSION, release, kind: 'frame', id, resolution: 1 });
  return { whole: key(ids.whole), firstAp: key(ids.firstAp) };
}
