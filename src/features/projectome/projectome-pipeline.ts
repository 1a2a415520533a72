// Builds a projectome in the compute worker: the 50 µm annotation (target mask, boundaries),
// one mean volume per source (streamed: each volume goes to the worker as it arrives and is not
// kept here), then the prepared projectome context. The AP slider afterwards only asks the
// worker for one frame. Per-source aggregates are keyed by (source, line, normalisation,
// experiment ids), so adding a source or revisiting a link reuses what the worker holds.
import * as Comlink from 'comlink';
import type { AllenClient, AllenError, Ontology } from '../../allen/index.ts';
import type { Experiment, MouseLineFilter } from '../../allen/types.ts';
import { DENSITY_SHAPE } from '../../compute/grid.ts';
import type { VolumeCache } from '../../data/cache/index.ts';
import type { DownloadQueue, LoadStatus } from '../../data/download-queue.ts';
import type { ComputeWorkerApi, ProjectomeSummary } from '../../protocol/compute-contract.ts';
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
}

export interface PipelineCallbacks {
  readonly onPhase?: (phase: PipelinePhase) => void;
  readonly onStatus?: (status: LoadStatus) => void;
}

let annotationLoad: Promise<void> | null = null;

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

function aggregateKey(sourceId: number, req: ProjectomeRequest, ids: readonly number[]): string {
  const line = req.line.kind === 'line' ? `line:${req.line.name}` : req.line.kind;
  const hemi = req.subtractOtherHemisphere ? 'sub' : 'both';
  return `src:${sourceId}|${line}|${req.normalization}|${hemi}|${ids.join(',')}`;
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

  // One aggregate per source; finished ones are reused from the worker.
  const keys = assigned.sources.map((s) => aggregateKey(s.structure.id, req, s.experiments.map((e) => e.id)));
  const owner = new Map<number, number[]>();
  const pending: number[] = [];
  for (const [i, s] of assigned.sources.entries()) {
    const key = keys[i] ?? '';
    if (await worker.hasAggregate(key)) continue;
    pending.push(i);
    await worker.beginAggregate(key, {
      shape: DENSITY_SHAPE,
      experiments: s.experiments.map((e) => ({
        id: e.id,
        structureId: e.structureId,
        injectionCoordUm: e.injectionCoordUm,
        injectionVolumeMm3: e.injectionVolumeMm3,
      })),
      normalizationMethod: req.normalization === 'injection-volume' ? 'injectionVolume' : 'none',
      subtractOtherHemisphere: req.subtractOtherHemisphere,
      groupingMethod: 'none',
    });
    for (const e of s.experiments) owner.set(e.id, [...(owner.get(e.id) ?? []), i]);
  }

  const failed = new Map<number, string>();
  if (pending.length > 0) {
    cb.onPhase?.('volumes');
    const adds: Promise<unknown>[] = [];
    const result = await deps.queue.load([...owner.keys()], {
      signal,
      onStatus: cb.onStatus,
      onVolume: (v) => {
        for (const i of owner.get(v.experimentId) ?? []) {
          const buffer = ownBuffer(v.data);
          adds.push(worker.addToAggregate(keys[i] ?? '', v.experimentId, Comlink.transfer(buffer, [buffer])));
        }
      },
    });
    await Promise.all(adds);
    for (const [id, error] of result.failed) {
      failed.set(id, (error as AllenError).message);
      for (const i of owner.get(id) ?? []) await worker.markAggregateFailed(keys[i] ?? '', id, (error as AllenError).message);
    }
    cb.onPhase?.('averaging');
    for (const i of pending) await worker.finishAggregate(keys[i] ?? '');
  }

  const sources: SourceResult[] = [];
  for (const [i, s] of assigned.sources.entries()) {
    const summary = await worker.getAggregateSummary(keys[i] ?? '');
    const used = summary?.groups[0]?.usedExperimentIds ?? [];
    const own = new Map([...failed].filter(([id]) => s.experiments.some((e) => e.id === id)));
    sources.push({ acronym: s.structure.acronym, name: s.structure.name, structureId: s.structure.id, planned: s.experiments, usedIds: used, failed: own });
  }

  cb.onPhase?.('preparing');
  const injections = assigned.sources.flatMap((s, source) =>
    s.experiments.map((e) => ({ experimentId: e.id, source, coordUm: e.injectionCoordUm })),
  );
  const volumeOf = new Map(deps.experiments.map((e) => [e.id, e.injectionVolumeMm3]));
  const key = `proj:${target.id}|${keys.join('/')}|${req.sliceThickness}|${req.densityPercentile}`;
  const summary = await worker.prepareProjectome(key, {
    sources: keys.map((aggregateKey) => ({ aggregateKey, group: 0 })),
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
  };
}
