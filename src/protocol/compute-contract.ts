// Typed comlink contract of the compute worker (workers/compute.worker.ts). The main thread uses
// Comlink.Remote<ComputeWorkerApi>, so every method becomes async there.
//
// Buffers: `bytes`/`volume` arguments should be sent with Comlink.transfer (the worker owns them
// afterwards); returned buffers are transferred to the caller (copies of worker-held data).
// Memory order everywhere: Allen's, AP fastest. Density: Float32Array, −1 = no data. Annotation:
// Uint32Array leaf structure ids. Aggregate means: Float32Array, NaN = no experiment had data.
//
// Cancellation: comlink cannot pass an AbortSignal and runs calls in arrival order, so a cancel
// message can never interrupt a synchronous kernel already running. Calls are therefore kept
// short and the long operation — an aggregate over hundreds of experiments — is streamed one
// experiment per call: to cancel it, stop sending and call dropAggregate(key) (later adds for a
// dropped key return { accepted: false }). Worst single calls: decoding one 100 µm grid (~2–10 ms),
// finishAggregate (one pass over the groups, ~5 ms per group), decoding the 50 µm annotation
// (~0.1–0.3 s) and the 25 µm annotation (~1–2 s; prefer 50 µm, or terminate the worker).
//
// Held data: finished aggregates, annotations, region masks and projectome contexts stay in the
// worker by key (LRU, capped: ComputeMemoryCaps, defaults in workers/compute-held.ts; at most one
// annotation at ≤ 25 µm). A method given an unknown or evicted key throws an Error naming the key
// and the call that recreates it; memoryReport() tells what is held. View requests (slices,
// projectome frames, boundaries) therefore send only keys and parameters, never volumes.
import type { SectionPlane } from '../compute/section-plane';
import type { AddOutcome, AggregateExperiment, AggregateGroup, AggregateParams, AggregatePlan, Exclusion, GroupingAxis } from '../compute/aggregate';
import type { Hemisphere } from '../compute/atlas-masks';
import type { GridShape } from '../compute/grid';
import type { IsosurfaceOptions } from '../compute/isosurface';
import type { ConnectivityMatrix, MatrixParams } from '../compute/matrix';
import type { MetadataExperiment, MetadataOptions } from '../compute/metadata-csv';
import type { ProjectomeApStats } from '../compute/projectome';
import type { ProjectomeStack } from '../compute/projectome-stack';
import type { SectionStack } from '../compute/section-stack';
import type { SliceParams, SlicesResult } from '../compute/slices';
import type { Subregion, SubregionParams, SubregionResult } from '../compute/subregions';
import type { GridProcessing } from '../compute/grid-processing';
import type { ExperimentSubregionRow } from '../compute/subregion-experiments';
import type { UserAnnotationInfo, UserLabel } from '../compute/user-annotation';
import type { ThresholdParams, ThresholdResult, ThresholdSliceInput } from '../compute/threshold';
import type {
  AggregateSourceRef,
  AnnotationSummary,
  BoundaryImageMessage,
  MaskSummary,
  MemoryReport,
  MeshDecimation,
  MeshMessage,
  PrepareProjectomeRequest,
  ProjectomeSummary,
} from './compute-views-contract';

export type * from './compute-views-contract';

export const COMPUTE_WORKER_VERSION = 'compute-worker/2';

/** A density grid as Allen serves it (gzip NRRD, zip) or as the cache keeps it (compute/packed-grid.ts). */
export type DensityFormat = 'nrrd' | 'zip' | 'packed';

/** addEncodedToAggregate's outcome; `packed` when asked for: the grid's packed form, for the cache. */
export type EncodedAddOutcome = AddOutcome & { readonly packed?: Uint8Array };

export interface DecodedVolumeMessage {
  /** Float32Array buffer (density) or Uint32Array buffer (annotation), transferred. */
  readonly buffer: ArrayBuffer;
  readonly shape: GridShape;
}

export interface BeginAggregateParams extends AggregateParams {
  /** Grid of every volume that will be added (density: the 100 µm CCF grid). */
  readonly shape: GridShape;
  /** All candidate experiments with the metadata the plan needs (binning uses all of them). */
  readonly experiments: readonly AggregateExperiment[];
  /** Accumulator backend; default 'auto' (WebAssembly SIMD when available). */
  readonly backend?: 'auto' | 'simd' | 'scalar';
  /**
   * Set when the volumes will arrive through addEncodedToAggregate as gzip NRRDs or packed grids:
   * they are then written straight into WebAssembly memory and accumulated without a copy (measured ~6 % faster
   * for 100 grids, decode-bound). Leave unset when adding decoded arrays: the extra input slots
   * (~40 MB while running) and the copy of the means at finish would only cost.
   */
  readonly encodedInputs?: boolean;
  /**
   * The plan the caller made already (the worker's backend plans once per request, then begins
   * the accumulator with the groups that have no stored mean: selectGroups); default: plan here.
   */
  readonly plan?: AggregatePlan;
}

export interface AggregatePlanSummary {
  readonly key: string;
  readonly groups: readonly AggregateGroup[];
  readonly groupingAxis: GroupingAxis | null;
  /** Excluded at planning time (metadata) with the reason. */
  readonly excluded: readonly Exclusion[];
}

export interface AggregateSummary extends AggregatePlanSummary {
  readonly shape: GridShape;
  readonly backend: 'simd' | 'scalar';
  /** Wall time of finishAggregate in the worker, ms. */
  readonly finishMs: number;
}

export interface GroupVolumeMessage {
  /** Float32Array buffer of the group mean (a copy, transferred). NaN = no data. */
  readonly buffer: ArrayBuffer;
  readonly shape: GridShape;
}

export interface ComputeWorkerApi {
  ping(): 'pong';
  version(): string;
  /** Decode a density grid download (gzip NRRD or grid_data zip). Throws DecodeError text on bad bytes. */
  decodeDensity(bytes: ArrayBuffer, format: DensityFormat): DecodedVolumeMessage;
  /** Decode an annotation NRRD (uint32 labels; uint8/uint16 widened). */
  decodeAnnotation(bytes: ArrayBuffer): DecodedVolumeMessage;
  /** Plan groups and allocate accumulators; replaces an existing aggregate with the same key. */
  beginAggregate(key: string, params: BeginAggregateParams): AggregatePlanSummary;
  /** Add one decoded density grid (Float32Array buffer, transferred). */
  addToAggregate(key: string, experimentId: number, volume: ArrayBuffer): AddOutcome;
  /** The same for a typed array at any offset (the backend's own calls, no transfer). */
  addVolumeToAggregate(key: string, experimentId: number, volume: Float32Array): AddOutcome;
  /**
   * Install finished group means as a held aggregate (stored means restored from IndexedDB):
   * the means are taken as they are, nothing is re-averaged. Per-voxel counts are not known.
   */
  installAggregate(key: string, groups: readonly AggregateGroup[], means: readonly Float32Array[], shape: GridShape): AggregateSummary;
  /**
   * Decode then add in one call (saves a round trip and a transfer); gzip NRRDs and packed grids
   * are written straight into the accumulator's memory when the aggregate was begun with
   * encodedInputs. With `pack`, the outcome also carries the grid's packed form (for the cache:
   * the worker's own calls, ~5 ms a grid). Throws a DecodeError when the bytes are not a grid of
   * the aggregate's shape, leaving the experiment neither added nor failed (the caller downloads
   * again or calls markAggregateFailed).
   */
  addEncodedToAggregate(key: string, experimentId: number, bytes: ArrayBuffer | Uint8Array, format: DensityFormat, pack?: boolean): EncodedAddOutcome;
  /** Record that an experiment's volume could not be obtained (reported in the summary). */
  markAggregateFailed(key: string, experimentId: number, reason: string): void;
  finishAggregate(key: string): AggregateSummary;
  /**
   * Partial preview: keep the means of what aggregate `key` has received so far as a finished
   * aggregate under `snapshotKey` (replacing an older snapshot with that key); `key` keeps
   * running. Null when `key` is not in progress. Costs one pass over every group.
   */
  snapshotAggregate(key: string, snapshotKey: string): AggregateSummary | null;
  /** True when a finished aggregate with this key is held. */
  hasAggregate(key: string): boolean;
  /** Summary of a finished aggregate, or null. */
  getAggregateSummary(key: string): AggregateSummary | null;
  getGroupVolume(key: string, group: number): GroupVolumeMessage;
  dropAggregate(key: string): void;

  // Atlas data held in the worker (errors name the missing key and the call that creates it).
  /** Decode an annotation NRRD (100/50/25 µm; transfer the bytes) and keep it under `key`. */
  loadAnnotation(key: string, bytes: ArrayBuffer): AnnotationSummary;
  /** Same as loadAnnotation from the run-length form annotationRuns returned (transfer the bytes). */
  loadAnnotationRuns(key: string, bytes: ArrayBuffer): AnnotationSummary;
  /** Keeps labels already expanded elsewhere (the grid fetcher's expandAnnotation) under `key`. */
  holdAnnotation(key: string, labels: Uint32Array, shape: GridShape): AnnotationSummary;
  /**
   * Keeps an annotation as its run-length form (transfer the bytes) without expanding it: for
   * volumes too large to hold expanded (25 µm). It draws sections, boundaries and hover labels;
   * masks (regionMask) need an expanded annotation and say so.
   */
  holdAnnotationRuns(key: string, bytes: ArrayBuffer): AnnotationSummary;
  /** The held annotation, run-length encoded (compute/label-runs.ts), for the browser cache. */
  annotationRuns(key: string): ArrayBuffer;
  hasAnnotation(key: string): boolean;
  dropAnnotation(key: string): void;
  /**
   * Mask of the voxels whose label is one of `structureIds` (already expanded with descendants
   * by the caller) in `hemisphere`; kept under the returned maskKey (same inputs → same key).
   */
  regionMask(annotationKey: string, structureIds: Uint32Array, hemisphere: Hemisphere): MaskSummary;
  /** The held mask's stored form (compute/mask-record.ts; transferred), for the browser cache. */
  maskRecord(maskKey: string): ArrayBuffer;
  /**
   * Holds the mask stored in `record` (maskRecord's bytes, transfer them) under the key regionMask
   * gives these inputs, without the annotation being held; throws when the record is not that
   * mask's (compute/mask-record.ts's MaskRecordError).
   */
  holdMaskRecord(annotationKey: string, structureIds: Uint32Array, hemisphere: Hemisphere, record: ArrayBuffer): MaskSummary;
  hasMask(maskKey: string): boolean;
  dropMask(maskKey: string): void;
  /**
   * A user's label volume (NRRD in CCF space, 10/25/50/100 µm; compute/user-annotation.ts) read
   * from `file`, validated and reduced to 100 µm by majority label, held under `key` as an
   * annotation; returns what it holds and its run-length form (for the browser's storage).
   */
  importAnnotationVolume(key: string, file: Blob): Promise<{ info: UserAnnotationInfo; runs: ArrayBuffer; importMs: number }>;
  /**
   * Holds annotation `annotationKey` cut to mask `maskKey` (labels outside the mask → 0) as a new
   * annotation (key returned; regionMask on it gives label ∩ mask) and counts its labels.
   */
  cutAnnotationToMask(annotationKey: string, maskKey: string): { key: string; labels: UserLabel[] };
  /** Boundary image of the coronal section containing AP `apUm` (plus its label image if asked). */
  coronalBoundaries(annotationKey: string, apUm: number, includeLabels?: boolean): BoundaryImageMessage;
  sagittalBoundaries(annotationKey: string, mlUm: number, includeLabels?: boolean): BoundaryImageMessage;
  /**
   * The coronal sections a projectome draws for 100 µm AP indices apStart … apStart + apCount − 1
   * (each at the slice centre, a·100 + 50 µm): labels, the cells whose label is one of
   * `targetIds` (expanded with descendants by the caller), bounding boxes. Transferred.
   */
  coronalSectionStack(annotationKey: string, apStart: number, apCount: number, targetIds: Uint32Array): SectionStack;
  /** As coronalSectionStack along `plane`: start and count are 100 µm slice indices along its axis. */
  planeSectionStack(annotationKey: string, plane: SectionPlane, start: number, count: number, targetIds: Uint32Array): SectionStack;
  /** Leaf structure id at a CCF point (0 = outside the brain, null = outside the volume). */
  labelAt(annotationKey: string, apUm: number, dvUm: number, mlUm: number): number | null;
  /** Surface of a held mask; with `decimate`, lightened in the worker (vertex clustering). */
  isosurfaceFromMask(maskKey: string, opts?: IsosurfaceOptions & MeshDecimation): MeshMessage;

  // Views on finished aggregates (all groups unless a source list is given).
  computeSlices(aggregateKey: string, maskKey: string, params: SliceParams): SlicesResult;
  /** Threshold slice matrices (e.g. computeSlices(...).slices) sent back in. */
  thresholdSlices(slices: readonly ThresholdSliceInput[], params: ThresholdParams): ThresholdResult;
  connectivityMatrix(
    sources: readonly AggregateSourceRef[],
    targetMaskKeys: readonly string[],
    params?: MatrixParams,
    labels?: { sources?: readonly string[]; targets?: readonly string[] },
  ): ConnectivityMatrix;
  subregions(aggregateKey: string, children: readonly { maskKey: string; subregion: Subregion }[], params: SubregionParams): SubregionResult;
  /**
   * Holds the child masks as one label volume under `labelsKey` (later children win on overlap);
   * `extend` adds them to the volume already held there (batches of masks). The last two are kept.
   */
  holdSubregionLabels(labelsKey: string, children: readonly { maskKey: string; subregion: Subregion }[], extend: boolean): void;
  /**
   * One experiment's value per subregion (compute/subregion-experiments.ts): its raw grid
   * processed as the aggregate does, measured over held labels as subregions() is.
   */
  subregionExperimentRow(
    raw: Float32Array,
    shape: GridShape,
    processing: GridProcessing,
    labelsKey: string,
    subregions: readonly Subregion[],
    params: SubregionParams,
  ): ExperimentSubregionRow;
  /** Keep a projectome context (ceiling, target lists, markers) under `key`. */
  prepareProjectome(key: string, request: PrepareProjectomeRequest): ProjectomeSummary;
  /**
   * Everything the AP slider draws over the target's whole AP extent, once per prepared
   * projectome: per AP and source the slab mean ÷ ceiling (unclamped, cropped to the target's
   * box), per AP the draw order, target means, target box and visible dots. Transferred.
   */
  projectomeStack(key: string): ProjectomeStack;
  dropProjectome(key: string): void;
  /** Per AP index over the target and per source: target mean and max at that slice (projectome CSV). */
  projectomeStats(key: string): ProjectomeApStats;
  /** The unclamped slab means the frame at `apIndex` draws, at its target pixels (frame CSV). */
  projectomeSlab(key: string, apIndex: number): { readonly pixels: Int32Array; readonly values: Float32Array[] };
  /** Surface of group `group` at `threshold` (values > threshold inside). */
  isosurfaceFromAggregate(aggregateKey: string, group: number, threshold: number, opts?: IsosurfaceOptions & MeshDecimation): MeshMessage;
  /** bsv metadata CSV (RFC 4180 text). */
  metadataCsv(experiments: readonly MetadataExperiment[], options?: MetadataOptions): string;
  /** Bytes held by kind. */
  memoryReport(): MemoryReport;
}
