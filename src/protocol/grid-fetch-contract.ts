// Typed comlink contract of the grid fetcher (workers/fetch.worker.ts, src/backend/grid-fetch-api.ts):
// a second worker that downloads density grids and packs them (compute/packed-grid.ts), so the
// compute worker's thread — busy for hundreds of ms at a time with previews, stacks and means —
// neither holds up the network nor delays a cancellation. The compute worker's download queue
// asks it for one grid at a time over a MessagePort; the main thread holds a second endpoint
// only to cancel jobs (services.ts), which then stop at once, whatever the compute worker is doing.
//
// Jobs: every fetch carries a tag "<jobId>|<n>" (the compute job that asked, and which load of
// it). cancel(jobId) aborts the job's fetches in flight and refuses its later ones;
// cancelTag(tag) aborts one load's. Errors are returned, not thrown, so an AllenError keeps its
// kind, status and experiment id across the thread boundary.
//
// The same thread also expands the atlas's labels (expandAnnotation): from the cached label runs
// on a warm start, when it has no grid to download and the compute worker is then free to average;
// from the downloaded gzip NRRD on a cold one (~0.6 s at 50 µm), which on the compute worker's
// thread held up the download queue it runs (no grid asked for, none received, meanwhile).
import type { AllenErrorInit } from '../allen/errors';
import type { GridShape } from '../compute/grid';

export const GRID_FETCH_VERSION = 'grid-fetch/4';

/**
 * Where a fetcher sends the bytes received of the grids it fetches: one sink for its lifetime (a
 * Comlink.proxy, set once), not a callback per grid, whose port each grid opened and released
 * with a round trip of its own (~1 ms of the fetcher's thread per grid).
 */
export type GridProgressSink = (tag: string, experimentId: number, received: number, total: number | null) => void;

export interface GridFetchConfig {
  readonly apiBase: string;
  readonly downloadBase: string;
  /** Requests on the wire per host (default 4); a pool of n fetchers shares the cap (services.ts). */
  readonly maxConcurrentPerHost?: number;
}

/** As downloaded (nrrd, zip), or packed here when it decoded to a whole 132×80×114 grid. */
export type FetchedGridFormat = 'nrrd' | 'zip' | 'packed';

export type FetchedGrid =
  | {
      readonly ok: true;
      readonly experimentId: number;
      readonly format: FetchedGridFormat;
      /** Transferred. */
      readonly bytes: ArrayBuffer;
      readonly url: string;
      /** Bytes on the wire (before packing). */
      readonly downloadedBytes: number;
    }
  | { readonly ok: false; readonly error: Omit<AllenErrorInit, 'cause'> };

/** The stored or downloaded forms of an annotation a fetcher expands: label runs, or the gzip NRRD. */
export type AnnotationForm = 'runs' | 'nrrd';

/** An annotation's labels, expanded by the fetcher. */
export interface ExpandedLabels {
  /** Transferred: nx·ny·nz uint32 structure ids, AP fastest (compute/label-runs.ts decodeLabelRuns, compute/decode-volume.ts decodeAnnotationNrrd). */
  readonly labels: ArrayBuffer;
  readonly shape: GridShape;
  /** Time the expansion took on the fetcher's thread (ms). */
  readonly ms: number;
}

export interface GridFetchApi {
  version(): string;
  configure(config: GridFetchConfig): void;
  /** Another endpoint for the same fetcher (the compute worker's MessagePort). */
  attach(port: MessagePort): void;
  /** Where progress goes (set once, before fetching); without a sink none is sent. */
  setProgressSink(sink: GridProgressSink): void;
  /**
   * One grid (route as allen/grids.ts DownloadOptions); with `progress`, the bytes received and
   * the total when known go to the progress sink, at most every PROGRESS_EVERY_MS.
   */
  fetchGrid(experimentId: number, route: 'auto' | 'zip', tag: string, progress?: boolean): Promise<FetchedGrid>;
  /** Aborts job `jobId`'s fetches and refuses its later ones. */
  cancel(jobId: string): void;
  /** Aborts the fetches of one load (tag as given to fetchGrid). */
  cancelTag(tag: string): void;
  /**
   * Expands an annotation (transfer `bytes`) into its dense labels: its label runs
   * (compute/label-runs.ts) or its gzip NRRD (compute/decode-volume.ts). Throws (LabelRunsError, or
   * the NRRD decoder's error, by name across the boundary) when the bytes do not expand.
   */
  expandAnnotation(bytes: ArrayBuffer, form: AnnotationForm): ExpandedLabels;
}
