import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createVolumeCache } from './cache/index.ts';
import { readFrameSnapshot, writeFrameSnapshot } from './frame-snapshots.ts';
import { frameSnapshotKeys } from '../protocol/digest.ts';

const request = '{"target":"CP","sources":["MOp"]}';
const whole = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 255);
const firstAp = Uint8Array.from({ length: 200 }, (_, i) => (i * 13) & 255);

describe('frame snapshots in the volume cache', () => {
  it('stores the first-AP record under the key the main thread builds (data/stored-frame.ts), and reads the whole one back', async () => {
    const release = 'rel-test';
    const cache = createVolumeCache({ release });
    await writeFrameSnapshot(cache, request, whole, firstAp);
    // the main thread's key (data/stored-frame.ts): the protocol's, with the configured release
    const mainKey = (await frameSnapshotKeys(release, request)).firstAp;
    expect((await cache.get(mainKey))?.bytes).toEqual(firstAp);
    expect(await readFrameSnapshot(cache, request)).toEqual(whole);
    expect(await readFrameSnapshot(cache, '{"target":"CP","sources":["SSp"]}')).toBeNull();
  });

  it('a write without the whole snapshot (unchanged) replaces only the first-AP record', async () => {
    const release = 'rel-test-2';
    const cache = createVolumeCache({ release });
    await writeFrameSnapshot(cache, request, whole, firstAp);
    const otherAp = Uint8Array.from({ length: 64 }, (_, i) => i);
    await writeFrameSnapshot(cache, request, null, otherAp);
    const firstKey = (await frameSnapshotKeys(release, request)).firstAp;
    expect((await cache.get(firstKey))?.bytes).toEqual(otherAp);
    expect(await readFrameSnapshot(cache, request)).toEqual(whole);
  });
});
