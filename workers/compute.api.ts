// Maps the compute worker contract onto the pure kernels. Holds aggregates by key (in progress
// and finished; finished ones are capped, least recently used dropped first) so later view
// requests reuse them; atlas and view methods live in compute-atlas.api.ts and
// compute-views.api.ts and share the held data (compute-held.ts). No DOM; runs in Node for tests.
import { transfer } from 'comlink';
import { type AggregateResult, type AggregateSession, createAggregateSession } from '../src/compute/aggregate';
import { decodeDensityNrrdInto } from '../src/compute/decode-into';
import { DecodeError } from '../src/compute/decode-error';
import { decodeAnnotationNrrd, decodeDensity } from '../src/compute/decode-volume';
import { packGrid, unpackGridInto } from '../src/compute/packed-grid';
import type { GridShape } from '../src/compute/grid';
import {
  type AggregatePlanSummary,
  type AggregateSummary,
  COMPUTE_WORKER_VERSION,
  type ComputeMemoryCaps,
  type ComputeWorkerApi,
} from '../src/protocol/compute-contract';
import { createAtlasApi } from './compute-atlas.api';
import { createUserAnnotationApi } from './compute-user-annotation.api';
import { DEFAULT_CAPS, WorkerHeld } from './compute-held';
import { createViewsApi } from './compute-views.api';

export interface ComputeApiOptions extends Partial<ComputeMemoryCaps> {
  readonly now?: () => number;
}

const buf = (a: ArrayBufferView): ArrayBuffer => a.buffer as ArrayBuffer;

export function createComputeApi(options: ComputeApiOptions = {}): ComputeWorkerApi {
  const { now: nowOpt, ...caps } = options;
  const now = nowOpt ?? (() => performance.now());
  const running = new Map<string, { session: AggregateSession; plan: AggregatePlanSummary; voxels: number }>();
  const summaryOf = (key: string, result: AggregateResult, t0: number): AggregateSummary => ({
    key,
    groups: result.groups,
    groupingAxis: result.groupingAxis,
    excluded: result.excluded,
    shape: result.shape,
    backend: result.backend,
    finishMs: now() - t0,
  });
  const evictedRuns = new Set<string>();
  const notRunning = (key: string): { accepted: false; reason: string } => ({
    accepted: false,
    reason: evictedRuns.has(key)
      ? `aggregate "${key}" was dropped: more than ${held.caps.maxRunningAggregates} aggregates were begun at once; begin it again`
      : `no aggregate "${key}" in progress (dropped or finished)`,
  });
  const held = new WorkerHeld({ ...DEFAULT_CAPS, ...caps });
  held.inProgress = () => running.size;
  const finished = held.aggregates;

  const planSummary = (key: string, session: AggregateSession): AggregatePlanSummary => ({
    key,
    groups: session.plan.groups.map((g) => ({ ...g, usedExperimentIds: [] })),
    groupingAxis: session.plan.groupingAxis,
    excluded: session.plan.excluded,
  });
  const touch = (key: string) => finished.get(key);

  let gridMeasures = 0;
  const api: ComputeWorkerApi = {
    ping: () => 'pong',
    version: () => COMPUTE_WORKER_VERSION,
    decodeDensity(bytes, format) {
      const { data, shape } = decodeDensity(bytes, format);
      return transfer({ buffer: buf(data), shape }, [buf(data)]);
    },
    decodeAnnotation(bytes) {
      const { data, shape } = decodeAnnotationNrrd(bytes);
      return transfer({ buffer: buf(data), shape }, [buf(data)]);
    },
    beginAggregate(key, params) {
      api.dropAggregate(key);
      const { shape, experiments, backend, encodedInputs, plan: given, ...p } = params;
      // resident inputs: addEncodedToAggregate inflates straight into WebAssembly memory (no copy)
      const session = createAggregateSession(shape, experiments, p, {
        backend: backend ?? 'auto',
        residentInputs: encodedInputs === true,
        // nothing asks the worker for per-voxel counts: not copying them out saves a grid per group
        keepValidCounts: false,
        ...(given ? { plan: given } : {}),
      });
      const plan = planSummary(key, session);
      running.set(key, { session, plan, voxels: shape.nx * shape.ny * shape.nz });
      // the oldest run is dropped past the cap; its later adds report why
      for (const k of running.keys()) {
        if (running.size <= held.caps.maxRunningAggregates) break;
        running.delete(k);
        evictedRuns.add(k);
      }
      evictedRuns.delete(key);
      return plan;
    },
    addToAggregate(key, experimentId, volume) {
      const r = running.get(key);
      if (r === undefined) return notRunning(key);
      if (volume.byteLength % 4 !== 0) return { accepted: false, reason: `volume has ${volume.byteLength} bytes, not a float32 array` };
      return r.session.add(experimentId, new Float32Array(volume));
    },
    addVolumeToAggregate(key, experimentId, volume) {
      const r = running.get(key);
      if (r === undefined) return notRunning(key);
      return r.session.add(experimentId, volume);
    },
    installAggregate(key, groups, means, shape) {
      if (means.length !== groups.length || groups.length === 0)
        throw new RangeError(`installAggregate needs one mean per group (${groups.length} groups, ${means.length} means)`);
      const n = shape.nx * shape.ny * shape.nz;
      for (const m of means) if (m.length !== n) throw new RangeError(`a mean has ${m.length} voxels, the grid ${n}`);
      api.dropAggregate(key);
      const result: AggregateResult = {
        shape,
        combinedProjection: [...means],
        validCounts: [],
        groups: groups.map((g, index) => ({ ...g, index })),
        groupingAxis: groups[0]?.axis ?? null,
        excluded: [],
        params: { normalizationMethod: 'none', subtractOtherHemisphere: false, groupingMethod: 'region' },
        backend: 'scalar',
      };
      const summary = summaryOf(key, result, now());
      finished.set(key, { result, summary });
      return summary;
    },
    addEncodedToAggregate(key, experimentId, bytes, format, pack = false) {
      const r = running.get(key);
      if (r === undefined) return notRunning(key);
      // a throw leaves the session as it was (the slot is scratch until add()): the caller may
      // download again or mark the experiment failed
      // per-grid measures (bsv:grid-*) are summed by the benchmarks, not listed
      const t0 = performance.now();
      const slot = format === 'zip' ? null : r.session.inputSlot();
      let volume: Float32Array;
      let shape: GridShape | null = null;
      if (slot !== null && format === 'packed') shape = unpackGridInto(bytes, slot);
      else if (slot !== null && format === 'nrrd') shape = decodeDensityNrrdInto(bytes, slot);
      if (slot !== null && shape !== null) volume = slot;
      else {
        const decoded = decodeDensity(bytes, format);
        if (decoded.data.length !== r.voxels)
          throw new DecodeError(`the grid has ${decoded.shape.nx}×${decoded.shape.ny}×${decoded.shape.nz} voxels, not the aggregate's`);
        volume = decoded.data;
        shape = decoded.shape;
      }
      if (volume.length !== r.voxels) throw new DecodeError(`the grid has ${shape.nx}×${shape.ny}×${shape.nz} voxels, not the aggregate's`);
      const t1 = performance.now();
      // packed before add(): an input slot is only valid until then
      const packed = pack && format !== 'packed' ? packGrid(volume, shape) : undefined;
      const t2 = performance.now();
      const added = r.session.add(experimentId, volume);
      // per-grid entries are dropped every 1000 grids: the timeline stays small in a long session
      if (++gridMeasures % 1000 === 0)
        for (const n of ['bsv:grid-decode', 'bsv:grid-pack', 'bsv:grid-add', 'bsv:grid-read-wait', 'bsv:grid-deliver-batch']) performance.clearMeasures(n);
      performance.measure('bsv:grid-decode', { start: t0, end: t1 });
      if (packed) performance.measure('bsv:grid-pack', { start: t1, end: t2 });
      performance.measure('bsv:grid-add', { start: t2, end: performance.now() });
      return packed ? { ...added, packed } : added;
    },
    markAggregateFailed(key, experimentId, reason) {
      running.get(key)?.session.markFailed(experimentId, reason);
    },
    finishAggregate(key) {
      const r = running.get(key);
      if (r === undefined) {
        const f = touch(key);
        if (f !== undefined) return f.summary;
        throw new Error(evictedRuns.has(key) ? notRunning(key).reason : `no aggregate "${key}" to finish: call beginAggregate first`);
      }
      const t0 = now();
      const result = r.session.finish();
      running.delete(key);
      const summary = summaryOf(key, result, t0);
      finished.set(key, { result, summary });
      return summary;
    },
    snapshotAggregate(key, snapshotKey) {
      const r = running.get(key);
      if (r === undefined) return null;
      if (snapshotKey === key) throw new Error('a snapshot needs its own key');
      const t0 = now();
      const result = r.session.peek();
      const summary = summaryOf(snapshotKey, result, t0);
      finished.set(snapshotKey, { result, summary });
      return summary;
    },
    hasAggregate: (key) => finished.has(key),
    getAggregateSummary: (key) => touch(key)?.summary ?? null,
    getGroupVolume(key, group) {
      const f = held.aggregate(key);
      const mean = f.result.combinedProjection[group];
      if (mean === undefined) {
        throw new RangeError(`aggregate "${key}" has ${f.result.combinedProjection.length} groups; group ${group} does not exist`);
      }
      const copy = mean.slice();
      return transfer({ buffer: buf(copy), shape: f.result.shape }, [buf(copy)]);
    },
    dropAggregate(key) {
      running.delete(key);
      evictedRuns.delete(key);
      finished.delete(key);
    },
    memoryReport: () => held.report(),
    ...createAtlasApi(held),
    ...createUserAnnotationApi(held),
    ...createViewsApi(held),
  };
  return api;
}
