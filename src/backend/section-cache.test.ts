import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { GridShape } from '../compute/grid.ts';
import { planeSectionStack } from '../compute/section-stack.ts';
import type { AtlasResolution } from '../protocol/data-contract.ts';
import type { SectionRequest } from '../protocol/frame-snapshot.ts';
import { createVolumeCache, type VolumeCache } from './cache/index.ts';
import { createSectionSource } from './section-cache.ts';

// a 50 µm annotation of 20 AP × 6 DV × 8 ML: label = 1 + (ap + dv + ml) % 5 inside a box, 0 outside
const S: GridShape = { nx: 20, ny: 6, nz: 8, resolutionUm: 50 };
const ann = new Uint32Array(20 * 6 * 8);
for (let x = 0; x < 20; x++)
  for (let y = 0; y < 6; y++) for (let z = 0; z < 8; z++) if (y >= 1 && y <= 4 && z >= 2 && z <= 6 && x >= 2) ann[x + 20 * (y + 6 * z)] = 1 + ((x + y + z) % 5);

const request: SectionRequest = { annotationKey: 'annotation-50', plane: 'coronal', start: 1, count: 3, targetIds: Uint32Array.of(2, 4) };
const signal = new AbortController().signal;

/** A source over `cache` whose atlas and cut are counted; `held` says whether the worker holds the annotation. */
function sourceOver(cache: VolumeCache, held = true) {
  const ensured: AtlasResolution[] = [];
  const cuts: string[] = [];
  const source = createSectionSource({
    cache: () => cache,
    atlas: {
      ensure: (resolution) => {
        ensured.push(resolution);
        return Promise.resolve(`annotation-${resolution}`);
      },
    },
    compute: {
      planeSectionStack: (key, plane, start, count, targetIds) => {
        cuts.push(key);
        if (!held) throw new Error(`annotation ${key} is not held`);
        return planeSectionStack(ann, S, plane, start, count, targetIds);
      },
    },
  });
  return { source, ensured, cuts };
}

/** The section records of `cache`'s release (every test's cache shares one IndexedDB database). */
const storedSections = async (cache: VolumeCache): Promise<string[]> =>
  (await cache.list()).filter((e) => e.current && e.parts?.kind === 'annotation' && e.parts.id.startsWith('sec-')).map((e) => e.key);

describe('sections stored with the atlas', () => {
  it('a first request loads the atlas, cuts and stores; the next one (a new worker) reads them without the atlas', async () => {
    const cache = createVolumeCache({ release: 'rel-sec-1' });
    const first = sourceOver(cache);
    const cut = await first.source(request, signal);
    expect(cut).toEqual(planeSectionStack(ann, S, 'coronal', 1, 3, request.targetIds));
    expect(first.ensured).toEqual([50]);
    await vi.waitFor(async () => expect(await storedSections(cache)).toHaveLength(1));

    // a new session: the annotation is not held and must not be needed
    const next = sourceOver(cache, false);
    expect(await next.source(request, signal)).toEqual(cut);
    expect(next.ensured).toEqual([]);
    expect(next.cuts).toEqual([]);

    // another target or extent is another record
    const other = await next.source({ ...request, targetIds: Uint32Array.of(3) }, signal).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Error);
    expect(next.ensured).toEqual([50]);
  });

  it('a stored record that does not decode is deleted and the sections cut again', async () => {
    const cache = createVolumeCache({ release: 'rel-sec-2' });
    const first = sourceOver(cache);
    await first.source(request, signal);
    await vi.waitFor(async () => expect(await storedSections(cache)).toHaveLength(1));
    const [key = ''] = await storedSections(cache);
    await cache.put(key, new Uint8Array(64).fill(7), { dtype: 'uint8', dims: [64, 1, 1] });

    const again = sourceOver(cache);
    expect(await again.source(request, signal)).toEqual(planeSectionStack(ann, S, 'coronal', 1, 3, request.targetIds));
    expect(again.ensured).toEqual([50]);
    expect(again.cuts).toEqual(['annotation-50']);
    // rewritten: a third session reads it
    await vi.waitFor(async () => {
      const third = sourceOver(cache, false);
      await third.source(request, signal);
      expect(third.cuts).toEqual([]);
    });
  });

  it("a user's own annotation is cut from what the worker holds and never stored", async () => {
    const cache = createVolumeCache({ release: 'rel-sec-3' });
    const s = sourceOver(cache);
    await s.source({ ...request, annotationKey: 'user-annotation:abc' }, signal);
    expect(s.ensured).toEqual([]);
    expect(s.cuts).toEqual(['user-annotation:abc']);
    expect(await storedSections(cache)).toEqual([]);
  });
});
