import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import type { AllenClient } from '../allen/index.ts';
import { AllenError } from '../allen/index.ts';
import { DENSITY_SHAPE, NO_DATA, voxelCount } from '../compute/grid.ts';
import { createComputeApi } from '../../workers/compute.api.ts';
import { labelVolume, nrrdBytes } from '../../workers/test-fixtures.ts';
import { buildAggregate, createAggregateMemory, meansPersisted } from './aggregates.ts';
import { createVolumeCache, type VolumeCache } from './cache/index.ts';
import { createDownloadQueue, type DownloadQueue, GRID_KIND, type LoadResult } from './download-queue.ts';
import { subregionExperiments } from './subregion-experiments.ts';

const N = voxelCount(DENSITY_SHAPE);
/** Experiment id's grid: every voxel = id, except voxel (0, 0, 0) which has no data. */
function grid(id: number): Uint8Array {
  const v = new Float32Array(N).fill(id);
  v[0] = NO_DATA;
  return new Uint8Array(nrrdBytes(v, DENSITY_SHAPE));
}

function queue(fail: ReadonlySet<number>): DownloadQueue {
  return {
    async load(ids, options): Promise<LoadResult> {
      const failed = new Map<number, AllenError>();
      for (const id of ids) {
        if (fail.has(id)) failed.set(id, new AllenError({ kind: 'http', what: 'download', url: `u/${id}`, detail: '503' }));
        else await options.onGrid({ experimentId: id, source: 'cache', format: 'nrrd', bytes: grid(id) }, new AbortController().signal);
      }
      return { loaded: ids.filter((id) => !fail.has(id)), fromCache: [], failed };
    },
  };
}

/** A compute API holding label volume 'labels': subregion 10 = voxels (0,0,0) (no data in every grid) and (5,5,5); 20 = (7,7,7). */
function apiWithLabels() {
  const api = createComputeApi();
  api.loadAnnotation(
    'ann',
    nrrdBytes(
      labelVolume(DENSITY_SHAPE, [
        [0, 0, 0, 10],
        [5, 5, 5, 10],
        [7, 7, 7, 20],
      ]),
      DENSITY_SHAPE,
    ),
  );
  const children = [
    { maskKey: api.regionMask('ann', new Uint32Array([10]), 'both').maskKey, subregion: { id: 10, name: 'ten', acronym: 'T' } },
    { maskKey: api.regionMask('ann', new Uint32Array([20]), 'both').maskKey, subregion: { id: 20, name: 'twenty', acronym: 'W' } },
  ];
  api.holdSubregionLabels('labels', children.slice(0, 1), false);
  api.holdSubregionLabels('labels', children.slice(1), true);
  return { api, subregions: children.map((c) => c.subregion) };
}

const exp = (id: number) => ({ id, structureId: 1, injectionCoordUm: [5000, 4000, 3000] as const, metadataVolumeMm3: 9 });
const params = { plane: 'coronal' as const, windows: [{ positionUm: 6600, startUm: 0, endUm: 13200 }], hemisphere: 'both' as const };

describe('subregionExperiments (the data job)', () => {
  it('measures each experiment as the mean is processed (PSU divisor) and reports the ones it could not', async () => {
    const { api, subregions } = apiWithLabels();
    const psu = new Map<number, number | null>([
      [1, 0.25],
      [2, 0.4],
      [3, 1],
      [4, null],
    ]);
    const client = { fetchInjectionVolumes: async (ids: readonly number[]) => new Map(ids.map((id) => [id, psu.get(id) ?? null])) } as unknown as AllenClient;
    const ctx = {
      config: { apiBase: 'https://api.test', downloadBase: 'https://dl.test', release: 'r' },
      client,
      cache: createVolumeCache({ store: createStore('subexp', 'v') }),
    };
    const r = await subregionExperiments(
      { ctx, compute: api, queue: queue(new Set([3])) },
      {
        experiments: [1, 2, 3, 4].map(exp),
        normalization: 'injection-volume',
        subtractOtherHemisphere: false,
        labelsKey: 'labels',
        subregions,
        params,
      },
      new AbortController().signal,
    );
    // 1 ÷ 0.25 = 4 and 2 ÷ 0.4 = 5 in both subregions (the no-data voxel is skipped)
    expect(r.experimentIds).toEqual([1, 2]);
    expect(Array.from(r.mean)).toEqual([4, 4, 5, 5]);
    expect([...r.failed.keys()].sort()).toEqual([3, 4]);
    expect(r.failed.get(4)).toMatch(/injection/);
  });

  it('reads and decodes each grid from the cache again after the aggregate did (measured: one more read per experiment)', async () => {
    const inner = createVolumeCache({ store: createStore('subexp-count', 'v') });
    const reads: string[] = []; // keys of grid records read (means and other records not counted)
    const gridKeys = new Set([1, 2, 3].map((id) => inner.key(GRID_KIND, id, 100)));
    const count = (keys: readonly string[]) => reads.push(...keys.filter((k) => gridKeys.has(k)));
    const cache: VolumeCache = {
      ...inner,
      get: (key) => {
        count([key]);
        return inner.get(key);
      },
      getMany: (keys) => {
        count(keys);
        return inner.getMany(keys);
      },
    };
    const client = {
      fetchInjectionVolumes: async (ids: readonly number[]) => new Map(ids.map((id) => [id, 1])),
      fetchDensityGrid: async (id: number) => ({ experimentId: id, format: 'nrrd' as const, bytes: grid(id).slice().buffer, url: `u/${id}` }),
    } as unknown as AllenClient;
    const ctx = { config: { apiBase: 'https://api.test', downloadBase: 'https://dl.test', release: 'r' }, client, cache };
    const queue = createDownloadQueue({ client, cache, locks: null });
    const { api, subregions } = apiWithLabels();
    const ids = [1, 2, 3];
    const signal = new AbortController().signal;
    await queue.load(ids, { onGrid: () => undefined }); // downloads and stores: the cache now holds every grid
    const memory = createAggregateMemory();
    const processing = { normalization: 'none' as const, subtractOtherHemisphere: false };
    reads.length = 0;
    const agg = await buildAggregate(
      { ctx, compute: api, queue },
      memory,
      { ...processing, experiments: ids.map(exp), grouping: 'none' },
      signal,
      () => undefined,
    );
    await meansPersisted(memory);
    expect(agg.from).toBe('computed');
    const byAggregate = reads.length;
    const r = await subregionExperiments(
      { ctx, compute: api, queue },
      { ...processing, experiments: ids.map(exp), labelsKey: 'labels', subregions, params },
      signal,
    );
    const bySubregions = reads.length - byAggregate;
    expect(Array.from(r.mean)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(byAggregate).toBe(ids.length);
    // the second pass (see the comment in subregion-experiments.ts): every grid read and decoded again
    expect(bySubregions).toBe(ids.length);
  });
});
