// react-query options for what the worker computes or holds: group means (aggregates), atlases,
// region masks, drawn atlas sections, PSU injection volumes and the Allen metadata. Each queryFn
// (but the sections', one short call) runs a worker job that react-query's signal cancels (a
// changed key, an unmounted view); progress goes to the handlers given. Keys are what defines
// the result, so every view asking for the same means shares one.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import * as Comlink from 'comlink';
import { Ontology } from '../allen/ontology.ts';
import type { Experiment } from '../allen/types.ts';
import type { Hemisphere } from '../compute/atlas-masks.ts';
import type { MaskSummary } from '../protocol/compute-views-contract.ts';
import type { SectionStack } from '../compute/section-stack.ts';
import { sectionRequestKey, type SectionRequest } from '../protocol/frame-snapshot.ts';
import type { AggregateGrouping, AggregateOutcome, AggregateRequest, AtlasResolution, DataEvent, Processing } from '../protocol/data-contract.ts';
import { getComputeWorker, workerJob } from './services.ts';

export type { AggregateGroup, AggregateOutcome, AtlasResolution, Processing } from '../protocol/data-contract.ts';

/** The annotation every number is computed with: the density grid's own 100 µm. */
export const NUMERIC_RESOLUTION = 100;
/** The annotation boundaries and surfaces are drawn from. */
export const DRAWING_RESOLUTION = 50;

/** What a view asks of the averaging: experiments, grouping and processing. */
export interface AggregateSpec extends Processing {
  readonly experiments: readonly Experiment[];
  readonly grouping: AggregateGrouping;
  /** Bins along the grouping axis (AP/DV/ML grouping), bsv grouping_bins. */
  readonly groupingBins?: number;
  /** Required for grouping 'region': one group per entry, experiments listed explicitly. */
  readonly regionGroups?: ReadonlyArray<{ readonly label: string; readonly experimentIds: readonly number[] }>;
}

export function aggregateRequest(spec: AggregateSpec, extra: Pick<AggregateRequest, 'retryFailed' | 'partialEveryMs'> = {}): AggregateRequest {
  return {
    experiments: spec.experiments.map((e) => ({
      id: e.id,
      structureId: e.structureId,
      injectionCoordUm: e.injectionCoordUm,
      metadataVolumeMm3: e.injectionVolumeMm3,
    })),
    grouping: spec.grouping,
    groupingBins: spec.groupingBins,
    regionGroups: spec.regionGroups,
    normalization: spec.normalization,
    subtractOtherHemisphere: spec.subtractOtherHemisphere,
    ...extra,
  };
}

/** The parts of a spec that define its means, in a stable order (the query key). */
export function aggregateIdentity(spec: AggregateSpec): readonly unknown[] {
  return [
    spec.grouping,
    spec.grouping === 'none' || spec.grouping === 'region' ? null : (spec.groupingBins ?? 5),
    spec.normalization,
    spec.subtractOtherHemisphere,
    spec.grouping === 'region' ? (spec.regionGroups ?? []).map((g) => [g.label, g.experimentIds]) : spec.experiments.map((e) => e.id),
  ];
}

export interface AggregateHandlers {
  /** A build starts (not called when react-query answers from its cache). */
  readonly onStart?: () => void;
  readonly onEvent?: (event: DataEvent) => void | Promise<void>;
}

/**
 * Group means of `spec` in the worker. `attempt` > 0 (the user pressed Retry) averages again what
 * an earlier build could not load. The result stays held in the worker under outcome.key.
 */
export function aggregateQuery(spec: AggregateSpec, attempt: number, handlers: AggregateHandlers = {}, extra: Pick<AggregateRequest, 'partialEveryMs'> = {}) {
  return queryOptions({
    queryKey: ['aggregate', ...aggregateIdentity(spec), attempt],
    queryFn: ({ signal }): Promise<AggregateOutcome> =>
      workerJob(signal, (w, jobId) => {
        handlers.onStart?.();
        return w.aggregate(
          aggregateRequest(spec, { retryFailed: attempt > 0, partialEveryMs: extra.partialEveryMs ?? 0 }),
          Comlink.proxy(handlers.onEvent ?? (() => undefined)),
          jobId,
        );
      }),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    retry: false,
  });
}

export function atlasQuery(resolution: AtlasResolution) {
  return queryOptions({
    queryKey: ['atlas', resolution],
    queryFn: ({ signal }) => workerJob(signal, (w, jobId) => w.ensureAtlas(resolution, jobId)),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
}

/**
 * Starts loading into the worker the atlases a view needs: the 100 µm one for numbers, and the
 * 50 µm one too when the view draws boundaries with it (a 25 µm drawing atlas is left to the
 * pipeline, which loads it with progress). A failure is ignored here: the view's own load reports
 * it and offers Retry. Used by the boot prefetch and useAtlasPrefetch, so both ask for the same.
 */
export function prefetchAtlases(client: QueryClient, drawsAt50: boolean): void {
  void client.prefetchQuery(atlasQuery(NUMERIC_RESOLUTION));
  if (drawsAt50) void client.prefetchQuery(atlasQuery(DRAWING_RESOLUTION));
}

/**
 * The atlas sections a projectome frame is drawn over: stored with the drawing atlas after their
 * first cut, else cut by the worker once the atlas is loaded (backend/section-cache.ts). The
 * pipeline asks for them as soon as the target's mask is there (they do not depend on the
 * means); the canvas then reads them from here. Bounded: a view holds its own.
 */
export function sectionStackQuery(r: SectionRequest) {
  return queryOptions({
    queryKey: ['section-stack', sectionRequestKey(r)],
    queryFn: ({ signal }): Promise<SectionStack> => workerJob(signal, (w, jobId) => w.sectionStack(r, jobId)),
    staleTime: Infinity,
    gcTime: 30_000,
    // typed arrays: nothing to share structurally
    structuralSharing: false,
    retry: false,
  });
}

export type RegionMask = MaskSummary & { readonly structureIds: ReadonlySet<number>; readonly resolutionUm: AtlasResolution };

/**
 * Mask of a structure and all its descendants at `resolution` (held in the worker): numbers use
 * NUMERIC_RESOLUTION. Rejects with a message naming the acronym when it is unknown or has no voxel.
 */
export function regionMaskQuery(
  acronym: string,
  ontology: Ontology | undefined,
  hemisphere: Hemisphere = 'both',
  resolution: AtlasResolution = NUMERIC_RESOLUTION,
) {
  return queryOptions({
    queryKey: ['region-mask', acronym, hemisphere, resolution],
    queryFn: ({ signal }): Promise<RegionMask> =>
      workerJob(signal, async (w, jobId) => {
        if (!ontology) throw new Error('the structure ontology is not loaded yet');
        const structure = ontology.byAcronym(acronym);
        if (!structure) throw new Error(`"${acronym}" is not a structure in the Allen ontology.`);
        const structureIds = ontology.expand([structure.id]);
        const mask = await w.structureMask(Uint32Array.from(structureIds).sort(), hemisphere, resolution, jobId);
        if (!mask.extent) throw new Error(`${structure.acronym} has no voxels in the ${resolution} µm annotation.`);
        return { ...mask, structureIds, resolutionUm: resolution };
      }),
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
  });
}

export function injectionVolumesQuery(experimentIds: readonly number[]) {
  const ids = [...new Set(experimentIds)].sort((a, b) => a - b);
  return queryOptions({
    queryKey: ['injection-volumes', ids],
    queryFn: ({ signal }) => workerJob(signal, (w, jobId) => w.injectionVolumes(ids, jobId)),
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
  });
}

export const ontologyQuery = queryOptions({
  queryKey: ['ontology', 1],
  queryFn: ({ signal }) => workerJob(signal, async (w, jobId) => new Ontology(await w.loadOntology(jobId))),
  staleTime: Infinity,
  gcTime: Infinity,
  retry: false,
});

/** What the browser cache holds (every entry's key, kind, id and size); refreshed after downloads. */
export const cacheEntriesQuery = queryOptions({
  queryKey: ['cache-entries'],
  queryFn: () => getComputeWorker().cacheEntries(),
  staleTime: 0,
});

/** Names of Allen products (the Products filter's labels), IndexedDB first in the worker, so they survive offline. */
export function productNamesQuery(ids: readonly number[]) {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  return queryOptions({
    queryKey: ['products', sorted],
    queryFn: ({ signal }) => workerJob(signal, (w, jobId) => w.loadProductNames(sorted, jobId)),
    enabled: sorted.length > 0,
    staleTime: Infinity,
    gcTime: 60 * 60_000,
    retry: 1,
  });
}

/** The unionize rows behind a target's upstream sources (worker: IndexedDB first, else Allen). */
export function upstreamRowsQuery(targetId: number | null, minVolumeMm3: number, label: string) {
  return queryOptions({
    queryKey: ['upstream-rows', targetId, minVolumeMm3],
    queryFn: ({ signal }) => {
      if (targetId === null) throw new Error('upstream rows asked without a target');
      return workerJob(signal, (w, jobId) => w.loadUpstreamRows(targetId, minVolumeMm3, label, jobId));
    },
    enabled: targetId !== null,
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
  });
}

/** Every experiment (ApiConnectivity), read from IndexedDB in the worker when cached. */
export const allExperimentsQuery = queryOptions({
  queryKey: ['experiments', 'all'],
  queryFn: ({ signal }) => workerJob(signal, (w, jobId) => w.loadExperiments(jobId)),
  staleTime: Infinity,
  gcTime: Infinity,
  retry: false,
});
