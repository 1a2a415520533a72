// The shared data path of every view that shows mean projection densities: group means
// (aggregates) of a list of experiments, streamed volume by volume into the compute worker (a grid
// is never kept on the main thread). The atlas and region masks live in atlas-load.ts.
//
// An aggregate is keyed by its processing (grouping, normalisation, hemisphere) and every
// candidate experiment id, so every view asking for the same experiments and processing shares
// one aggregate: the worker holds the last few finished ones, and finished aggregates without
// failures are persisted in IndexedDB (aggregate-persistence.ts) for the next visit.
import * as Comlink from 'comlink';
import type { AllenError } from '../allen/index.ts';
import type { Experiment } from '../allen/types.ts';
import { planAggregate, type AggregateExperiment, type AggregateParams, type Exclusion, type GroupingAxis } from '../compute/aggregate-plan.ts';
import { DENSITY_SHAPE } from '../compute/grid.ts';
import type { AtlasDeps } from './atlas-load.ts';
import { loadInjectionVolumes } from './injection-volumes.ts';
import { groupPersistentId, loadGroupMeans, restoreAggregate, saveAggregate, saveGroupMean } from './aggregate-persistence.ts';
import type { DownloadQueue, LoadStatus } from './download-queue.ts';
import type { Normalization } from '../compute/aggregate-plan.ts';

export interface AggregateDeps extends AtlasDeps {
  readonly queue: DownloadQueue;
}

export type AggregateGrouping = 'none' | GroupingAxis | 'region';

export interface AggregateSpec {
  /** Candidate experiments (metadata: structure, injection coordinate and volume). */
  readonly experiments: readonly Experiment[];
  readonly grouping: AggregateGrouping;
  /** Bins along the grouping axis (AP/DV/ML grouping), bsv grouping_bins. */
  readonly groupingBins?: number;
  /** Required for grouping 'region': one group per entry, experiments listed explicitly. */
  readonly regionGroups?: ReadonlyArray<{ readonly label: string; readonly experimentIds: readonly number[] }>;
  readonly normalization: Normalization;
  readonly subtractOtherHemisphere: boolean;
}

export interface AggregateGroup {
  readonly index: number;
  readonly label: string;
  readonly axis: GroupingAxis | null;
  /** bsv group_centers (CCF µm along `axis`), null for region groups. */
  readonly centerUm: number | null;
  readonly rangeUm: readonly [number, number] | null;
  readonly plannedIds: readonly number[];
  /** Experiments whose volume entered the mean: the denominator. */
  readonly usedIds: readonly number[];
}

export interface AggregateOutcome {
  readonly key: string;
  readonly groups: readonly AggregateGroup[];
  /** Experiments whose volume could not be obtained after retries, with the reason. */
  readonly failed: ReadonlyMap<number, string>;
  /** Left out at planning (missing metadata) with the reason. */
  readonly excluded: readonly Exclusion[];
  /** Held by the worker, restored from IndexedDB, or averaged now. */
  readonly from: 'worker' | 'restored' | 'computed';
}

export interface AggregateCallbacks {
  readonly onPhase?: (phase: 'volumes' | 'averaging') => void;
  readonly onStatus?: (status: LoadStatus) => void;
  /** Recompute a held aggregate that is missing experiments (the user pressed retry). */
  readonly retryFailed?: boolean;
  /**
   * Partial results while volumes arrive: at most every `partialEveryMs` (default 750 ms) the
   * means so far are snapshotted in the worker under `snapshot.key` (a finished aggregate that
   * is replaced by the next snapshot and dropped when the aggregate finishes) and handed here.
   * The build waits for the callback before taking the next snapshot.
   */
  readonly onPartial?: (snapshot: PartialAggregate) => Promise<void> | void;
  readonly partialEveryMs?: number;
}

export interface PartialAggregate {
  readonly key: string;
  /** Volumes averaged so far and volumes planned. */
  readonly received: number;
  readonly total: number;
  readonly usedIds: readonly (readonly number[])[];
}

/** Aggregate keys each worker was given by buildAggregate in this page. */
const builtIn = new WeakMap<object, Set<string>>();
/** Experiments each group's mean used, by aggregate key (restored aggregates hold placeholders). */
const usedByKey = new Map<string, number[][]>();
const failedByKey = new Map<string, Map<number, string>>();

/** 32-bit FNV-1a of a string, hex: keeps keys (and messages that quote them) short. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Version of the definitions behind a mean (divisor, subtraction, masks): part of every aggregate
 * key, so means computed under older definitions are never restored from IndexedDB.
 * 2 = PSU injection-volume divisor, bsv subtraction (other half 0).
 */
export const DEFINITIONS_VERSION = 2;

function aggregateParams(spec: AggregateSpec): AggregateParams {
  return {
    normalizationMethod: spec.normalization === 'none' ? 'none' : 'injectionVolume',
    subtractOtherHemisphere: spec.subtractOtherHemisphere,
    groupingMethod: spec.grouping,
    groupingBins: spec.groupingBins,
    regionGroups: spec.regionGroups,
  };
}

/** Same processing and the same candidate experiments (and groups) → the same key. */
export function aggregateKey(spec: AggregateSpec): string {
  const grouping = spec.grouping === 'region'
    ? (spec.regionGroups ?? []).map((g) => `${g.label}:${g.experimentIds.join(',')}`).join('/')
    : `${spec.grouping}${spec.grouping === 'none' ? '' : (spec.groupingBins ?? 5)}:${spec.experiments.map((e) => e.id).join(',')}`;
  const hemi = spec.subtractOtherHemisphere ? 'sub' : 'both';
  return `agg${DEFINITIONS_VERSION}:${spec.grouping}|${spec.normalization}|${hemi}|${fnv1a(grouping)}|${grouping.length}`;
}

const PSU_MISSING =
  'no injection record (ProjectionStructureUnionize is_injection, structure 997, both hemispheres): cannot normalise by its injection volume';

/**
 * Each candidate with the divisor its normalisation uses (AggregateExperiment.injectionVolumeMm3):
 * the PSU injection volume for 'injection-volume' (an experiment without that record is excluded
 * with the reason; one whose volume could not be fetched is failed, so Retry asks again), the
 * metadata injection volume for 'metadata-volume'.
 */
async function candidatesFor(
  deps: AggregateDeps,
  spec: AggregateSpec,
  signal: AbortSignal,
): Promise<{ candidates: AggregateExperiment[]; excluded: Exclusion[]; failed: Map<number, string> }> {
  const base = (e: Experiment, v: number | null): AggregateExperiment => ({
    id: e.id, structureId: e.structureId, injectionCoordUm: e.injectionCoordUm, injectionVolumeMm3: v,
  });
  if (spec.normalization !== 'injection-volume') {
    return { candidates: spec.experiments.map((e) => base(e, e.injectionVolumeMm3)), excluded: [], failed: new Map() };
  }
  const psu = await loadInjectionVolumes(deps.client, deps.cache, spec.experiments.map((e) => e.id), signal);
  const candidates: AggregateExperiment[] = [];
  const excluded: Exclusion[] = [];
  for (const e of spec.experiments) {
    if (psu.failed.has(e.id)) continue;
    const v = psu.volumes.get(e.id) ?? null;
    if (v === null) excluded.push({ experimentId: e.id, reason: PSU_MISSING });
    else candidates.push(base(e, v));
  }
  return { candidates, excluded, failed: new Map(psu.failed) };
}

/** Copies a cache-hit view (which points into a larger stored record) into its own buffer. */
function ownBuffer(data: Float32Array): ArrayBuffer {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole ? (data.buffer as ArrayBuffer) : data.slice().buffer;
}

export async function buildAggregate(
  deps: AggregateDeps,
  spec: AggregateSpec,
  signal: AbortSignal,
  cb: AggregateCallbacks = {},
): Promise<AggregateOutcome> {
  const { worker } = deps;
  const params = aggregateParams(spec);
  const divisors = await candidatesFor(deps, spec, signal);
  const { candidates } = divisors;
  const planned = planAggregate(candidates, params);
  const plan = { ...planned, excluded: [...divisors.excluded, ...planned.excluded] };
  if (plan.groups.length === 0 || plan.groups.every((g) => g.experimentIds.length === 0)) {
    const why = plan.excluded[0]?.reason ?? [...divisors.failed.values()][0];
    const labels = plan.groups.map((g) => g.label).join(', ');
    throw new Error(
      why
        ? `No experiment can be averaged: ${why}.`
        : `No experiment can be averaged: ${labels || 'the query'} ha${plan.groups.length === 1 ? 's' : 've'} no experiments with the current filters (mouse line, primary injection structure only).`,
    );
  }
  const key = aggregateKey(spec);
  const labels = plan.groups.map((g) => g.label);
  let from: AggregateOutcome['from'] = 'worker';
  if (cb.retryFailed && (failedByKey.get(key)?.size ?? 0) > 0) await worker.dropAggregate(key);
  // Region groups without hemisphere subtraction are persisted per group (any later combination
  // of those sources reuses them); everything else as a whole aggregate.
  const perGroup = spec.grouping === 'region' && !spec.subtractOtherHemisphere;
  const processing = `d${DEFINITIONS_VERSION}|${spec.normalization}`;
  // Only ask the worker about aggregates this page built in it (the worker may have evicted them);
  // asking about others would wait behind the atlas decode on a first visit.
  const built = builtIn.get(worker) ?? new Set<string>();
  builtIn.set(worker, built);
  if (!built.has(key) || !(await worker.hasAggregate(key))) {
    const tr = performance.now();
    const restored = perGroup ? null : await restoreAggregate(deps.cache, worker, key, labels).catch(() => null);
    if (restored) performance.measure('bsv:means-restore', { start: tr, end: performance.now() });
    if (restored) {
      usedByKey.set(key, restored);
      failedByKey.delete(key);
      from = 'restored';
    } else from = 'computed';
  }
  if (from === 'computed') {
    const groupIds = perGroup ? plan.groups.map((g) => groupPersistentId(processing, g.experimentIds)) : [];
    const tg = performance.now();
    const stored = perGroup ? await loadGroupMeans(deps.cache, groupIds).catch(() => groupIds.map(() => null)) : [];
    if (stored.some((m) => m)) performance.measure('bsv:means-read', { start: tg, end: performance.now() });
    const reused = plan.groups.map((_, g) => stored[g] ?? null);
    const pseudoId = (g: number) => -(g + 1);
    // Experiments still needed: those of groups without a stored mean (a group's stored mean
    // enters its group as one pseudo-experiment with divisor 1).
    const needed = new Set(plan.groups.flatMap((g, i) => (reused[i] ? [] : g.experimentIds)));
    if (reused.every((r) => r !== null)) from = 'restored';
    await worker.beginAggregate(key, {
      shape: DENSITY_SHAPE,
      experiments: [
        ...candidates.filter((c) => needed.has(c.id)),
        ...reused.flatMap((r, g) => (r ? [{ id: pseudoId(g), structureId: null, injectionCoordUm: null, injectionVolumeMm3: 1 }] : [])),
      ],
      ...params,
      ...(perGroup
        ? { regionGroups: plan.groups.map((grp, g) => ({ label: grp.label, experimentIds: reused[g] ? [pseudoId(g)] : grp.experimentIds })) }
        : {}),
    });
    const ta = performance.now();
    for (const [g, r] of reused.entries()) {
      if (r) await worker.addToAggregate(key, pseudoId(g), Comlink.transfer(r.mean, [r.mean]));
    }
    if (stored.some((m) => m)) performance.measure('bsv:means-to-worker', { start: ta, end: performance.now() });
    cb.onPhase?.('volumes');
    const ids = [...plan.groupsOf.keys()].filter((id) => needed.has(id));
    // experiments whose divisor could not be fetched count as failed: not averaged, retried later
    const failed = new Map<number, string>(divisors.failed);
    const adds: Promise<unknown>[] = [];
    const partialKey = `${key}#partial`;
    const every = cb.partialEveryMs ?? 750;
    let lastPartial = performance.now();
    let snapshotted = 0;
    let partial: Promise<void> | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const snapshot = async (received: number): Promise<void> => {
      const summary = await worker.snapshotAggregate(key, partialKey);
      if (!summary || signal.aborted || !cb.onPartial) return;
      const usedIds = summary.groups.map((g) => g.usedExperimentIds);
      await cb.onPartial({ key: partialKey, received, total: ids.length, usedIds });
    };
    // Called on every arrival and by a timer, so a preview also comes when the last volumes are slow.
    const maybeSnapshot = (): void => {
      timer = null;
      const received = adds.length;
      if (!cb.onPartial || partial || received === snapshotted || received >= ids.length || signal.aborted) return;
      const wait = lastPartial + every - performance.now();
      if (wait > 0) {
        timer = setTimeout(maybeSnapshot, wait);
        return;
      }
      snapshotted = received;
      // comlink runs calls in order: the snapshot sees every add sent before it.
      partial = snapshot(received)
        .catch(() => undefined) // a preview is optional; the final result reports errors
        .finally(() => {
          partial = null;
          lastPartial = performance.now();
        });
    };
    try {
      const noVolumes = { loaded: [], fromCache: [], failed: new Map<number, AllenError>() };
      const result = ids.length === 0 ? noVolumes : await deps.queue.load(ids, {
        signal,
        onStatus: cb.onStatus,
        onVolume: (v) => {
          const buffer = ownBuffer(v.data);
          adds.push(worker.addToAggregate(key, v.experimentId, Comlink.transfer(buffer, [buffer])));
          if (timer === null) maybeSnapshot();
        },
      });
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await Promise.all(adds);
      await partial;
      for (const [id, error] of result.failed) {
        failed.set(id, (error as AllenError).message);
        await worker.markAggregateFailed(key, id, (error as AllenError).message);
      }
      signal.throwIfAborted();
      cb.onPhase?.('averaging');
      const finished = await worker.finishAggregate(key);
      const used = finished.groups.map((g, i) => reused[i]?.used ?? [...g.usedExperimentIds]);
      usedByKey.set(key, used);
      failedByKey.set(key, failed);
      // Persisting is an optimisation: a failure (quota…) is reported by the cache, not here.
      // Means missing experiments are not kept, so a later visit retries them.
      if (perGroup) {
        for (const [g, grp] of plan.groups.entries()) {
          // a group is kept only when every experiment asked for (divisor fetched or not) is in it
          const asked = spec.regionGroups?.[g]?.experimentIds ?? grp.experimentIds;
          if (reused[g] || asked.some((id) => failed.has(id))) continue;
          const volume = await worker.getGroupVolume(key, g);
          await saveGroupMean(deps.cache, groupIds[g] ?? '', volume.buffer, used[g] ?? []).catch(() => undefined);
        }
      } else if (failed.size === 0) await saveAggregate(deps.cache, worker, key, used).catch(() => undefined);
    } catch (e) {
      await worker.dropAggregate(key);
      throw e;
    } finally {
      if (timer !== null) clearTimeout(timer);
      await worker.dropAggregate(partialKey);
    }
  }
  built.add(key);
  let used = usedByKey.get(key);
  if (!used) {
    const summary = await worker.getAggregateSummary(key);
    used = summary?.groups.map((g) => [...g.usedExperimentIds]) ?? [];
  }
  return {
    key,
    groups: plan.groups.map((g, i) => ({
      index: g.index,
      label: g.label,
      axis: g.axis,
      centerUm: g.centerUm,
      rangeUm: g.rangeUm,
      plannedIds: g.experimentIds,
      usedIds: used[i] ?? [],
    })),
    failed: failedByKey.get(key) ?? new Map(),
    excluded: plan.excluded,
    from,
  };
}
