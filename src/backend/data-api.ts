// The worker's data plane (DataWorkerApi, src/protocol/data-contract.ts) over the compute API it
// runs next to: jobs with ids the main thread can cancel, the Allen client and the IndexedDB
// cache (context.ts), the download queue, atlas loading, aggregates and metadata. A cancelled job
// aborts its fetches, drops its queued work and rejects with an AbortError.
import * as Comlink from 'comlink';
import { AllenError } from '../allen/errors.ts';
import { DecodeError } from '../compute/decode-error.ts';
import { decodeDensity } from '../compute/decode-volume.ts';
import { sectionStackBuffers } from '../compute/section-stack.ts';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import { DATA_WORKER_VERSION, type CacheProblemMessage, type DataWorkerApi } from '../protocol/data-contract.ts';
import { abortError, buildAggregate, createAggregateMemory } from './aggregates.ts';
import { waitFor } from './wait-for.ts';
import { subregionExperiments } from './subregion-experiments.ts';
import { createAtlasLoader } from './atlas.ts';
import { cachedDensityAt } from './cached-density.ts';
import { createBackendContext, type BackendContext, type BackendOverrides } from './context.ts';
import { createDownloadQueue, type DownloadQueue } from './download-queue.ts';
import { createProgressRoutes, fetcherGridSource, type LocalGridFetcher } from './grid-fetch-client.ts';
import { createGridFetchPool } from './grid-fetch-pool.ts';
import type { GridFetchApi } from '../protocol/grid-fetch-contract.ts';
import { loadInjectionVolumes } from './injection-volumes.ts';
import { markFrameShown, readFrameSnapshot, storeFrameSnapshot, storePagePicture } from './frame-snapshots.ts';
import { withStatusBatches } from './status-batches.ts';
import { createSectionSource } from './section-cache.ts';
import { createMaskSource } from './mask-cache.ts';
import { loadAllExperiments, loadOntology, loadProductNames, loadUpstreamRows, metadataKey } from './metadata-cache.ts';
import { createCacheHealth, type CacheHealthOptions, type CacheHealthService } from './cache-health.ts';
import { ATLAS_SOURCES_RECORD_ID } from './atlas-sources.ts';
import type { VolumeCache } from './cache/index.ts';

const DENSITY_VOXELS = voxelCount(DENSITY_SHAPE);
/** Grids asked of an attached fetcher at once (its client still runs at most 4 requests per host). */
const FETCHER_CONCURRENCY = 8;

export interface DataApiOptions extends BackendOverrides {
  /** Experiments downloading at once (default 4; the client's per-host cap also applies). */
  readonly concurrency?: number;
  /** Tests: a grid fetcher in this thread (the worker gets a remote one by attachGridFetcher). */
  readonly fetcher?: LocalGridFetcher;
  /** The repair scan's timing; false: no scan is scheduled (tests with an injected cache default to false). */
  readonly cacheHealth?: CacheHealthOptions | false;
}

/** Entries the whole session uses (the atlases, metadata): pinned against eviction for the size limit. */
function sessionKeys(cache: VolumeCache): string[] {
  const atlases = ([100, 50, 25] as const).flatMap((r) => [cache.key('annotation', 'ccf2017-runs', r), cache.key('annotation', 'ccf2017', r)]);
  return [
    ...atlases,
    metadataKey(cache, 'ontology'),
    metadataKey(cache, 'experiments'),
    metadataKey(cache, 'products'),
    cache.key('metadata', ATLAS_SOURCES_RECORD_ID, 1),
  ];
}

const gridKeys = (cache: VolumeCache, ids: Iterable<number>): string[] => [...new Set(ids)].map((id) => cache.key('grid', id, 100));

export function createDataApi(compute: ComputeWorkerApi, options: DataApiOptions = {}): DataWorkerApi {
  let context: BackendContext | null = null;
  let health: CacheHealthService | null = null;
  let anonymous = 0;
  let queue: DownloadQueue | null = null;
  const listeners = new Set<(p: CacheProblemMessage) => void>();
  const jobs = new Map<string, AbortController>();
  const memory = createAggregateMemory();

  const ctx = (): BackendContext => {
    if (!context) throw new Error('the data worker was not configured: call configure() first');
    return context;
  };
  // with a grid fetcher attached (its own worker), each load's downloads go there, tagged with
  // the job, so the main thread can cancel them there directly
  // (a pool of them, one worker each: grid-fetch-pool.ts)
  const fetchers = createGridFetchPool();
  const progress = createProgressRoutes();
  if (options.fetcher) {
    // a fetcher given here runs on this thread (tests): the sink is passed as is
    options.fetcher.setProgressSink?.(progress.sink);
    fetchers.add(options.fetcher);
  }
  let loads = 0;
  const grids = (jobId: string | undefined): DownloadQueue => {
    const fetcher = fetchers.fetcher();
    if (fetcher) {
      const tag = `${jobId ?? 'anon'}|${++loads}`;
      // more grids asked than the fetcher's HTTP cap per host (4): the next download is on the
      // wire while the fetcher still inflates and packs the last ones
      return createDownloadQueue({
        client: fetcherGridSource(fetcher, tag, progress),
        cache: ctx().cache,
        concurrency: options.concurrency ?? FETCHER_CONCURRENCY,
      });
    }
    queue ??= createDownloadQueue({
      client: ctx().client,
      cache: ctx().cache,
      concurrency: options.concurrency,
    });
    return queue;
  };
  const atlas = createAtlasLoader(ctx, compute, () => fetchers.expander());
  const sections = createSectionSource({ cache: () => ctx().cache, atlas, compute });
  const masks = createMaskSource({ cache: () => ctx().cache, atlas, compute });
  // one ontology load per configuration, shared by loadOntology and the experiment list's download;
  // it runs on its own signal: a cancelled caller (React StrictMode unmounts every query once in
  // development) stops waiting but never cancels the load another caller is waiting for
  let ontology: ReturnType<typeof loadOntology> | null = null;
  const ontologyOnce = (signal: AbortSignal): ReturnType<typeof loadOntology> => {
    ontology ??= loadOntology(ctx().client, ctx().cache, new AbortController().signal).catch((e: unknown) => {
      ontology = null;
      throw e;
    });
    return waitFor(ontology, signal);
  };

  /** Runs `work` as job `jobId` (cancel(jobId) aborts it); anonymous jobs cannot be cancelled. */
  async function job<T>(jobId: string | undefined, work: (signal: AbortSignal) => Promise<T>, pins?: { keys: readonly string[]; shown: boolean }): Promise<T> {
    const ctl = new AbortController();
    if (jobId !== undefined) {
      jobs.get(jobId)?.abort();
      jobs.set(jobId, ctl);
    }
    const h = health;
    const pinId = jobId ?? `anon-${++anonymous}`;
    h?.jobStarted();
    if (pins) h?.pinJob(pinId, pins.keys, pins.shown);
    try {
      return await work(ctl.signal);
    } catch (e) {
      if (ctl.signal.aborted || (e instanceof AllenError && e.kind === 'aborted')) throw abortError(ctl.signal);
      throw e;
    } finally {
      if (jobId !== undefined && jobs.get(jobId) === ctl) jobs.delete(jobId);
      h?.jobEnded();
      if (pins) h?.finished(pinId);
    }
  }
  const healthOf = (): CacheHealthService => {
    if (!health) throw new Error('the data worker was not configured: call configure() first');
    return health;
  };

  return {
    dataVersion: () => DATA_WORKER_VERSION,
    workerMeasures: (prefix, pageTimeOrigin) =>
      performance
        .getEntriesByType('measure')
        .filter((m) => m.name.startsWith(prefix))
        .map((m) => ({ name: m.name, startTime: m.startTime + performance.timeOrigin - pageTimeOrigin, duration: m.duration })),
    configure(config) {
      context = createBackendContext(config, (p) => listeners.forEach((l) => l(p)), options);
      queue = null;
      ontology = null;
      const schedule = options.cacheHealth ?? (options.cache ? false : {});
      health = createCacheHealth(context.cache, schedule === false ? { schedule: false } : schedule);
      context.cache.pin('session', sessionKeys(context.cache));
    },
    onCacheProblem(callback) {
      listeners.add(callback);
    },
    attachGridFetcher(port) {
      const fetcher = Comlink.wrap<GridFetchApi>(port);
      // one progress channel for the fetcher's lifetime (grid-fetch-contract.ts)
      void fetcher.setProgressSink(Comlink.proxy(progress.sink));
      fetchers.add(fetcher);
    },
    aggregate: (request, onEvent, jobId) =>
      job(
        jobId,
        (signal) =>
          withStatusBatches(onEvent, signal, (events) => buildAggregate({ ctx: ctx(), compute, queue: grids(jobId) }, memory, request, signal, events)),
        {
          // the view's grids: never evicted while it averages them, nor while it is shown
          keys: gridKeys(ctx().cache, [...request.experiments.map((e) => e.id), ...(request.regionGroups ?? []).flatMap((g) => g.experimentIds)]),
          shown: true,
        },
      ),
    subregionExperiments: (request, jobId) =>
      job(jobId, (signal) => subregionExperiments({ ctx: ctx(), compute, queue: grids(jobId) }, request, signal), {
        keys: gridKeys(
          ctx().cache,
          request.experiments.map((e) => e.id),
        ),
        shown: true,
      }),
    download: (ids, opts, onEvent, jobId) =>
      job(
        jobId,
        (signal) =>
          withStatusBatches(onEvent, signal, async (events) => {
            const r = await grids(jobId).load(ids, {
              signal,
              reload: opts.reload === true,
              onStatus: (s) =>
                void events({
                  kind: 'status',
                  statuses: [s.state === 'failed' ? { experimentId: s.experimentId, state: 'failed', message: s.error.message } : s],
                }),
              // a download to keep: decoded once so that only whole grids are stored
              onGrid: (g) => {
                const { data } = decodeDensity(g.bytes, g.format);
                if (data.length !== DENSITY_VOXELS)
                  throw new DecodeError(`experiment ${g.experimentId}'s grid has ${data.length} voxels, expected ${DENSITY_VOXELS}`);
              },
            });
            return { loaded: r.loaded, fromCache: r.fromCache, failed: new Map([...r.failed].map(([id, e]) => [id, e.message])) };
          }),
        { keys: gridKeys(ctx().cache, ids), shown: false },
      ),
    cancel(jobId) {
      jobs.get(jobId)?.abort(Object.assign(new Error(`job ${jobId} was cancelled`), { name: 'AbortError' }));
      jobs.delete(jobId);
    },
    ensureAtlas: (resolution, jobId, onProgress) =>
      job(jobId, (signal) => atlas.ensure(resolution, signal, onProgress ? (p) => void onProgress(p) : undefined)),
    atlasSources: () => atlas.sources(),
    sectionStack: (request, jobId) =>
      job(jobId, async (signal) => {
        const st = await sections(request, signal);
        return Comlink.transfer(st, sectionStackBuffers(st));
      }),
    structureMask: (ids, hemisphere, resolution, jobId) => job(jobId, (signal) => masks(ids, hemisphere, resolution, signal)),
    injectionVolumes: (ids, jobId) => job(jobId, (signal) => loadInjectionVolumes(ctx().client, ctx().cache, ids, signal)),
    loadOntology: (jobId) => job(jobId, async (signal) => (await ontologyOnce(signal)).roots),
    loadExperiments: (jobId) => job(jobId, (signal) => loadAllExperiments(ctx().client, ctx().cache, () => ontologyOnce(signal), signal)),
    loadProductNames: (ids, jobId) => job(jobId, (signal) => loadProductNames(ctx().client, ctx().cache, ids, signal)),
    loadUpstreamRows: (targetId, minVolumeMm3, label, jobId) =>
      job(jobId, (signal) => loadUpstreamRows(ctx().client, ctx().cache, targetId, minVolumeMm3, label, signal)),
    cachedDensityAt: (voxel, onProgress, jobId) =>
      job(jobId, (signal) => cachedDensityAt(ctx().cache, voxel, { signal, onProgress: (read, total) => void onProgress(read, total) })),
    readFrameSnapshot: (requestKey) => readFrameSnapshot(ctx().cache, requestKey),
    markFrameShown: (requestKey) => markFrameShown(ctx().cache, requestKey),
    storeFrameSnapshot: (request) => storeFrameSnapshot(ctx().cache, compute, (r) => sections(r, new AbortController().signal), request),
    storePagePicture: (id, capture) => storePagePicture(ctx().cache, id, capture),
    async cacheEntries() {
      return (await ctx().cache.list()).map((e) => ({
        key: e.key,
        kind: e.parts?.kind ?? null,
        id: e.parts?.id ?? null,
        resolution: e.parts?.resolution ?? null,
        bytes: e.bytes,
        current: e.current,
      }));
    },
    cacheUsage: () => ctx().cache.usage(),
    cacheHealth: () => healthOf().health(),
    setCacheLimit: (bytes) => healthOf().setLimit(bytes),
    async clearCache() {
      await ctx().cache.clear();
    },
    cacheStatus() {
      const s = ctx().cache.status();
      return s === 'ok' ? null : s.disabled;
    },
  };
}
