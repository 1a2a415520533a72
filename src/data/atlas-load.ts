// The CCF 2017 annotation volumes in the compute worker, and region masks made from them.
// Two resolutions, two jobs (DESIGN §4):
// - NUMERIC (100 µm, annotation_100): every number — matrix cells, slice bins and region means,
//   projectome target means and ceiling, thresholds, subregions — uses the exact 100 µm mask of a
//   structure and all its descendants, each voxel wholly in or out, on the density grid's own
//   voxels (as AllenSDK and bsv do with 100 µm grids).
// - DRAWING (50 µm, annotation_50): crisp boundaries, outlines and surfaces only.
// Each annotation is loaded into the worker once per session (browser cache first, else
// downloaded). One load per resolution is shared by every caller and is not tied to any caller's
// signal: a caller that aborts (its query changed, a StrictMode remount, the prefetch) stops
// waiting while the load carries on for the others.
import * as Comlink from 'comlink';
import { raceAbort } from '../allen/http.ts';
import type { AllenClient, Ontology } from '../allen/index.ts';
import type { Hemisphere } from '../compute/atlas-masks.ts';
import type { ComputeWorkerApi, MaskSummary } from '../protocol/compute-contract.ts';
import type { VolumeCache } from './cache/index.ts';

export type AtlasResolution = 100 | 50;
/** The annotation every number is computed with: the density grid's own 100 µm. */
export const NUMERIC_RESOLUTION = 100;
/** The annotation boundaries and surfaces are drawn from. */
export const DRAWING_RESOLUTION = 50;

export const annotationKey = (resolution: AtlasResolution): string => `annotation-${resolution}`;

export interface AtlasDeps {
  readonly client: AllenClient;
  readonly cache: VolumeCache;
  readonly worker: Comlink.Remote<ComputeWorkerApi>;
}

const loads = new Map<AtlasResolution, Promise<void>>();
const loadedInto = new Map<AtlasResolution, WeakSet<object>>();

/** Loads the annotation at `resolution` into the worker (once per session); resolves to its key. */
export async function ensureAnnotation(deps: AtlasDeps, signal: AbortSignal, resolution: AtlasResolution = DRAWING_RESOLUTION): Promise<string> {
  signal.throwIfAborted();
  const key = annotationKey(resolution);
  const into = loadedInto.get(resolution) ?? new WeakSet<object>();
  loadedInto.set(resolution, into);
  // A worker this page never loaded the atlas into cannot hold it, so the first load does not
  // ask: the answer would wait for the worker to start, on a first frame's critical path.
  if (into.has(deps.worker) && (await deps.worker.hasAnnotation(key))) return key;
  let load = loads.get(resolution);
  if (!load) {
    load = loadAnnotation(deps, resolution)
      .then(() => void into.add(deps.worker))
      .finally(() => loads.delete(resolution));
    loads.set(resolution, load);
  }
  await raceAbort(load, signal, () => signal.reason as unknown);
  return key;
}

/**
 * The atlas from the cache's run-length form (written after the first load: a smaller record that
 * expands 3–5× faster than the gzip NRRD inflates), else from the cached or downloaded NRRD.
 */
async function loadAnnotation(deps: AtlasDeps, resolution: AtlasResolution): Promise<void> {
  const key = annotationKey(resolution);
  const runsKey = deps.cache.key('annotation', 'ccf2017-runs', resolution);
  const t0 = performance.now();
  const runs = await deps.cache.get(runsKey);
  if (runs) {
    const bytes = runs.bytes.slice().buffer;
    const t1 = performance.now();
    try {
      const { decodeMs } = await deps.worker.loadAnnotationRuns(key, Comlink.transfer(bytes, [bytes]));
      performance.measure(`bsv:atlas${resolution}-read`, { start: t0, end: t1 });
      performance.measure(`bsv:atlas${resolution}-to-worker`, { start: t1, end: performance.now() });
      performance.measure(`bsv:atlas${resolution}-decode-in-worker`, { start: t1, duration: decodeMs });
      return;
    } catch {
      // passed the checksum but does not expand (an older encoder): rebuild it from the NRRD
      await deps.cache.delete(runsKey);
    }
  }
  const nrrdKey = deps.cache.key('annotation', 'ccf2017', resolution);
  const cached = await deps.cache.get(nrrdKey);
  let bytes: ArrayBuffer;
  if (cached) {
    bytes = cached.bytes.slice().buffer;
  } else {
    bytes = await deps.client.fetchAnnotation(resolution);
    await deps.cache.put(nrrdKey, new Uint8Array(bytes), { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] });
  }
  const t2 = performance.now();
  const { decodeMs } = await deps.worker.loadAnnotation(key, Comlink.transfer(bytes, [bytes]));
  performance.measure(cached ? `bsv:atlas${resolution}-read` : `bsv:atlas${resolution}-download`, { start: t0, end: t2 });
  performance.measure(`bsv:atlas${resolution}-to-worker`, { start: t2, end: performance.now() });
  performance.measure(`bsv:atlas${resolution}-decode-in-worker`, { start: t2, duration: decodeMs });
  // Encoding takes the worker ~50 ms at 50 µm: leave it until the first frame has been asked for.
  setTimeout(() => void cacheAnnotationRuns(deps, key, runsKey), RUNS_WRITE_DELAY_MS);
}

const RUNS_WRITE_DELAY_MS = 2000;

async function cacheAnnotationRuns(deps: AtlasDeps, key: string, runsKey: string): Promise<void> {
  try {
    if (!(await deps.worker.hasAnnotation(key))) return;
    const runs = await deps.worker.annotationRuns(key);
    await deps.cache.put(runsKey, new Uint8Array(runs), { dtype: 'uint8', dims: [runs.byteLength, 1, 1] });
  } catch {
    // optional: the next visit reads the NRRD again
  }
}

export type RegionMask = MaskSummary & { readonly structureIds: ReadonlySet<number>; readonly resolutionUm: AtlasResolution };

/**
 * Mask of a structure and all its descendants at `resolution` (kept in the worker). Numbers use
 * NUMERIC_RESOLUTION. Throws a message naming the acronym when it is unknown or has no voxel.
 */
export async function regionMaskFor(
  deps: AtlasDeps,
  ontology: Ontology,
  acronym: string,
  signal: AbortSignal,
  hemisphere: Hemisphere = 'both',
  resolution: AtlasResolution = NUMERIC_RESOLUTION,
): Promise<RegionMask> {
  const structure = ontology.byAcronym(acronym);
  if (!structure) throw new Error(`"${acronym}" is not a structure in the Allen ontology.`);
  const key = await ensureAnnotation(deps, signal, resolution);
  signal.throwIfAborted();
  const structureIds = ontology.expand([structure.id]);
  const mask = await deps.worker.regionMask(key, Uint32Array.from(structureIds), hemisphere);
  if (!mask.extent) throw new Error(`${structure.acronym} has no voxels in the ${resolution} µm annotation.`);
  return { ...mask, structureIds, resolutionUm: resolution };
}
