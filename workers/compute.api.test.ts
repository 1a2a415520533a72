import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { COMPUTE_WORKER_VERSION } from '../src/protocol/compute-contract';
import type { AggregateExperiment } from '../src/compute/aggregate';
import type { GridShape } from '../src/compute/grid';
import { createComputeApi } from './compute.api';

const SHAPE: GridShape = { nx: 2, ny: 1, nz: 2, resolutionUm: 100 };

function densityNrrd(values: Float32Array, shape: GridShape): ArrayBuffer {
  const head = new TextEncoder().encode(
    `NRRD0004\ntype: float\ndimension: 3\nsizes: ${shape.nx} ${shape.ny} ${shape.nz}\nspacings: 100 100 100\nendian: little\nencoding: gzip\n\n`,
  );
  const gz = gzipSync(new Uint8Array(values.buffer));
  const out = new Uint8Array(head.length + gz.length);
  out.set(head);
  out.set(gz, head.length);
  return out.buffer;
}

const exps: AggregateExperiment[] = [
  { id: 1, structureId: 385, injectionCoordUm: [1000, 2000, 3000], injectionVolumeMm3: 0.5 },
  { id: 2, structureId: 385, injectionCoordUm: [9000, 2000, 3000], injectionVolumeMm3: 2 },
  { id: 3, structureId: 385, injectionCoordUm: [9000, 2000, 3000], injectionVolumeMm3: 0 },
  { id: 4, structureId: 385, injectionCoordUm: [1000, 2000, 3000], injectionVolumeMm3: 1 },
];

describe('compute api', () => {
  it('answers ping and version', () => {
    const api = createComputeApi();
    expect(api.ping()).toBe('pong');
    expect(api.version()).toBe(COMPUTE_WORKER_VERSION);
  });

  it('decodes a density NRRD into a Float32 buffer and shape', () => {
    const api = createComputeApi();
    const vals = new Float32Array([0.5, -1, 2, 0]);
    const r = api.decodeDensity(densityNrrd(vals, SHAPE), 'nrrd');
    expect(r.shape).toEqual(SHAPE);
    expect(Array.from(new Float32Array(r.buffer))).toEqual([0.5, -1, 2, 0]);
    expect(() => api.decodeDensity(new ArrayBuffer(10), 'zip')).toThrow(/not a zip archive/);
  });

  it('decodes an annotation NRRD into a Uint32 buffer', () => {
    const api = createComputeApi();
    const labels = new Uint32Array([0, 997, 614454277, 385]);
    const head = new TextEncoder().encode('NRRD0004\ntype: unsigned int\ndimension: 3\nsizes: 2 1 2\nspacings: 50 50 50\nendian: little\nencoding: gzip\n\n');
    const gz = gzipSync(new Uint8Array(labels.buffer));
    const bytes = new Uint8Array(head.length + gz.length);
    bytes.set(head);
    bytes.set(gz, head.length);
    const r = api.decodeAnnotation(bytes.buffer);
    expect(r.shape).toEqual({ nx: 2, ny: 1, nz: 2, resolutionUm: 50 });
    expect(Array.from(new Uint32Array(r.buffer))).toEqual([0, 997, 614454277, 385]);
  });

  it('runs an aggregate by key: plan, add raw and encoded volumes, failures, summary, group volumes, drop', () => {
    const api = createComputeApi();
    const plan = api.beginAggregate('k', {
      shape: SHAPE,
      experiments: exps,
      normalizationMethod: 'injectionVolume',
      subtractOtherHemisphere: false,
      groupingMethod: 'AP',
      groupingBins: 2,
    });
    expect(plan.groups.map((g) => g.experimentIds)).toEqual([[1, 4], [2]]);
    expect(plan.excluded.map((e) => e.experimentId)).toEqual([3]);
    expect(api.hasAggregate('k')).toBe(false);
    expect(api.addToAggregate('k', 1, new Float32Array([1, 1, -1, 2]).buffer)).toEqual({ accepted: true });
    expect(api.addEncodedToAggregate('k', 2, densityNrrd(new Float32Array([2, 4, 6, 8]), SHAPE), 'nrrd')).toEqual({ accepted: true });
    // bytes that do not decode throw and leave the experiment to the caller (download again, or mark it)
    expect(() => api.addEncodedToAggregate('k', 4, new ArrayBuffer(8), 'nrrd')).toThrow(/not an NRRD file/);
    expect(() => api.addEncodedToAggregate('k', 4, densityNrrd(new Float32Array([1, 2]), { ...SHAPE, nx: 1 }), 'nrrd')).toThrow(
      /1×1×2 voxels, not the aggregate's/,
    );
    api.markAggregateFailed('k', 4, 'Decoding experiment 4 failed');
    expect(api.addToAggregate('k', 3, new Float32Array(4).buffer).accepted).toBe(false);
    const s = api.finishAggregate('k');
    expect(s.groups.map((g) => g.usedExperimentIds)).toEqual([[1], [2]]);
    expect(s.excluded.map((e) => e.experimentId)).toEqual([3, 4]);
    expect(s.excluded[1]?.reason).toBe('Decoding experiment 4 failed');
    expect(api.hasAggregate('k')).toBe(true);
    const g0 = api.getGroupVolume('k', 0);
    expect(Array.from(new Float32Array(g0.buffer))).toEqual([2, 2, NaN, 4]);
    expect(Array.from(new Float32Array(api.getGroupVolume('k', 1).buffer))).toEqual([1, 2, 3, 4]);
    // the returned buffer is a copy: mutating it does not change the held aggregate
    new Float32Array(g0.buffer).fill(0);
    expect(new Float32Array(api.getGroupVolume('k', 0).buffer)[0]).toBe(2);
    expect(() => api.getGroupVolume('k', 2)).toThrow(/group 2 does not exist/);
    expect(api.getAggregateSummary('k')?.key).toBe('k');
    api.dropAggregate('k');
    expect(api.hasAggregate('k')).toBe(false);
    expect(() => api.finishAggregate('k')).toThrow(/beginAggregate first/);
  });

  it('snapshots a running aggregate as a finished one under its own key while it keeps running', () => {
    const api = createComputeApi();
    const params = { shape: SHAPE, experiments: exps, normalizationMethod: 'none' as const, subtractOtherHemisphere: false, groupingMethod: 'none' as const };
    expect(api.snapshotAggregate('k', 'k#partial')).toBeNull();
    api.beginAggregate('k', params);
    api.addToAggregate('k', 1, new Float32Array([1, 1, -1, 2]).buffer);
    const snap = api.snapshotAggregate('k', 'k#partial');
    expect(snap?.groups[0]?.usedExperimentIds).toEqual([1]);
    expect(Array.from(new Float32Array(api.getGroupVolume('k#partial', 0).buffer))).toEqual([1, 1, NaN, 2]);
    expect(api.hasAggregate('k')).toBe(false);
    api.addToAggregate('k', 2, new Float32Array([3, 3, 3, 4]).buffer);
    // the snapshot is a copy: later adds do not change it; a new snapshot replaces it
    expect(Array.from(new Float32Array(api.getGroupVolume('k#partial', 0).buffer))).toEqual([1, 1, NaN, 2]);
    api.snapshotAggregate('k', 'k#partial');
    expect(Array.from(new Float32Array(api.getGroupVolume('k#partial', 0).buffer))).toEqual([2, 2, 3, 3]);
    expect(api.finishAggregate('k').groups[0]?.usedExperimentIds).toEqual([1, 2]);
    expect(() => api.snapshotAggregate('k', 'k')).not.toThrow(); // finished: nothing running, null
    expect(api.snapshotAggregate('k', 'k')).toBeNull();
  });

  it('refuses adds to a dropped aggregate and evicts the least recently used finished aggregate', () => {
    const api = createComputeApi({ maxFinishedAggregates: 2 });
    const params = { shape: SHAPE, experiments: exps, normalizationMethod: 'none' as const, subtractOtherHemisphere: false, groupingMethod: 'none' as const };
    api.beginAggregate('x', params);
    api.dropAggregate('x');
    expect(api.addToAggregate('x', 1, new Float32Array(4).buffer)).toEqual({ accepted: false, reason: 'no aggregate "x" in progress (dropped or finished)' });
    for (const k of ['a', 'b']) {
      api.beginAggregate(k, params);
      api.finishAggregate(k);
    }
    api.getAggregateSummary('a'); // a is now most recent
    api.beginAggregate('c', params);
    api.finishAggregate('c');
    expect(['a', 'b', 'c'].map((k) => api.hasAggregate(k))).toEqual([true, false, true]);
  });

  it('runs at most maxRunningAggregates at once; the oldest run is dropped with a reason', () => {
    const api = createComputeApi({ maxRunningAggregates: 2 });
    const params = { shape: SHAPE, experiments: exps, normalizationMethod: 'none' as const, subtractOtherHemisphere: false, groupingMethod: 'none' as const };
    for (const k of ['r1', 'r2', 'r3']) api.beginAggregate(k, params);
    const dropped = api.addToAggregate('r1', 1, new Float32Array(4).buffer);
    expect(dropped).toEqual({ accepted: false, reason: 'aggregate "r1" was dropped: more than 2 aggregates were begun at once; begin it again' });
    expect(() => api.finishAggregate('r1')).toThrow(/more than 2 aggregates were begun at once/);
    expect(api.addToAggregate('r2', 1, new Float32Array(4).buffer)).toEqual({ accepted: true });
    expect(api.memoryReport().aggregates.inProgress).toBe(2);
    api.beginAggregate('r1', params); // begun again: r2 (oldest) goes
    expect(api.addToAggregate('r1', 1, new Float32Array(4).buffer)).toEqual({ accepted: true });
    expect(api.addToAggregate('r2', 4, new Float32Array(4).buffer).accepted).toBe(false);
  });

  it('decoding straight into WebAssembly input slots (encoded adds) equals adding decoded arrays, bit for bit', () => {
    const shape: GridShape = { nx: 9, ny: 5, nz: 7, resolutionUm: 100 };
    const n = 9 * 5 * 7;
    let seed = 3;
    const rnd = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const vols = Array.from({ length: 11 }, () => Float32Array.from({ length: n }, () => (rnd() < 0.15 ? -1 : rnd() * 3)));
    const many: AggregateExperiment[] = vols.map((_, i) => ({
      id: i + 1,
      structureId: 385,
      injectionCoordUm: [500 + i * 300, 2000, i % 2 ? 8000 : 3000],
      injectionVolumeMm3: 0.25 + i / 7,
    }));
    const params = {
      shape,
      experiments: many,
      normalizationMethod: 'injectionVolume' as const,
      subtractOtherHemisphere: true,
      groupingMethod: 'AP' as const,
      groupingBins: 3,
    };
    const api = createComputeApi();
    api.beginAggregate('enc', { ...params, encodedInputs: true });
    api.beginAggregate('enc-heap', params); // encoded adds decoded to a JS array, then copied in
    api.beginAggregate('arr', params);
    vols.forEach((v, i) => {
      expect(api.addEncodedToAggregate('enc', i + 1, densityNrrd(v, shape), 'nrrd')).toEqual({ accepted: true });
      expect(api.addEncodedToAggregate('enc-heap', i + 1, densityNrrd(v, shape), 'nrrd')).toEqual({ accepted: true });
      expect(api.addToAggregate('arr', i + 1, v.slice().buffer)).toEqual({ accepted: true });
    });
    expect(api.memoryReport().accumulatorPool.bytes).toBe(0);
    const groups = api.finishAggregate('enc').groups.length;
    // the finished resident accumulator's WebAssembly memory is pooled for the next aggregate
    expect(api.memoryReport().accumulatorPool.bytes).toBeGreaterThan(8 * n * 4);
    api.finishAggregate('enc-heap');
    api.finishAggregate('arr');
    expect(groups).toBe(3);
    for (let g = 0; g < groups; g++) {
      const b = new Uint32Array(api.getGroupVolume('arr', g).buffer);
      expect(new Uint32Array(api.getGroupVolume('enc', g).buffer)).toEqual(b);
      expect(new Uint32Array(api.getGroupVolume('enc-heap', g).buffer)).toEqual(b);
    }
  });
});
