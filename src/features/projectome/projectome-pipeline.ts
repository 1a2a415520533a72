// Builds a projectome in the worker: the 100 µm target mask (every number: target means, maxima,
// the colour ceiling), the 50 µm annotation (drawn boundaries and target shading only; 25 µm when
// the user chose it, falling back to 50 µm with a notice when it cannot be had), one mean
// volume per source (one region-grouped aggregate, built and held by the worker and shared with
// the other views), then the prepared projectome context. Each part is a worker job that
// `signal` cancels. The canvas then asks the worker once for what the AP slider draws over the
// target's whole extent (projectome-stage.ts); an AP step never asks the worker again.
import * as Comlink from 'comlink';
import { assignSources } from '../../allen/assign-sources.ts';
import type { Ontology } from '../../allen/ontology.ts';
import type { Experiment, MouseLineFilter } from '../../allen/types.ts';
import type { Exclusion, Normalization } from '../../compute/aggregate-plan.ts';
import { DRAWING_RESOLUTION, NUMERIC_RESOLUTION, aggregateRequest, sectionStackQuery, type AggregateSpec } from '../../data/queries.ts';
import { queryClient } from '../../data/query-client.ts';
import { getComputeWorker, isAbort, workerJob } from '../../data/services.ts';
import type { ProjectomeSummary } from '../../protocol/compute-contract.ts';
import { annotationKey, type AtlasProgress, type DataEvent, type GridStatus } from '../../protocol/data-contract.ts';
import { useDrawingAtlasStatus } from '../../state/drawing-atlas-status.ts';
import type { DrawingAtlasUm } from '../../state/url-state.ts';
import type { SectionPlane } from '../../compute/section-plane.ts';
import { sectionRequestForMask } from './frame-snapshot.ts';

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
  /** The annotation boundaries are drawn from (URL `atlas`); absent = 50 µm. Never the numbers. */
  readonly drawingAtlasUm?: DrawingAtlasUm;
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
  /** Resolution of that annotation, and why it is not the one asked for (a failed 25 µm load), if so. */
  readonly drawingAtlasUm?: DrawingAtlasUm;
  readonly drawingNotice?: string | null;
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

interface DrawingAtlas {
  readonly key: string;
  readonly um: DrawingAtlasUm;
  readonly notice: string | null;
}

/**
 * The drawing atlas asked for; a 25 µm one reports its progress (useDrawingAtlasStatus) and, when
 * it cannot be had, gives way to the 50 µm one with a notice (never a stuck load).
 */
async function loadDrawingAtlas(signal: AbortSignal, um: DrawingAtlasUm): Promise<DrawingAtlas> {
  if (um === 50) return { key: await workerJob(signal, (w, jobId) => w.ensureAtlas(DRAWING_RESOLUTION, jobId)), um, notice: null };
  const status = useDrawingAtlasStatus.getState();
  let from: 'network' | 'cache' = 'cache';
  const onProgress = (p: AtlasProgress): void => {
    from = 'network';
    status.set({ state: 'loading', phase: p.phase, done: p.done, total: p.total });
  };
  try {
    const key = await workerJob(signal, (w, jobId) => w.ensureAtlas(25, jobId, Comlink.proxy(onProgress)));
    status.set({ state: 'ready', from });
    return { key, um, notice: null };
  } catch (e) {
    if (signal.aborted || isAbort(e)) {
      status.set({ state: 'idle' });
      throw e;
    }
    const why = e instanceof Error ? e.message : String(e);
    const notice = `The 25 µm annotation could not be loaded (${why}); the boundaries are drawn from the 50 µm annotation. Reload the page to try again.`;
    status.set({ state: 'failed', message: notice });
    return { key: await workerJob(signal, (w, jobId) => w.ensureAtlas(DRAWING_RESOLUTION, jobId)), um: 50, notice };
  }
}

/** The reason of the first rejection that is not a cancellation, else of the first rejection. */
export function firstFailure(results: readonly PromiseSettledResult<unknown>[]): unknown {
  const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  return reasons.find((e) => !isAbort(e)) ?? reasons[0];
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
    drawing: DrawingAtlas,
    excluded: readonly Exclusion[] = [],
  ): Promise<Omit<ProjectomeResult, 'aggregateFrom' | 'targetIds'>> => {
    // another drawing atlas is another figure: new keys, so the stage loads its sections
    const atlasTag = drawing.um === 25 ? '|atlas25' : '';
    const resultKey = `${key}${atlasTag}`;
    const summary = await worker.prepareProjectome(resultKey, {
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
    const stackKey = `proj-stack:${target.id}|${aggregateKey}|${req.plane}|${req.sliceThickness}${atlasTag}`;
    return {
      key: resultKey,
      stackKey,
      summary,
      plane: req.plane,
      annotationKey: drawing.key,
      drawingAtlasUm: drawing.um,
      drawingNotice: drawing.notice,
      targetName: target.name,
      sources,
      injections,
      unknownSources: assigned.unknown,
    };
  };
  const params = `${req.plane}|${req.sliceThickness}|${req.densityPercentile}`;

  // The masks, the drawing atlas and the means are independent worker jobs: start all three, so
  // IndexedDB reads and downloads overlap. The mask is asked first: the worker takes messages in
  // order, and a target masked before is a ~12 kB record (backend/mask-cache.ts) read before the
  // means' megabytes, not behind them (the sections it gives the extent of still wait for the
  // worker to have unpacked the means: measured, the frame is bound by the CPU, not the order).
  // A target that cannot be masked stops the downloads at once.
  const inner = new AbortController();
  const forward = () => inner.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  const targetIds = ontology.expand([target.id]);
  const onEvent = async (e: DataEvent): Promise<void> => {
    if (e.kind === 'phase') cb.onPhase?.(e.phase);
    else if (e.kind === 'status') for (const s of e.statuses) cb.onStatus?.(s);
    else if (cb.onPartial) {
      const mask = await maskPromise;
      // a preview is drawn over the sections of the atlas asked for, once it is there
      const drawing = await drawingAtlas;
      const preview = await prepare(e.key, mask.maskKey, `proj-partial:${target.id}|${params}|${e.received}`, e.usedIds, new Map(), drawing);
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
  const maskPromise = workerJob(inner.signal, (w, jobId) => w.structureMask(Uint32Array.from(targetIds).sort(), 'both', NUMERIC_RESOLUTION, jobId)).then(
    (m) => {
      if (!m.extent) throw new Error(`${target.acronym} has no voxels in the ${NUMERIC_RESOLUTION} µm annotation.`);
      return m;
    },
  );
  const aggregatePromise = workerJob(inner.signal, (w, jobId) =>
    w.aggregate(aggregateRequest(spec, { retryFailed: cb.retryFailed, partialEveryMs: cb.onPartial ? PARTIAL_EVERY_MS : 0 }), Comlink.proxy(onEvent), jobId),
  );
  maskPromise.catch(() => inner.abort());
  // The drawn sections (boundaries, target shading) depend on the target and the drawing atlas
  // only: asked as soon as the mask is there, the worker serves them between the aggregate's
  // IndexedDB reads, and the canvas finds them in the query cache (sectionStackQuery). At 50 µm
  // they are the figure's only use of the drawing atlas: the worker keeps them with the atlas
  // (backend/section-cache.ts), so a target drawn before never waits for the atlas's load; a
  // 25 µm atlas is loaded here first, with progress, and may give way to the 50 µm one.
  const um = req.drawingAtlasUm ?? DRAWING_RESOLUTION;
  const sectionsFor = async (drawing: DrawingAtlas): Promise<DrawingAtlas> => {
    const m = await maskPromise;
    if (m.extent) await queryClient.fetchQuery(sectionStackQuery(sectionRequestForMask(drawing.key, req.plane, m.extent, targetIds)));
    return drawing;
  };
  const drawingAtlas =
    um === DRAWING_RESOLUTION
      ? sectionsFor({ key: annotationKey(DRAWING_RESOLUTION), um, notice: null })
      : loadDrawingAtlas(inner.signal, um).then(sectionsFor);
  drawingAtlas.catch(() => inner.abort());
  // Both settle before either error is thrown, so nothing keeps running unobserved.
  const [maskResult, aggregateResult, atlasResult] = await Promise.allSettled([maskPromise, aggregatePromise, drawingAtlas]);
  signal.removeEventListener('abort', forward);
  signal.throwIfAborted();
  // The first failure aborts the other jobs, which then reject with AbortErrors: report the failure
  // itself (an AbortError reads as "cancelled", which the view shows as still loading).
  if (maskResult.status === 'rejected' || atlasResult.status === 'rejected' || aggregateResult.status === 'rejected')
    throw firstFailure([maskResult, atlasResult, aggregateResult]);
  const mask = maskResult.value;
  const aggregate = aggregateResult.value;

  cb.onPhase?.('preparing');
  const key = `proj:${target.id}|${aggregate.key}|${params}`;
  const usedIds = aggregate.groups.map((g) => g.usedExperimentIds);
  const result = await prepare(aggregate.key, mask.maskKey, key, usedIds, aggregate.failed, atlasResult.value, aggregate.excluded);
  return { ...result, targetIds, aggregateFrom: aggregate.from };
}
