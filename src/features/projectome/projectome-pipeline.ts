// Builds a projectome in the compute worker: the 50 µm annotation (target mask, boundaries),
// one mean volume per source (one region-grouped aggregate, streamed: each volume goes to the
// worker as it arrives and is not kept here), then the prepared projectome context. The AP slider afterwards only asks the
// worker for one frame. The aggregate is keyed by (processing, every source's experiment ids),
// so revisiting a combination in the same session reuses what the worker holds.
import * as Comlink from 'comlink';
import type { AllenClient, AllenError, Ontology } from '../../allen/index.ts';
import type { Experiment, MouseLineFilter } from '../../allen/types.ts';
import { DENSITY_SHAPE } from '../../compute/grid.ts';
import type { VolumeCache } from '../../data/cache/index.ts';
import type { DownloadQueue, LoadStatus } from '../../data/download-queue.ts';
import type { ComputeWorkerApi, ProjectomeSummary } from '../../protocol/compute-contract.ts';
import { restoreAggregate, saveAggregate } from './aggregate-persistence.ts';
import { assignSources } from './assign-sources.ts';

export const ANNOTATION_RESOLUTION = 50;
const ANNOTATION_KEY = `annotation-${ANNOTATION_RESOLUTION}`;

export interface ProjectomeRequest {
  readonly target: string;
  readonly sources: readonly string[];
  readonly line: MouseLineFilter;
  readonly normalization: 'none' | 'injection-volume';
  readonly subtractOtherHemisphere: boolean;
  /** Experiments join a source by their primary injection structure only, or by any injected one. */
  readonly primaryOnly: boolean;
  readonly sliceThickness: number;
  readonly densityPercentile: number;
}

export interface PipelineDeps {
  readonly client: AllenClient;
  readonly cache: VolumeCache;
  readonly queue: DownloadQueue;
  readonly worker: Comlink.Remote<ComputeWorkerApi>;
  readonly ontology: Ontology;
  readonly experiments: readonly Experiment[];
}

export type PipelinePhase = 'atlas' | 'volumes' | 'averaging' | 'preparing';

export interface SourceResult {
  readonly acronym: string;
  readonly name: string;
  readonly structureId: number;
  readonly planned: readonly Experiment[];
  /** Experiments whose volume entered the mean (the denominator). */
  readonly usedIds: readonly number[];
  readonly failed: ReadonlyMap<number, string>;
}

export interface ProjectomeResult {
  readonly key: string;
  readonly summary: ProjectomeSummary;
  readonly annotationKey: string;
  readonly targetIds: ReadonlySet<number>;
  readonly targetName: string;
  readonly sources: readonly SourceResult[];
  /** Injection dots, same order as given to the worker. */
  readonly injections: ReadonlyArray<{ readonly experimentId: number; readonly source: number; readonly coordUm: readonly [number, number, number] }>;
  readonly unknownSources: readonly string[];
  /** Where the source means came from: held by the worker, restored from IndexedDB, or averaged now. */
  readonly aggregateFrom: 'worker' | 'restored' | 'computed';
}

export interface PipelineCallbacks {
  readonly onPhase?: (phase: PipelinePhase) => void;
  readonly onStatus?: (status: LoadStatus) => void;
}

let annotationLoad: Promise<void> | null = null;
/** Experiments each group's mean used, by aggregate key (restored aggregates hold placeholders). */
const usedByKey = new Map<string, number[][]>();

/** Loads the 50 µm annotation into the worker once (browser cache first). */
async function ensureAnnotation(deps: PipelineDeps, signal: AbortSignal): Promise<void> {
  if (await deps.worker.hasAnnotation(ANNOTATION_KEY)) return;
  annotationLoad ??= (async () => {
    const key = deps.cache.key('annotation', 'ccf2017', ANNOTATION_RESOLUTION);
    const cached = await deps.cache.get(key);
    let bytes: ArrayBuffer;
    if (cached) {
      bytes = cached.bytes.slice().buffer;
    } else {
      bytes = await deps.client.fetchAnnotation(ANNOTATION_RESOLUTION, { signal });
      await deps.cache.put(key, new Uint8Array(bytes), { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] });
    }
    await deps.worker.loadAnnotation(ANNOTATION_KEY, Comlink.transfer(bytes, [bytes]));
  })().finally(() => {
    annotationLoad = null;
  });
  await annotationLoad;
}

/** Key of the per-request aggregate: processing parameters and every group's experiment ids. */
function aggregateKey(targetId: number, req: ProjectomeRequest, groups: readonly string[]): string {
  const line = req.line.kind === 'line' ? `line:${req.line.name}` : req.line.kind;
  const hemi = req.subtractOtherHemisphere ? 'sub' : 'both';
  return `agg:${targetId}|${line}|${req.normalization}|${hemi}|${fnv1a(groups.join('/'))}|${groups.length}`;
}

/** 32-bit FNV-1a of a string, hex: keeps keys (and messages that quote them) short. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Copies a cache-hit view (which points into a larger stored record) into its own buffer. */
function ownBuffer(data: Float32Array): ArrayBuffer {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole ? (data.buffer as ArrayBuffer) : data.slice().buffer;
}

export async function buildProjectome(
  deps: PipelineDeps,
  req: ProjectomeRequest,
  signal: AbortSignal,
  cb: PipelineCallbacks = {},
): Promise<ProjectomeResult> {
  const { ontology, worker } = deps;
  const target = ontology.byAcronym(req.target);
  if (!target) throw new Error(`"${req.target}" is not a structure in the Allen ontology.`);
  const assigned = assignSources(req.sources, deps.experiments, ontology, req.line, req.primaryOnly);
  if (assigned.sources.length === 0) throw new Error('Choose at least one source region.');

  cb.onPhase?.('atlas');
  await ensureAnnotation(deps, signal);
  const targetIds = ontology.expand([target.id]);
  const mask = await worker.regionMask(ANNOTATION_KEY, Uint32Array.from(targetIds), 'both');
  if (!mask.extent) throw new Error(`${target.acronym} has no voxels in the ${ANNOTATION_RESOLUTION} µm annotation.`);
  signal.throwIfAborted();

  // One aggregate with a region group per source (the worker caps how many aggregates it holds);
  // a finished one with the same key is reused from the worker.
  const key0 = aggregateKey(target.id, req, assigned.sources.map((s) => `${s.structure.id}:${s.experiments.map((e) => e.id).join(',')}`));
  const all = assigned.sources.flatMap((s) => s.experiments);
  const failed = new Map<number, string>();
  const labels = assigned.sources.map((s) => s.structure.acronym);
  let aggregateFrom: ProjectomeResult['aggregateFrom'] = 'worker';
  if (!(await worker.hasAggregate(key0))) {
    const restored = await restoreAggregate(deps.cache, worker, key0, labels).catch(() => null);
    if (restored) {
      usedByKey.set(key0, restored);
      aggregateFrom = 'restored';
    } else aggregateFrom = 'computed';
  }
  if (!(await worker.hasAggregate(key0))) {
    await worker.beginAggregate(key0, {
      shape: DENSITY_SHAPE,
      experiments: all.map((e) => ({
        id: e.id,
        structureId: e.structureId,
        injectionCoordUm: e.injectionCoordUm,
        injectionVolumeMm3: e.injectionVolumeMm3,
      })),
      normalizationMethod: req.normalization === 'injection-volume' ? 'injectionVolume' : 'none',
      subtractOtherHemisphere: req.subtractOtherHemisphere,
      groupingMethod: 'region',
      regionGroups: assigned.sources.map((s) => ({ label: s.structure.acronym, experimentIds: s.experiments.map((e) => e.id) })),
    });
    cb.onPhase?.('volumes');
    const adds: Promise<unknown>[] = [];
    try {
      const result = await deps.queue.load(all.map((e) => e.id), {
        signal,
        onStatus: cb.onStatus,
        onVolume: (v) => {
          const buffer = ownBuffer(v.data);
          adds.push(worker.addToAggregate(key0, v.experimentId, Comlink.transfer(buffer, [buffer])));
        },
      });
      await Promise.all(adds);
      for (const [id, error] of result.failed) {
        failed.set(id, (error as AllenError).message);
        await worker.markAggregateFailed(key0, id, (error as AllenError).message);
      }
      cb.onPhase?.('averaging');
      const finished = await worker.finishAggregate(key0);
      const used = finished.groups.map((g) => [...g.usedExperimentIds]);
      usedByKey.set(key0, used);
      // Persisting is an optimisation: a failure (quota…) is reported by the cache, not here.
      // An aggregate that is missing experiments is not kept, so a later visit retries them.
      if (result.failed.size === 0) await saveAggregate(deps.cache, worker, key0, used).catch(() => undefined);
    } catch (e) {
      await worker.dropAggregate(key0);
      throw e;
    }
  }
  const aggregate = usedByKey.has(key0) ? null : await worker.getAggregateSummary(key0);
  const usedIds = usedByKey.get(key0) ?? aggregate?.groups.map((g) => [...g.usedExperimentIds]) ?? [];
  const sources: SourceResult[] = assigned.sources.map((s, i) => ({
    acronym: s.structure.acronym,
    name: s.structure.name,
    structureId: s.structure.id,
    planned: s.experiments,
    usedIds: usedIds[i] ?? [],
    failed: new Map([...failed].filter(([id]) => s.experiments.some((e) => e.id === id))),
  }));

  cb.onPhase?.('preparing');
  const injections = assigned.sources.flatMap((s, source) =>
    s.experiments.map((e) => ({ experimentId: e.id, source, coordUm: e.injectionCoordUm })),
  );
  const volumeOf = new Map(deps.experiments.map((e) => [e.id, e.injectionVolumeMm3]));
  const key = `proj:${key0}|${req.sliceThickness}|${req.densityPercentile}`;
  const summary = await worker.prepareProjectome(key, {
    sources: assigned.sources.map((_, group) => ({ aggregateKey: key0, group })),
    maskKey: mask.maskKey,
    injections: injections.map((d) => ({
      apUm: d.coordUm[0],
      dvUm: d.coordUm[1],
      mlUm: d.coordUm[2],
      volumeMm3: volumeOf.get(d.experimentId) ?? Number.NaN,
      source: d.source,
    })),
    params: { sliceThickness: req.sliceThickness, densityPercentile: req.densityPercentile },
  });
  return {
    key,
    summary,
    annotationKey: ANNOTATION_KEY,
    targetIds,
    targetName: target.name,
    sources,
    injections,
    unknownSources: assigned.unknown,
    aggregateFrom,
  };
}
