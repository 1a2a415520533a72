// Group means of a request, built in the worker: divisors (PSU injection volumes for
// injection-volume normalisation), the plan (bsv grouping), then each experiment's grid streamed
// from IndexedDB or the network straight into the accumulator — no grid ever leaves the worker.
// Finished means are held by key (the compute API's LRU) and complete ones are stored in
// IndexedDB; a later request installs stored means instead of averaging again:
// - region groups without subtraction are stored per group (any later combination of those
//   sources reuses them: the missing groups are averaged, then all are installed together);
// - everything else as a whole aggregate.
// While volumes download, snapshots of the means so far are held under `${key}#partial` and
// announced (DataEvent 'partial'): the first after partialEveryMs, then at doubling gaps. Grids
// read from the cache alone get no previews: they arrive in about a second, and a preview would
// cost the worker ~0.3 s and the GPU an upload on that critical path.
import { AllenError } from '../allen/errors.ts';
import { planAggregate, selectGroups, type AggregateExperiment, type AggregateParams, type Exclusion } from '../compute/aggregate-plan.ts';
import { DENSITY_SHAPE } from '../compute/grid.ts';
import type { AggregateGroup } from '../compute/aggregate-plan.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import type { AggregateOutcome, AggregateRequest, DataEventCallback } from '../protocol/data-contract.ts';
import { loadGroupMeans, restoreAggregate, saveAggregate, saveGroupMean } from './aggregate-persistence.ts';
import type { BackendContext } from './context.ts';
import type { DownloadQueue, EncodedGrid } from './download-queue.ts';
import { loadInjectionVolumes } from './injection-volumes.ts';
import { aggregateKey, groupMeanId } from './keys.ts';

const PSU_MISSING = 'no injection record (ProjectionStructureUnionize is_injection, structure 997, both hemispheres): cannot normalise by its injection volume';

export interface AggregateDeps {
  readonly ctx: BackendContext;
  readonly compute: ComputeWorkerApi;
  readonly queue: DownloadQueue;
}

/** What the worker remembers of the aggregates it built: the ids used and the failures. */
export interface AggregateMemory {
  readonly used: Map<string, number[][]>;
  readonly failed: Map<string, Map<number, string>>;
  /** Writes of finished means still under way (they never delay the result). */
  readonly writes: Set<Promise<void>>;
}

export function createAggregateMemory(): AggregateMemory {
  return { used: new Map(), failed: new Map(), writes: new Set() };
}

/** Resolves once every write of means started so far is over (tests; a page that must not lose them). */
export async function meansPersisted(memory: AggregateMemory): Promise<void> {
  while (memory.writes.size > 0) await Promise.all(memory.writes);
}

/** Delay before finished means are written: the view's first-frame calls, which arrive meanwhile, go first. */
const WRITE_DELAY_MS = 250;

function persistLater(memory: AggregateMemory, write: () => Promise<void>): void {
  const done: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, WRITE_DELAY_MS))
    .then(write)
    .catch(() => undefined)
    .finally(() => memory.writes.delete(done));
  memory.writes.add(done);
}

function kernelParams(r: AggregateRequest): AggregateParams {
  return {
    normalizationMethod: r.normalization === 'none' ? 'none' : 'injectionVolume',
    subtractOtherHemisphere: r.subtractOtherHemisphere,
    groupingMethod: r.grouping,
    groupingBins: r.groupingBins,
    regionGroups: r.regionGroups,
  };
}

/**
 * Each candidate with the divisor its normalisation uses (AggregateExperiment.injectionVolumeMm3):
 * the PSU injection volume for 'injection-volume' (without that record: excluded with the reason;
 * not fetched: failed, so Retry asks again), the metadata volume for 'metadata-volume'.
 */
export async function candidatesFor(deps: Pick<AggregateDeps, 'ctx'>, r: AggregateRequest, signal: AbortSignal) {
  const base = (e: AggregateRequest['experiments'][number], v: number | null): AggregateExperiment => ({
    id: e.id,
    structureId: e.structureId,
    injectionCoordUm: e.injectionCoordUm,
    injectionVolumeMm3: v,
  });
  if (r.normalization !== 'injection-volume') {
    return { candidates: r.experiments.map((e) => base(e, e.metadataVolumeMm3)), excluded: [] as Exclusion[], failed: new Map<number, string>() };
  }
  const psu = await loadInjectionVolumes(
    deps.ctx.client,
    deps.ctx.cache,
    r.experiments.map((e) => e.id),
    signal,
  );
  const candidates: AggregateExperiment[] = [];
  const excluded: Exclusion[] = [];
  for (const e of r.experiments) {
    if (psu.failed.has(e.id)) continue;
    const v = psu.volumes.get(e.id) ?? null;
    if (v === null) excluded.push({ experimentId: e.id, reason: PSU_MISSING });
    else candidates.push(base(e, v));
  }
  return { candidates, excluded, failed: new Map(psu.failed) };
}

export async function buildAggregate(
  deps: AggregateDeps,
  memory: AggregateMemory,
  r: AggregateRequest,
  signal: AbortSignal,
  onEvent: DataEventCallback,
): Promise<AggregateOutcome> {
  const { compute, ctx } = deps;
  const params = kernelParams(r);
  const tStart = performance.now();
  const divisors = await candidatesFor(deps, r, signal);
  performance.measure('bsv:divisors', { start: tStart, end: performance.now() });
  const planned = planAggregate(divisors.candidates, params);
  const plan = { ...planned, excluded: [...divisors.excluded, ...planned.excluded] };
  if (plan.groups.length === 0 || plan.groups.every((g) => g.experimentIds.length === 0)) {
    const why = plan.excluded[0]?.reason ?? [...divisors.failed.values()][0];
    const labels = plan.groups.map((g) => g.label).join(', ');
    throw new Error(
      why
        ? `No experiment can be averaged: ${why}.`
        : `No experiment can be averaged: ${labels || 'the query'} ha${plan.groups.length === 1 ? 's' : 've'} no experiments with the current filters (mouse line, products, primary injection structure only).`,
    );
  }
  const key = await aggregateKey(r);
  const installed: AggregateGroup[] = plan.groups.map((g) => ({ ...g, usedExperimentIds: g.experimentIds }));
  let from: AggregateOutcome['from'] = 'worker';
  if (r.retryFailed && (memory.failed.get(key)?.size ?? 0) > 0) compute.dropAggregate(key);
  const perGroup = r.grouping === 'region' && !r.subtractOtherHemisphere;

  if (!compute.hasAggregate(key)) {
    const t0 = performance.now();
    const restored = perGroup ? null : await restoreAggregate(ctx.cache, compute, key, installed).catch(() => null);
    if (restored) {
      performance.measure('bsv:means-restore', { start: t0, end: performance.now() });
      memory.used.set(key, restored);
      memory.failed.delete(key);
      from = 'restored';
    } else {
      from = 'computed';
      const groupIds = perGroup ? await Promise.all(plan.groups.map((g) => groupMeanId(r, g.experimentIds))) : [];
      const stored = perGroup
        ? await loadGroupMeans(
            ctx.cache,
            groupIds,
            plan.groups.map((g) => g.experimentIds),
          ).catch(() => groupIds.map(() => null))
        : [];
      performance.measure(stored.some((m) => m) ? 'bsv:means-read' : 'bsv:means-lookup', { start: t0, end: performance.now() });
      const reused = plan.groups.map((_, g) => stored[g] ?? null);
      if (reused.every((m) => m !== null)) {
        compute.installAggregate(
          key,
          plan.groups.map((g, i) => ({ ...g, usedExperimentIds: reused[i]?.used ?? [] })),
          reused.map((m) => m?.mean ?? new Float32Array(0)),
          DENSITY_SHAPE,
        );
        memory.used.set(
          key,
          reused.map((m) => m?.used ?? []),
        );
        memory.failed.delete(key);
        from = 'restored';
      } else {
        const failed = new Map<number, string>(divisors.failed);
        const used = await averageMissing(deps, r, key, plan, divisors.candidates, reused, failed, signal, onEvent);
        memory.used.set(key, used);
        memory.failed.set(key, failed);
        // Persisting is an optimisation (quota problems are reported by the cache) and never delays
        // the result: the means are written behind it. Means that miss experiments are not kept,
        // so a later visit retries them.
        if (perGroup) {
          for (const [g, grp] of plan.groups.entries()) {
            const asked = r.regionGroups?.[g]?.experimentIds ?? grp.experimentIds;
            if (reused[g] || asked.some((id) => failed.has(id))) continue;
            // read when written (a copy; a held aggregate dropped meanwhile is not stored)
            persistLater(memory, () => saveGroupMean(ctx.cache, groupIds[g] ?? '', new Float32Array(compute.getGroupVolume(key, g).buffer), used[g] ?? []));
          }
        } else if (failed.size === 0) persistLater(memory, () => saveAggregate(ctx.cache, compute, key, used));
      }
    }
  }
  const used = memory.used.get(key) ?? compute.getAggregateSummary(key)?.groups.map((g) => [...g.usedExperimentIds]) ?? [];
  performance.measure(`bsv:aggregate-${from}`, { start: tStart, end: performance.now() });
  return {
    key,
    groups: plan.groups.map((g, i) => ({
      index: g.index,
      label: g.label,
      axis: g.axis,
      centerUm: g.centerUm,
      rangeUm: g.rangeUm,
      experimentIds: g.experimentIds,
      usedExperimentIds: used[i] ?? [],
    })),
    failed: memory.failed.get(key) ?? new Map(),
    excluded: plan.excluded,
    from,
  };
}

/**
 * Averages the groups without a stored mean (streaming their grids), then installs every group
 * under `key`: the averaged means and the stored ones side by side. Returns the used ids per
 * group; `failed` collects the experiments whose grid could not be had.
 */
async function averageMissing(
  deps: AggregateDeps,
  r: AggregateRequest,
  key: string,
  plan: ReturnType<typeof planAggregate>,
  candidates: readonly AggregateExperiment[],
  reused: ReadonlyArray<{ readonly mean: Float32Array; readonly used: number[] } | null>,
  failed: Map<number, string>,
  signal: AbortSignal,
  onEvent: DataEventCallback,
): Promise<number[][]> {
  const { compute, queue } = deps;
  const missingIdx = plan.groups.map((_, i) => i).filter((i) => !reused[i]);
  const missing = missingIdx.map((i) => plan.groups[i]).filter((g) => g !== undefined);
  const needed = new Set(missing.flatMap((g) => g.experimentIds));
  const allReusedNone = reused.every((m) => m === null);
  // the accumulator runs under the final key when nothing is reused, else under a working key
  const runKey = allReusedNone ? key : `${key}#run`;
  /** Sets up the accumulator: ~150 ms on the 2-core test machine, most of it first writes to fresh memory. */
  const begin = (): void => {
    const tBegin = performance.now();
    compute.beginAggregate(runKey, {
      shape: DENSITY_SHAPE,
      encodedInputs: true, // gzip NRRDs and packed grids are written straight into the accumulator's memory
      experiments: candidates.filter((c) => needed.has(c.id)),
      ...kernelParams(r),
      ...(r.grouping === 'region'
        ? { groupingMethod: 'region' as const, regionGroups: missing.map((g) => ({ label: g.label, experimentIds: g.experimentIds })) }
        : {}),
      // the request's plan, restricted to the groups without a stored mean: planning runs once
      plan: selectGroups(plan, missingIdx),
    });
    performance.measure('bsv:begin', { start: tBegin, end: performance.now() });
  };
  const combine = (from: string, into: string): number[][] => {
    // installs the reused means and the averaged ones (of aggregate `from`) as aggregate `into`
    const summary = compute.getAggregateSummary(from);
    let k = 0;
    const means: Float32Array[] = [];
    const used: number[][] = [];
    plan.groups.forEach((_, i) => {
      const stored = reused[i];
      if (stored) {
        means.push(stored.mean);
        used.push(stored.used);
      } else {
        means.push(new Float32Array(compute.getGroupVolume(from, k).buffer));
        used.push([...(summary?.groups[k]?.usedExperimentIds ?? [])]);
        k++;
      }
    });
    compute.installAggregate(
      into,
      plan.groups.map((g, i) => ({ ...g, usedExperimentIds: used[i] ?? [] })),
      means,
      DENSITY_SHAPE,
    );
    return used;
  };

  // phases are news, not questions: awaiting one cost a round trip to a main thread that may be
  // busy (~50 ms before the first grid on a warm start); events still arrive in order
  void onEvent({ kind: 'phase', phase: 'volumes' });
  const ids = [...plan.groupsOf.keys()].filter((id) => needed.has(id));
  const partialKey = `${key}#partial`;
  const every = r.partialEveryMs ?? 750;
  let received = 0;
  let snapshotted = 0;
  let lastPartial = performance.now();
  // a preview costs the worker a few hundred ms on 4 groups (means of the sums so far, then the
  // view's frame): the gap after the k-th preview is every·2^k, and at least 4× the last one's
  // cost, so a long load shows a handful of previews instead of spending a third of its time on them
  let gap = every;
  let previews = 0;
  let downloading = false; // previews are for downloads (set at the first one)
  let partial: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const snapshot = async (n: number): Promise<void> => {
    const snapKey = allReusedNone ? partialKey : `${partialKey}-run`;
    const t0 = performance.now();
    const ok = compute.snapshotAggregate(runKey, snapKey);
    performance.measure('bsv:partial-snapshot', { start: t0, end: performance.now() });
    if (!ok) return;
    const usedIds = allReusedNone ? (compute.getAggregateSummary(snapKey)?.groups.map((g) => [...g.usedExperimentIds]) ?? []) : combine(snapKey, partialKey);
    if (!allReusedNone) compute.dropAggregate(snapKey);
    if (signal.aborted) return;
    await onEvent({ kind: 'partial', key: partialKey, received: n, total: ids.length, usedIds });
  };
  const maybeSnapshot = (): void => {
    timer = null;
    if (every <= 0 || !downloading || partial || received === snapshotted || received >= ids.length || signal.aborted) return;
    const wait = lastPartial + gap - performance.now();
    if (wait > 0) {
      timer = setTimeout(maybeSnapshot, wait);
      return;
    }
    snapshotted = received;
    const started = performance.now();
    partial = snapshot(received)
      .catch(() => undefined) // a preview is optional; the final result reports errors
      .finally(() => {
        partial = null;
        lastPartial = performance.now();
        previews++;
        gap = Math.max(every * 2 ** previews, 4 * (lastPartial - started));
      });
  };
  /** Adds one grid; throws when the bytes do not decode (the queue then evicts or downloads again). */
  const add = (g: EncodedGrid): Uint8Array | undefined => {
    // a grid not yet packed comes back packed, which the queue stores in its place
    const added = compute.addEncodedToAggregate(runKey, g.experimentId, g.bytes, g.format, g.format !== 'packed');
    received++;
    if (timer === null) maybeSnapshot();
    return added.packed;
  };
  let begun = false;
  let markBegun: () => void = () => undefined;
  const afterBegin = new Promise<void>((resolve) => (markBegun = resolve));
  // the load stops with the job, or when the accumulator cannot be set up
  const loadCtl = new AbortController();
  const stopLoad = (): void => loadCtl.abort(signal.reason);
  if (signal.aborted) stopLoad();
  else signal.addEventListener('abort', stopLoad, { once: true });
  try {
    const tGrids = performance.now();
    const loading =
      ids.length === 0
        ? null
        : queue.load(ids, {
            signal: loadCtl.signal,
            onStatus: (s) => {
              if (s.state === 'downloading' && !downloading) {
                downloading = true;
                lastPartial = performance.now(); // the first preview comes partialEveryMs after the first download
              }
              void onEvent({
                kind: 'status',
                statuses: [s.state === 'failed' ? { experimentId: s.experimentId, state: 'failed', message: s.error.message } : s],
              });
            },
            // a grid handed out before the accumulator is set up waits for it
            onGrid: (g) => (begun ? add(g) : afterBegin.then(() => add(g))),
          });
    // The load has issued its first IndexedDB reads: they run while the accumulator is set up.
    try {
      begin();
      begun = true;
      markBegun();
    } catch (e) {
      loadCtl.abort(e);
      loading?.catch(() => undefined);
      throw e;
    }
    const result = loading === null ? { loaded: [], fromCache: [], failed: new Map<number, AllenError>() } : await loading;
    performance.measure('bsv:grids', { start: tGrids, end: performance.now() });
    if (timer !== null) clearTimeout(timer);
    timer = null;
    await partial;
    for (const [id, error] of result.failed) {
      failed.set(id, error.message);
      compute.markAggregateFailed(runKey, id, error.message);
    }
    signal.throwIfAborted();
    void onEvent({ kind: 'phase', phase: 'averaging' });
    const tFinish = performance.now();
    const finished = compute.finishAggregate(runKey);
    performance.measure('bsv:finish', { start: tFinish, end: performance.now() });
    if (allReusedNone) return finished.groups.map((g) => [...g.usedExperimentIds]);
    const used = combine(runKey, key);
    compute.dropAggregate(runKey);
    return used;
  } catch (e) {
    compute.dropAggregate(runKey);
    compute.dropAggregate(key);
    throw e instanceof AllenError && e.kind === 'aborted' ? abortError(signal) : e;
  } finally {
    signal.removeEventListener('abort', stopLoad);
    if (timer !== null) clearTimeout(timer);
    compute.dropAggregate(partialKey);
  }
}

/** The rejection of a cancelled job: an Error named AbortError (DataWorkerApi contract). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const e = new Error(reason instanceof Error ? reason.message : 'the job was cancelled');
  e.name = 'AbortError';
  return e;
}
