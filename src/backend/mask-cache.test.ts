import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { GridShape } from '../compute/grid.ts';
import type { AtlasResolution } from '../protocol/data-contract.ts';
import { createComputeApi } from '../../workers/compute.api.ts';
import { labelVolume } from '../../workers/test-fixtures.ts';
import { createVolumeCache, type VolumeCache } from './cache/index.ts';
import { createMaskSource } from './mask-cache.ts';

// a 100 µm-like annotation of 4 AP × 3 DV × 12 ML (midline between ML 5 and 6 at 1000 µm voxels)
const S: GridShape = { nx: 4, ny: 3, nz: 12, resolutionUm: 1000 };
const labels = labelVolume(S, [
  [1, 0, 2, 10],
  [2, 1, 3, 10],
  [3, 2, 7, 11],
  [0, 1, 9, 11],
  [2, 2, 1, 12],
]);
const signal = new AbortController().signal;
const ids = Uint32Array.of(10, 11);

/**
 * A mask source over `cache` and a fresh worker (a new session): its atlas loads are counted
 * (one loads the annotation into the worker), its record writes run when `flush` is called.
 */
function session(cache: VolumeCache) {
  const compute = createComputeApi();
  const ensured: AtlasResolution[] = [];
  const writes: Array<() => void> = [];
  const source = createMaskSource({
    cache: () => cache,
    atlas: {
      ensure: (resolution) => {
        ensured.push(resolution);
        if (!compute.hasAnnotation(`annotation-${resolution}`)) compute.holdAnnotation(`annotation-${resolution}`, labels.slice(), S);
        return Promise.resolve(`annotation-${resolution}`);
      },
    },
    compute,
    later: (w) => void writes.push(w),
  });
  const flush = () => writes.splice(0).forEach((w) => w());
  return { source, compute, ensured, flush };
}

const storedMasks = async (cache: VolumeCache): Promise<string[]> =>
  (await cache.list()).filter((e) => e.current && e.parts?.kind === 'annotation' && e.parts.id.startsWith('mask-')).map((e) => e.key);

describe('masks stored with the atlas', () => {
  it('a first request loads the atlas and stores the mask after; a new session reads it without the atlas, equal in every use', async () => {
    const cache = createVolumeCache({ release: 'rel-mask-1' });
    const first = session(cache);
    const built = await first.source(ids, 'both', 100, signal);
    expect(built.voxelCount).toBe(4);
    expect(first.ensured).toEqual([100]);
    // written later, not before the answer
    expect(await storedMasks(cache)).toEqual([]);
    first.flush();
    await vi.waitFor(async () => expect(await storedMasks(cache)).toHaveLength(1));

    const next = session(cache);
    // the ids in another order: the same mask
    const read = await next.source(Uint32Array.of(11, 10), 'both', 100, signal);
    expect(read).toEqual(built);
    expect(next.ensured).toEqual([]);
    expect(next.compute.hasAnnotation('annotation-100')).toBe(false);
    const surface = (c: ReturnType<typeof createComputeApi>) => new Float32Array(c.isosurfaceFromMask(built.maskKey).positions);
    expect(surface(next.compute)).toEqual(surface(first.compute));
    // asked again: answered from what the worker holds, nothing read or written
    expect(await next.source(ids, 'both', 100, signal)).toEqual(built);
    next.flush();
    expect(await storedMasks(cache)).toHaveLength(1);
  });

  it('another hemisphere, id set or resolution is another record', async () => {
    const cache = createVolumeCache({ release: 'rel-mask-2' });
    const first = session(cache);
    const both = await first.source(ids, 'both', 100, signal);
    const right = await first.source(ids, 'right', 100, signal);
    const one = await first.source(Uint32Array.of(10), 'both', 100, signal);
    await first.source(ids, 'both', 50, signal);
    expect(new Set([both.maskKey, right.maskKey, one.maskKey]).size).toBe(3);
    first.flush();
    await vi.waitFor(async () => expect(await storedMasks(cache)).toHaveLength(4));
    const next = session(cache);
    expect(await next.source(ids, 'right', 100, signal)).toEqual(right);
    expect(await next.source(Uint32Array.of(10), 'both', 100, signal)).toEqual(one);
    expect(next.ensured).toEqual([]);
  });

  it('a stored record that does not decode is deleted, the mask built again and stored again', async () => {
    const cache = createVolumeCache({ release: 'rel-mask-3' });
    const first = session(cache);
    const built = await first.source(ids, 'both', 100, signal);
    first.flush();
    await vi.waitFor(async () => expect(await storedMasks(cache)).toHaveLength(1));
    const [key = ''] = await storedMasks(cache);
    await cache.put(key, new Uint8Array(64).fill(7), { dtype: 'uint8', dims: [64, 1, 1] });

    const again = session(cache);
    expect(await again.source(ids, 'both', 100, signal)).toEqual(built);
    expect(again.ensured).toEqual([100]);
    again.flush();
    await vi.waitFor(async () => {
      const third = session(cache);
      expect(await third.source(ids, 'both', 100, signal)).toEqual(built);
      expect(third.ensured).toEqual([]);
    });
  });

  it('an empty mask (no voxel of the ids) is answered and not stored; a mask evicted from the worker before its write is not stored', async () => {
    const cache = createVolumeCache({ release: 'rel-mask-4' });
    const s = session(cache);
    expect(await s.source(Uint32Array.of(999), 'both', 100, signal)).toMatchObject({ extent: null, voxelCount: 0 });
    const built = await s.source(ids, 'left', 100, signal);
    s.compute.dropMask(built.maskKey);
    s.flush();
    expect(await storedMasks(cache)).toEqual([]);
    // asked again once dropped: built again (the annotation is held), and stored this time
    expect(await s.source(ids, 'left', 100, signal)).toEqual(built);
    s.flush();
    await vi.waitFor(async () => expect(await storedMasks(cache)).toHaveLength(1));
  });
});
