// The grid fetcher's API (GridFetchApi, src/protocol/grid-fetch-contract.ts), DOM-free and tested
// in Node: downloads one density grid with the Allen client (retries, per-host cap) and, when it
// decodes to a whole 132×80×114 grid, packs it (compute/packed-grid.ts) — the form the compute
// worker unpacks straight into its accumulator and the cache stores — so inflating the download
// happens on this thread, not the compute worker's. Bytes that do not decode are handed on as
// downloaded: the compute worker's decode then fails as before and the queue asks the zip route.
// Jobs are cancelled here directly by the main thread (see the contract). It also expands the
// atlas's labels for the compute worker, from cached runs or a downloaded NRRD (expandAnnotation).
import * as Comlink from 'comlink';
// errors.ts and grid-client.ts, not the allen barrel: the barrel's JSON endpoints bring zod's row
// schemas, which this thread never uses (their evaluation cost the fetcher's start ~25 ms of CPU)
import { createAllenGridClient, type AllenGridClient } from '../allen/grid-client.ts';
import { AllenError } from '../allen/errors.ts';
import { decodeDensityNrrdInto } from '../compute/decode-into.ts';
import { decodeAnnotationNrrd, decodeDensity } from '../compute/decode-volume.ts';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import { decodeLabelRuns } from '../compute/label-runs.ts';
import { packGrid } from '../compute/packed-grid.ts';
import {
  GRID_FETCH_VERSION,
  type ExpandedLabels,
  type FetchedGrid,
  type GridFetchApi,
  type GridFetchConfig,
  type GridProgressSink,
} from '../protocol/grid-fetch-contract.ts';

const DENSITY_VOXELS = voxelCount(DENSITY_SHAPE);
/** The least time between two progress calls of one grid (ms). */
export const PROGRESS_EVERY_MS = 100;
/** Cancelled job ids remembered (a job's fetch asked after its cancel is refused). */
const CANCELLED_KEPT = 256;

export interface GridFetchOptions {
  /** Tests inject a scripted client; else one is made by configure(). */
  readonly client?: AllenGridClient;
}

const jobOf = (tag: string): string => tag.split('|')[0] ?? tag;

function cancelledError(experimentId: number): AllenError {
  return new AllenError({ kind: 'aborted', what: `Download of experiment ${experimentId}`, detail: 'the load was cancelled', url: '', experimentId });
}

function errorInit(e: unknown, experimentId: number): Omit<ConstructorParameters<typeof AllenError>[0], 'cause'> {
  if (e instanceof AllenError)
    return { kind: e.kind, what: e.what, detail: e.detail, url: e.url, status: e.status, experimentId: e.experimentId ?? experimentId, attempts: e.attempts };
  return { kind: 'network', what: `Download of experiment ${experimentId}`, detail: e instanceof Error ? e.message : String(e), url: '', experimentId };
}

/** One grid's voxels, reused: a gzip NRRD inflates straight into it (no 4.8 MB array per grid to collect). */
let scratch: Float32Array | null = null;

/** The downloaded bytes packed, or null when they are not a whole density grid. */
function packed(bytes: ArrayBuffer, format: 'nrrd' | 'zip'): ArrayBuffer | null {
  try {
    scratch ??= new Float32Array(DENSITY_VOXELS);
    // the float32 gzip NRRD Allen serves inflates into the scratch; anything else decodes the long way
    const into = format === 'nrrd' ? decodeDensityNrrdInto(bytes, scratch) : null;
    const { data, shape } = into ? { data: scratch, shape: into } : decodeDensity(bytes, format);
    if (data.length !== DENSITY_VOXELS) return null;
    const out = packGrid(data, shape);
    return out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? (out.buffer as ArrayBuffer) : out.slice().buffer;
  } catch {
    return null;
  }
}

export function createGridFetchApi(options: GridFetchOptions = {}): GridFetchApi {
  let client: AllenGridClient | null = options.client ?? null;
  /** In-flight fetches by tag. */
  const inFlight = new Map<string, Set<AbortController>>();
  const cancelled = new Set<string>();
  let sink: GridProgressSink | null = null;

  const abortWhere = (match: (tag: string) => boolean): void => {
    for (const [tag, ctls] of inFlight) if (match(tag)) for (const c of ctls) c.abort();
  };

  const api: GridFetchApi = {
    version: () => GRID_FETCH_VERSION,
    configure(config: GridFetchConfig) {
      if (!options.client)
        client = createAllenGridClient({
          apiBase: config.apiBase,
          downloadBase: config.downloadBase,
          ...(config.maxConcurrentPerHost !== undefined ? { maxConcurrentPerHost: config.maxConcurrentPerHost } : {}),
        });
    },
    attach(port) {
      Comlink.expose(api, port);
    },
    setProgressSink(s) {
      sink = s;
    },
    async fetchGrid(experimentId, route, tag, progress): Promise<FetchedGrid> {
      if (!client) throw new Error('the grid fetcher was not configured: call configure() first');
      if (cancelled.has(jobOf(tag)) || cancelled.has(tag)) return { ok: false, error: errorInit(cancelledError(experimentId), experimentId) };
      const ctl = new AbortController();
      const set = inFlight.get(tag) ?? new Set<AbortController>();
      set.add(ctl);
      inFlight.set(tag, set);
      try {
        // each progress call is a message to the compute worker and one back: at most one per
        // PROGRESS_EVERY_MS (a grid that arrives sooner sends none; its statuses say enough)
        const to = progress === true ? sink : null;
        let lastProgress = performance.now();
        const onProgress = (received: number, total: number | null): void => {
          const now = performance.now();
          if (!to || now - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = now;
          void to(tag, experimentId, received, total);
        };
        const got = await client.fetchDensityGrid(experimentId, { signal: ctl.signal, route, ...(to ? { onProgress } : {}) });
        if (ctl.signal.aborted) return { ok: false, error: errorInit(cancelledError(experimentId), experimentId) };
        const t0 = performance.now();
        const pack = packed(got.bytes, got.format);
        performance.measure('bsv:fetch-pack', { start: t0, end: performance.now() });
        const bytes = pack ?? got.bytes;
        const result: FetchedGrid = {
          ok: true,
          experimentId,
          format: pack ? 'packed' : got.format,
          bytes,
          url: got.url,
          downloadedBytes: got.bytes.byteLength,
        };
        return Comlink.transfer(result, [bytes]);
      } catch (e) {
        return { ok: false, error: errorInit(ctl.signal.aborted ? cancelledError(experimentId) : e, experimentId) };
      } finally {
        set.delete(ctl);
        if (set.size === 0) inFlight.delete(tag);
      }
    },
    cancel(jobId) {
      cancelled.add(jobId);
      if (cancelled.size > CANCELLED_KEPT) cancelled.delete(cancelled.values().next().value as string);
      abortWhere((tag) => jobOf(tag) === jobId);
    },
    cancelTag(tag) {
      cancelled.add(tag);
      if (cancelled.size > CANCELLED_KEPT) cancelled.delete(cancelled.values().next().value as string);
      abortWhere((t) => t === tag);
    },
    expandAnnotation(bytes, form) {
      if (!(bytes instanceof ArrayBuffer)) throw new TypeError('expandAnnotation needs the annotation as an ArrayBuffer');
      if (form !== 'runs' && form !== 'nrrd') throw new TypeError(`expandAnnotation: unknown form ${String(form)}`);
      const t0 = performance.now();
      const { data, shape } = form === 'runs' ? decodeLabelRuns(bytes) : decodeAnnotationNrrd(bytes);
      const out: ExpandedLabels = { labels: data.buffer as ArrayBuffer, shape, ms: performance.now() - t0 };
      return Comlink.transfer(out, [out.labels]);
    },
  };
  return api;
}
