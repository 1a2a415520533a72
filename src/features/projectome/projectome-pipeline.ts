// Builds a projectome in the worker: the 100 µm target mask (every number: target means, maxima,
// the colour ceiling), the 50 µm annotation (drawn boundaries and target shading only), one mean
// volume per source (one region-grouped aggregate, built and held by the worker and shared with
// the other views), then the prepared projectome context. Each part is a worker job that
// `signal` cancels. The canvas then asks the worker once for what the AP slider draws over the
// target's whole extent (projectome-stage.ts); an AP step never asks the worker again.
import * as Comlink from 'comlink';
import { assignSources, type Ontology } from '../../allen/index.ts';
import type { Experiment, MouseLineFilter } from '../../allen/types.ts';
import type { Exclusion, Normalization } from '../../compute/aggregate-plan.ts';
import { DRAWING_RESOLUTION, NUMERIC_RESOLUTION, aggregateRequest, annotationKey, type AggregateSpec } from '../../data/queries.ts';
import { getComputeWorker, workerJob } from '../../data/services.ts';
import type { ProjectomeSummary } from '../../protocol/compute-contract.ts';
import type { DataEvent, GridStatus } from '../../protocol/data-contract.ts';
import type { SectionPlane } from '../../compute/section-plane.ts';

export interface ProjectomeRequest {
  readonly target: string;
  readonly sources: readonly string[];
  readonly line: MouseLineFilter;
  readonly normalization: Normalization;
  readonly subtractOtherHemisphere: boolean;
  /** Experiments join a source by their primary injection structure only, or by any injected one. */
  readonly primaryOnly: boolean;
  /** The Products filter; [] = every product. */
  readonly products: readonly number[];
  readonly sliceThickness: number;
  readonly densityPercentile: number;
  /** The section plane (slices along AP, ML or DV); part of every key of the result. */
  readonly plane: SectionPlane;
}

export interface PipelineDeps {
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
  /** Left out before averaging (e.g. no injection record under injection-volume normalisation). */
  readonly excluded: ReadonlyArray<{ readonly experimentId: number; readonly reason: string }>;
}

export interface ProjectomeResult {
  readonly key: string;
  /**
   * Same for results that differ only in the colour ceiling (density percentile): their stacks
   * (slab means ÷ ceiling) differ by a factor, so the renderer keeps its data and changes a gain.
   */
  readonly stackKey: string;
  readonly summary: ProjectomeSummary;
  /** The plane the stack and summary are cut along ("AP index" = slice index along its axis). */
  readonly plane: SectionPlane;
  readonly annotationKey: string;
  readonly targetIds: ReadonlySet<number>;
  readonly targetName: string;
  readonly sources: readonly SourceResult[];
  /** Injection dots, same order as given to the worker. */
  readonly injections: ReadonlyArray<{ readonly experimentId: number; readonly source: number; readonly coordUm: readonly [number, number, number] }>;
  readonly unknownSources: readonly string[];
  /** Where the source means came from: held by the worker, restored from IndexedDB, or averaged now. */
  readonly aggregateFrom: 'worker' | 'restored' | 'computed';
  /** Set on previews drawn while volumes still arrive: volumes averaged so far of those planned. */
  readonly partial?: { readonly received: number; readonly total: number };
}

export interface PipelineCallbacks {
  readonly onPhase?: (phase: PipelinePhase) => void;
  readonly onStatus?: (status: GridStatus) => void;
  readonly retryFailed?: boolean;
  /** Previews while volumes arrive (DataEvent 'partial'), at most every PARTIAL_EVERY_MS. */
  readonly onPartial?: (preview: ProjectomeResult) => void;
}

/** How often a preview of the means so far is drawn while volumes arrive. */
export const PARTIAL_EVERY_MS = 750;

export async function buildProjectome(deps: PipelineDeps, req: ProjectomeRequest, signal: AbortSignal, cb: PipelineCallbacks = {}): Promise<ProjectomeResult> {
  const { ontology } = deps;
  const worker = getComputeWorker();
  const target = ontology.byAcronym(req.target);
  if (!target) throw new Error(`"${req.target}" is not a structure in the Allen ontology.`);
  const assigned = assignSources(req.sources, deps.experiments, ontology, req.line, req.primaryOnly, req.products);
  if (assigned.sources.length === 0) throw new Error('Choose at least one source region.');

  cb.onPhase?.('atlas');
  const injections = assigned.sources.flatMap((s, source) => s.experiments.map((e) => ({ experimentId: e.id, source, coordUm: e.injectionCoordUm })));
  const volumeOf = new Map(deps.experiments.map((e) => [e.id, e.injectionVolumeMm3]));
  /** Prepares the projectome context of group means held under `aggregateKey`. */
  const prepare = async (
    aggregateKey: string,
    maskKey: string,
    key: string,
    usedIds: readonly (readonly number[])[],
    failed: ReadonlyMap<number, string>,
    excluded: readonly Exclusion[] = [],
  ): Promise<Omit<ProjectomeResult, 'aggregateFrom' | 'targetIds'>> => {
    const summary = await worker.prepareProjectome(key, {
      sources: assigned.sources.map((_, group) => ({ aggregateKey, group })),
      maskKey,
      injections: injections.map((d) => ({
        apUm: d.coordUm[0],
        dvUm: d.coordUm[1],
        mlUm: d.coordUm[2],
        volumeMm3: volumeOf.get(d.experimentId) ?? Number.NaN,
        source: d.source,
      })),
      params: { sliceThickness: req.sliceThickness, densityPercentile: req.densityPercentile },
      plane: req.plane,
    });
    const sources: SourceResult[] = assigned.sources.map((s, i) => ({
      acronym: s.structure.acronym,
      name: s.structure.name,
      structureId: s.structure.id,
      planned: s.experiments,
      usedIds: usedIds[i] ?? [],
      failed: new Map([...failed].filter(([id]) => s.experiments.some((e) => e.id === id))),
      excluded: excluded.filter((x) => s.experiments.some((e) => e.id === x.experimentId)),
    }));
    const stackKey = `proj-stack:${target.id}|${aggregateKey}|${req.plane}|${req.sliceThickness}`;
    return {
      key,
      stackKey,
      summary,
      plane: req.plane,
      annotationKey: annotationKey(DRAWING_RESOLUTION),
      targetName: target.name,
      sources,
      injections,
      unknownSources: assigned.unknown,
    };
  };
  const params = `${req.plane}|${req.sliceThickness}|${req.densityPercentile}`;

  // The masks, the drawing atlas and the means are independent worker jobs: start all three, so
  // IndexedDB reads and downloads overlap the atlas decode. A target that cannot be masked stops
  // the downloads at once.
  const inner = new AbortController();
  const forward = () => inner.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  const targetIds = ontology.expand([target.id]);
  const maskPromise = workerJob(inner.signal, (w, jobId) => w.structureMask(Uint32Array.from(targetIds).sort(), 'both', NUMERIC_RESOLUTION, jobId)).then(
    (m) => {
      if (!m.extent) throw new Error(`${target.acronym} has no voxels in the ${NUMERIC_RESOLUTION} µm annotation.`);
      return m;
    },
  );
  maskPromise.catch(() => inner.abort());
  // the drawn section (boundaries, target shading) needs the 50 µm atlas as well
  const drawingAtlas = workerJob(inner.signal, (w, jobId) => w.ensureAtlas(DRAWING_RESOLUTION, jobId));
  drawingAtlas.catch(() => inner.abort());
  const onEvent = async (e: DataEvent): Promise<void> => {
    if (e.kind === 'phase') cb.onPhase?.(e.phase);
    else if (e.kind === 'status') cb.onStatus?.(e.status);
    else if (cb.onPartial) {
      const mask = await maskPromise;
      const preview = await prepare(e.key, mask.maskKey, `proj-partial:${target.id}|${params}|${e.received}`, e.usedIds, new Map());
      if (!inner.signal.aborted) cb.onPartial({ ...preview, targetIds, aggregateFrom: 'computed', partial: { received: e.received, total: e.total } });
    }
  };
  const spec: AggregateSpec = {
    experiments: assigned.sources.flatMap((s) => s.experiments),
    grouping: 'region',
    regionGroups: assigned.sources.map((s) => ({ label: s.structure.acronym, experimentIds: s.experiments.map((e) => e.id) })),
    normalization: req.normalization,
    subtractOtherHemisphere: req.subtractOtherHemisphere,
  };
  const aggregatePromise = workerJob(inner.signal, (w, jobId) =>
    w.aggregate(aggregateRequest(spec, { retryFailed: cb.retryFailed, partialEveryMs: cb.onPartial ? PARTIAL_EVERY_MS : 0 }), Comlink.proxy(onEvent), jobId),
  );
  // Both settle before either error is thrown, so nothing keeps running unobserved.
  const [maskResult, aggregateResult, atlasResult] = await Promise.allSettled([maskPromise, aggregatePromise, drawingAtlas]);
  signal.removeEventListener('abort', forward);
  if (maskResult.status === 'rejected') throw maskResult.reason;
  if (atlasResult.status === 'rejected') throw atlasResult.reason;
  if (aggregateResult.status === 'rejected') throw aggregateResult.reason;
  const mask = maskResult.value;
  const aggregate = aggregateResult.value;
  signal.throwIfAborted();

  cb.onPhase?.('preparing');
  const key = `proj:${target.id}|${aggregate.key}|${params}`;
  const usedIds = aggregate.groups.map((g) => g.usedExperimentIds);
  const result = await prepare(aggregate.key, mask.maskKey, key, usedIds, aggregate.failed, aggregate.excluded);
  return { ...result, targetIds, aggregateFrom: aggregate.from };
}
