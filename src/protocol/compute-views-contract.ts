// Message types of the compute worker methods that run on data held in the worker: atlas
// annotations and masks, finished aggregates, projectome contexts. All coordinates are CCF µm
// (AP, DV, ML); all volumes keep Allen's memory order (AP fastest). Buffers in results are
// transferred to the caller and are never views of worker-held data.
import type { SectionPlane } from '../compute/section-plane';
import type { Hemisphere, MaskExtent } from '../compute/atlas-masks';
import type { GridShape } from '../compute/grid';
import type { ProjectomeInjection, ProjectomeParams } from '../compute/projectome';

export interface AnnotationSummary {
  readonly key: string;
  readonly shape: GridShape;
  readonly bytes: number;
  /** Time the worker spent decoding (gunzip + labels), ms; the rest of the call is queueing. */
  readonly decodeMs: number;
}

export interface MaskSummary {
  /** Key under which the worker holds the mask; derived from annotation key, ids and hemisphere. */
  readonly maskKey: string;
  readonly shape: GridShape;
  /** Voxel and CCF µm bounding box; null when no voxel of the annotation has one of the ids. */
  readonly extent: MaskExtent | null;
  readonly voxelCount: number;
}

export interface BoundaryImageMessage {
  /** Voxel index of the cut along AP (coronal) or ML (sagittal). */
  readonly index: number;
  readonly width: number;
  readonly height: number;
  /** Uint8Array buffer, row-major, 1 = structure boundary pixel (transferred). */
  readonly boundaries: ArrayBuffer;
  /** Uint32Array buffer of leaf labels, same layout (only when requested). */
  readonly labels: ArrayBuffer | null;
}

/** One source volume: group `group` of finished aggregate `aggregateKey`. */
export interface AggregateSourceRef {
  readonly aggregateKey: string;
  readonly group: number;
}

export interface PrepareProjectomeRequest {
  /** One entry per source drawn (usually all groups of one region-grouped aggregate). */
  readonly sources: readonly AggregateSourceRef[];
  readonly maskKey: string;
  readonly injections: readonly ProjectomeInjection[];
  readonly params?: ProjectomeParams;
  /** Sections along this plane (compute/section-plane.ts); coronal when absent. */
  readonly plane?: SectionPlane;
}

export interface ProjectomeSummary {
  readonly key: string;
  readonly sources: number;
  /** Rows and columns of every alpha map (coronal: DV, ML; see compute/section-plane.ts). */
  readonly rows: number;
  readonly cols: number;
  readonly apRange: readonly [number, number];
  /** The slice index shown when the link names no position (compute/opening-slice.ts); −1 when apRange is. */
  readonly openAp: number;
  readonly ceiling: number;
  readonly markerSizes: Float32Array;
}

/** Vertex-clustering decimation (compute/mesh-decimate.ts) of meshes with more than maxTriangles. */
export interface MeshDecimation {
  readonly decimate?: { readonly cellUm: number; readonly maxTriangles: number };
}

export interface MeshMessage {
  /** Float32Array xyz in CCF µm [AP, DV, ML]; normals likewise; Uint32Array triangles. */
  readonly positions: ArrayBuffer;
  readonly normals: ArrayBuffer;
  readonly indices: ArrayBuffer;
  readonly vertexCount: number;
  readonly triangleCount: number;
  /** Triangles out of marching cubes, before any decimation; and the worker's time for both (ms). */
  readonly sourceTriangleCount: number;
  readonly isosurfaceMs: number;
  readonly decimateMs: number;
}

export interface MemoryReport {
  readonly aggregates: { readonly count: number; readonly inProgress: number; readonly bytes: number };
  readonly annotations: { readonly count: number; readonly bytes: number };
  readonly masks: { readonly count: number; readonly bytes: number };
  /** Bytes of projectome indices/frames only; the source volumes belong to their aggregates. */
  readonly projectomes: { readonly count: number; readonly bytes: number };
  /** WebAssembly memory kept for the next aggregate's accumulator (input slots + sums). */
  readonly accumulatorPool: { readonly bytes: number };
  /** Held bytes above (in-progress aggregates' accumulators are not counted). */
  readonly totalBytes: number;
}

export interface ComputeMemoryCaps {
  readonly maxFinishedAggregates: number;
  /** Aggregates in progress (each holds its accumulator: ~40 MB + 9.6 MB per group at 100 µm). */
  readonly maxRunningAggregates: number;
  readonly maxAnnotations: number;
  readonly maxAnnotationBytes: number;
  readonly maxMasks: number;
  readonly maxMaskBytes: number;
  readonly maxProjectomes: number;
}

export type { Hemisphere };
