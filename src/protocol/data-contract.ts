// Typed comlink contract of the worker's data plane (src/backend, exposed by
// workers/compute.worker.ts next to the compute API): the main thread asks for group means,
// downloads, atlases, masks and metadata by small requests; grids are fetched, cached, decoded
// and averaged in the worker and never cross to the main thread.
//
// Jobs and cancellation: every long call takes a caller-chosen `jobId` and an `onEvent`
// callback (a Comlink.proxy). `cancel(jobId)` aborts the job's fetches, drops its queued work and
// stops its accumulation at the next volume; the call then rejects with an Error whose name is
// 'AbortError'. Events are progress only; the result is the call's return value.
//
// Units: CCF µm (AP, DV, ML), mm³. Memory order of every volume: Allen's, AP fastest.
import type { FrameSnapshotRequest, FrameSnapshotSkip, SectionRequest } from './frame-snapshot.ts';
import type { PageCapture } from './page-picture.ts';
import type { SectionStack } from '../compute/section-stack';
import type { AggregateGroup, Exclusion, GroupingAxis, Normalization } from '../compute/aggregate-plan';
import type { Hemisphere } from '../compute/atlas-masks';
import type { RawStructureNode } from '../allen/ontology';
import type { Experiment } from '../allen/types';
import type { Product } from '../allen/products';
import type { UnionizeRow } from '../allen/upstream';
import type { DownloadSource } from '../allen/download-sources';
import type { GridVoxel } from '../compute/grid-voxel';
import type { MaskSummary } from './compute-views-contract';
import type { Subregion, SubregionParams } from '../compute/subregions';

export const DATA_WORKER_VERSION = 'data-plane/2';

/** Where the worker fetches Allen data from (src/config/allen.ts on the main thread). */
export interface BackendConfig {
  readonly apiBase: string;
  /** The download host (annotation volumes). */
  readonly downloadBase: string;
  /** Annotation sources in the order to try (default: downloadBase directly). */
  readonly downloadSources?: readonly DownloadSource[];
  /** Data release tag that cache keys carry. */
  readonly release: string;
}

/** What averaging needs to know about one experiment (from the experiment list). */
export interface AggregateCandidate {
  readonly id: number;
  /** Primary injection structure. */
  readonly structureId: number;
  /** CCF µm [AP, DV, ML]. */
  readonly injectionCoordUm: readonly [number, number, number];
  /** The experiment list's injection-volume, mm³ (the divisor of 'metadata-volume'). */
  readonly metadataVolumeMm3: number;
}

export type AggregateGrouping = 'none' | GroupingAxis | 'region';

/** The processing of every averaged view (DESIGN §4). */
export interface Processing {
  readonly normalization: Normalization;
  /** bsv subtract_other_hemisphere. */
  readonly subtractOtherHemisphere: boolean;
}

/** Group means of a list of experiments. */
export interface AggregateRequest extends Processing {
  readonly experiments: readonly AggregateCandidate[];
  readonly grouping: AggregateGrouping;
  /** bsv grouping_bins (AP/DV/ML grouping). */
  readonly groupingBins?: number;
  /** grouping 'region': one group per entry, experiments listed explicitly. */
  readonly regionGroups?: ReadonlyArray<{ readonly label: string; readonly experimentIds: readonly number[] }>;
  /** Average again what an earlier build could not load (the user pressed Retry). */
  readonly retryFailed?: boolean;
  /** Partial snapshots at most this often while volumes arrive (default 750 ms); 0 = none. */
  readonly partialEveryMs?: number;
}

export type { AggregateGroup } from '../compute/aggregate-plan';

export interface AggregateOutcome {
  /** Key of the finished aggregate held in the worker (view methods take it). */
  readonly key: string;
  readonly groups: readonly AggregateGroup[];
  /** Experiments whose volume or divisor could not be obtained after retries, with the reason. */
  readonly failed: ReadonlyMap<number, string>;
  /** Left out at planning (missing metadata, no injection record …), with the reason. */
  readonly excluded: readonly Exclusion[];
  /** Held by the worker, restored from IndexedDB, or averaged now. */
  readonly from: 'worker' | 'restored' | 'computed';
}

/** One experiment's grid on its way in (progress bars, the experiments table). */
export type GridStatus =
  | { readonly experimentId: number; readonly state: 'queued' }
  | { readonly experimentId: number; readonly state: 'cached' }
  | {
      readonly experimentId: number;
      readonly state: 'downloading';
      readonly receivedBytes: number;
      readonly totalBytes: number | null;
      readonly attempt: number;
    }
  | { readonly experimentId: number; readonly state: 'decoding'; readonly attempt: number }
  | { readonly experimentId: number; readonly state: 'done'; readonly source: 'cache' | 'network' }
  | { readonly experimentId: number; readonly state: 'failed'; readonly message: string };

export type DataEvent =
  /**
   * Download statuses in the order they happened, sent together: at most one message per
   * STATUS_BATCH_MS, and before any other event of the job and its answer (backend/status-batches.ts).
   */
  | { readonly kind: 'status'; readonly statuses: readonly GridStatus[] }
  | { readonly kind: 'phase'; readonly phase: 'volumes' | 'averaging' }
  /**
   * The means so far, held in the worker under `key` (replaced by the next snapshot, dropped when
   * the aggregate finishes); the job waits for the callback before taking the next one.
   */
  | { readonly kind: 'partial'; readonly key: string; readonly received: number; readonly total: number; readonly usedIds: readonly (readonly number[])[] };

/** Per-experiment values of the subregions view (the error bars across experiments). */
export interface SubregionExperimentsRequest extends Processing {
  /** The experiments to measure (the aggregate's used ones), as in their AggregateRequest. */
  readonly experiments: readonly AggregateCandidate[];
  /** Labels held in the worker (holdSubregionLabels) and the subregions to report, in order. */
  readonly labelsKey: string;
  readonly subregions: readonly Subregion[];
  readonly params: SubregionParams;
}

export interface SubregionExperimentsResult {
  /** Rows of `mean`, in delivery order: the experiments whose grid and divisor could be had. */
  readonly experimentIds: readonly number[];
  readonly subregions: number;
  /** (row · subregions + k): the experiment's mean in subregion k; NaN = no data there. */
  readonly mean: Float64Array;
  /** Experiments left out (grid or divisor not available), with the reason. */
  readonly failed: ReadonlyMap<number, string>;
}

export type DataEventCallback = (event: DataEvent) => void | Promise<void>;

export interface DownloadResult {
  readonly loaded: readonly number[];
  readonly fromCache: readonly number[];
  /** Experiment id → what failed. */
  readonly failed: ReadonlyMap<number, string>;
}

export interface InjectionVolumesResult {
  /** PSU injection volume (mm³) per experiment answered; null = Allen has no such record. */
  readonly volumes: ReadonlyMap<number, number | null>;
  /** Experiments whose volume could not be fetched, with the reason. */
  readonly failed: ReadonlyMap<number, string>;
}

export type AtlasResolution = 100 | 50 | 25;

/** The worker's key of the CCF annotation at `resolution` (what ensureAtlas resolves to). */
export const annotationKey = (resolution: AtlasResolution): string => `annotation-${resolution}`;

/** The resolution of a CCF annotation's key, or null for another volume (a user's own annotation). */
export function annotationResolution(key: string): AtlasResolution | null {
  const m = /^annotation-(100|50|25)$/.exec(key);
  return m ? (Number(m[1]) as AtlasResolution) : null;
}

/** A runs-only (25 µm) atlas load: 'download' counts bytes (total from Content-Length, if sent), 'build' voxels encoded. */
export interface AtlasProgress {
  readonly phase: 'download' | 'build';
  readonly done: number;
  readonly total: number | null;
}

/** Where this session's copy of an annotation volume came from (the cache panel shows it). */
export interface AtlasSourceInfo {
  readonly resolution: AtlasResolution;
  readonly from: 'network' | 'cache';
  /** The download source that served it (a cached copy: when it was downloaded, if recorded). */
  readonly source: DownloadSource | null;
  /** Sources tried first that failed: "direct https://…: network error (…)". */
  readonly skipped: readonly string[];
  /** Runs-only (25 µm) atlases: the NRRD's size when downloaded this session, the runs held, the time to build them. */
  readonly downloadBytes?: number;
  readonly heldBytes?: number;
  readonly buildMs?: number;
}

export interface CacheUsage {
  readonly count: number;
  readonly bytes: number;
}

export interface CacheEntrySummary {
  readonly key: string;
  readonly kind: string | null;
  readonly id: string | null;
  readonly resolution: number | null;
  readonly bytes: number;
  readonly current: boolean;
}

/** What the start-up repair scan found and removed (cache-repair.ts). */
export interface CacheRepairSummary {
  /** Current records validated in full (length, checksum). */
  readonly checked: number;
  readonly unknown: number;
  /** Other schema version or data release. */
  readonly stale: number;
  readonly damaged: number;
  /** Index records without their volume. */
  readonly orphans: number;
  readonly bytesRead: number;
  /** Time the scan worked, ms (it yields between batches). */
  readonly ms: number;
  /** Time it stepped aside for running jobs, ms. */
  readonly pausedMs: number;
}

/** The cache's health for the cache panel: usage per kind, the size limit, repairs and evictions. */
export interface CacheHealth {
  /** Real entries (validated headers; the cache's own small records excluded). */
  readonly count: number;
  readonly bytes: number;
  /** Kinds: grid, aggregate, annotation, metadata, frame (and 'unknown' until the repair scan ran). */
  readonly byKind: ReadonlyArray<{ readonly kind: string; readonly count: number; readonly bytes: number }>;
  readonly limitBytes: number | null;
  /** True when the user has not chosen a limit. */
  readonly limitIsDefault: boolean;
  readonly defaultLimitBytes: number;
  /** Least recently used entries evicted this session to stay under the limit. */
  readonly evicted: { readonly count: number; readonly bytes: number };
  /** Writes skipped this session: the limit was reached and everything else was in use. */
  readonly overLimit: number;
  /** Damaged entries removed this session (repair scan and reads), and how many were downloaded again since. */
  readonly damagedRemoved: number;
  readonly damagedRewritten: number;
  /** null until the scan has run. */
  readonly repair: CacheRepairSummary | null;
  readonly repairError: string | null;
  /** navigator.storage.estimate() for the whole origin, or null where the browser has none. */
  readonly browser: { readonly usage: number; readonly quota: number } | null;
}

export interface CacheProblemMessage {
  readonly kind: 'quota' | 'unavailable' | 'corrupt' | 'failed';
  readonly message: string;
}

/** A performance measure taken in the worker, on the page's clock (ms since the page's timeOrigin). */
export interface WorkerMeasure {
  readonly name: string;
  readonly startTime: number;
  readonly duration: number;
}

export interface CachedDensity {
  readonly experimentId: number;
  /** Density at the voxel (0–1), or −1 where the grid has no data there. */
  readonly density: number;
}

export interface CachedDensityResult {
  readonly voxel: GridVoxel;
  /** One entry per cached grid that could be read, in cache order. */
  readonly values: readonly CachedDensity[];
  /** Grids the cache lists (current schema and release, 100 µm). */
  readonly cachedCount: number;
  /** Listed but not readable (does not decode, other shape): left out of `values`. */
  readonly unreadable: number;
}

export interface DataWorkerApi {
  dataVersion(): string;
  /**
   * The worker's performance measures whose names start with `prefix` (diagnostics and the
   * benchmarks), shifted to the page's clock with `pageTimeOrigin`.
   */
  workerMeasures(prefix: string, pageTimeOrigin: number): WorkerMeasure[];
  /** Must be called once before anything else (services.ts does). */
  configure(config: BackendConfig): void;
  /** Cache problems (quota, corrupt entries evicted) for the UI; the callback is a Comlink.proxy. */
  onCacheProblem(callback: (problem: CacheProblemMessage) => void): void;
  /**
   * Downloads go through the grid fetcher at the other end of `port` (grid-fetch-contract.ts;
   * transferred) from now on; without it the worker fetches grids itself.
   */
  attachGridFetcher(port: MessagePort): void;
  aggregate(request: AggregateRequest, onEvent: DataEventCallback, jobId: string): Promise<AggregateOutcome>;
  /**
   * Each experiment's value per child subregion (grids from the cache, else downloaded), processed
   * and measured as the aggregate's bars are; a small experiments × subregions table.
   */
  subregionExperiments(request: SubregionExperimentsRequest, jobId: string): Promise<SubregionExperimentsResult>;
  /** Grids into the browser cache (the experiments table's Download button). */
  download(experimentIds: readonly number[], options: { readonly reload?: boolean }, onEvent: DataEventCallback, jobId: string): Promise<DownloadResult>;
  cancel(jobId: string): void;
  /** Loads an annotation into the worker (cache first); resolves to its key. Shared by all callers. */
  ensureAtlas(resolution: AtlasResolution, jobId?: string, onProgress?: (p: AtlasProgress) => void): Promise<string>;
  /** Where the annotation volumes loaded in this session came from, finest last. */
  atlasSources(): AtlasSourceInfo[];
  /**
   * The drawn sections of a projectome (compute/section-stack.ts; transferred): stored with the
   * atlas after the first cut (backend/section-cache.ts), so a stored request needs no atlas.
   */
  sectionStack(request: SectionRequest, jobId?: string): Promise<SectionStack>;
  /**
   * Mask of structure ids (already expanded with descendants) at `resolution`, held in the worker:
   * stored with the atlas after it is first built (backend/mask-cache.ts), so a stored mask needs no atlas.
   */
  structureMask(structureIds: Uint32Array, hemisphere: Hemisphere, resolution: AtlasResolution, jobId?: string): Promise<MaskSummary>;
  injectionVolumes(experimentIds: readonly number[], jobId?: string): Promise<InjectionVolumesResult>;
  /** The structure graph (IndexedDB first, else structure_graph_download/1.json). */
  loadOntology(jobId?: string): Promise<readonly RawStructureNode[]>;
  /** Every experiment (IndexedDB first, else model::ApiConnectivity), normalised. */
  loadExperiments(jobId?: string): Promise<readonly Experiment[]>;
  /** Names of these Allen products (IndexedDB first, else model::Product); unknown ids are left out. */
  loadProductNames(ids: readonly number[], jobId?: string): Promise<Product[]>;
  /**
   * The ProjectionStructureUnionize rows of a target above a projection volume (the upstream
   * sources' raw list, ~1 MB of JSON for a large target): IndexedDB first, else downloaded and
   * stored as (experiment, volume) pairs; `label` names the target in errors.
   */
  loadUpstreamRows(targetId: number, minVolumeMm3: number, label: string, jobId?: string): Promise<UnionizeRow[]>;
  /**
   * The density at one 100 µm voxel of every grid in the browser cache (spatial search on the
   * data already here); `onProgress` (a Comlink.proxy) gets grids read and total after each batch.
   */
  cachedDensityAt(voxel: GridVoxel, onProgress: (read: number, total: number) => void, jobId: string): Promise<CachedDensityResult>;
  /**
   * A link's stored first frame over the whole AP extent (frame-snapshot.ts bytes), or null; read
   * only when the main thread's first-AP record (data/stored-frame.ts) is not enough.
   */
  readFrameSnapshot(requestKey: string): Promise<Uint8Array | null>;
  /** The main thread shows a link's stored first-AP frame it read itself: both records pinned while shown, marked used. */
  markFrameShown(requestKey: string): Promise<void>;
  /**
   * Stores a link's drawn first frame (protocol/frame-snapshot.ts): the worker recomputes its stack
   * from the projectome it holds and gets its sections as sectionStack does, encodes (protocol/frame-record.ts) and stores the whole
   * snapshot (unless `whole` is false) and its first AP, replacing older ones. Resolves to why
   * nothing was stored, or null; cache problems are reported, never thrown.
   */
  storeFrameSnapshot(request: FrameSnapshotRequest): Promise<FrameSnapshotSkip>;
  /**
   * Stores the page's picture (protocol/page-picture.ts) built from what the main thread captured
   * (its canvases' PNGs decoded to pixels here) as the cache's record `id` ("pic-…"), replacing an
   * older one; a bad id or an oversized record is refused (resolves false). Cache problems are
   * reported, never thrown.
   */
  storePagePicture(id: string, capture: PageCapture): Promise<boolean>;
  cacheEntries(): Promise<CacheEntrySummary[]>;
  cacheUsage(): Promise<CacheUsage>;
  /** Usage per kind, the size limit, repairs and evictions, and the browser's estimate. */
  cacheHealth(): Promise<CacheHealth>;
  /** Sets (and stores) the cache's size limit in bytes, evicting least recently used entries now; null = the default. */
  setCacheLimit(bytes: number | null): Promise<CacheHealth>;
  clearCache(): Promise<void>;
  cacheStatus(): string | null;
}
