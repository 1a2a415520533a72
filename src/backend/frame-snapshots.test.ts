import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createVolumeCache } from './cache/index.ts';
import { readFrameSnapshot, writeFrameSnapshot } from './frame-snapshots.ts';
import { frameSnapshotKeys } from '../protocol/digest.ts';
import { decodeFrameRecord, encodeFrameRecord, type FrameRecord } from '../protocol/frame-record.ts';

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
});
