import 'fake-indexeddb/auto';
import { gzipSync } from 'fflate';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import type { AllenClient } from '../allen/index.ts';
import { AllenError } from '../allen/index.ts';
import type { Experiment } from '../allen/types.ts';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import type { AggregateRequest, DataEvent } from '../protocol/data-contract.ts';
import { createComputeApi } from '../../workers/compute.api.ts';
import { buildAggregate, createAggregateMemory, meansPersisted, type AggregateDeps } from './aggregates.ts';
import { createVolumeCache } from './cache/index.ts';
import type { DownloadQueue, LoadResult } from './download-queue.ts';
import { aggregateKey } from './keys.ts';

type AggregateSpec = Omit<AggregateRequest, 'experiments'> & { readonly experiments: readonly Experiment[] };
type PartialAggregate = Extract<DataEvent, { kind: 'partial' }>;

const candidates = (spec: AggregateSpec): AggregateRequest => ({
  ...spec,
  experiments: spec.experiments.map((e) => ({
    id: e.id,
    structureId: e.structureId,
    injectionCoordUm: e.injectionCoordUm,
    metadataVolumeMm3: e.injectionVolumeMm3,
  })),
});
const N = voxelCount(DENSITY_SHAPE);

function experiment(id: number, ap: number): Experiment {
  return {
    id,
    structureId: 1,
    structureAcronym: 'A',
    structureName: 'A',
    injectionStructureIds: [1],
    transgenicLine: null,
    injectionVolumeMm3: 0.5,
    injectionCoordUm: [ap, 4000, 3000],
    productId: 5,
    gender: null,
    strain: null,
    specimenName: null,
  };
}

const encoded = new Map<number, Uint8Array>();
/** Experiment `id`'s grid as Allen serves it (gzip NRRD), every voxel = id. */
function gridBytes(id: number): Uint8Array {
  let bytes = encoded.get(id);
  if (!bytes) {
    const head = new TextEncoder().encode(
      `NRRD0004\ntype: float\ndimension: 3\nsizes: ${DENSITY_SHAPE.nx} ${DENSITY_SHAPE.ny} ${DENSITY_SHAPE.nz}\nspacings: 100 100 100\nendian: little\nencoding: gzip\n\n`,
    );
    const gz = gzipSync(new Uint8Array(new Float32Array(N).fill(id).buffer), { level: 1 });
    bytes = new Uint8Array(head.length + gz.length);
    bytes.set(head);
    bytes.set(gz, head.length);
    encoded.set(id, bytes);
  }
  return bytes;
}

/**
 * A queue that hands out volume k filled with value k+1; `fail` ids fail; `between` runs between
 * arrivals; `source` 'network' (default) reports each grid downloading first, as the real queue does.
 */
function fakeQueue(fail: ReadonlySet<number> = new Set(), between: () => Promise<void> = async () => undefined, source: 'network' | 'cache' = 'network') {
  const loads: number[][] = [];
  const queue: DownloadQueue = {
    async load(ids, options): Promise<LoadResult> {
      loads.push([...ids]);
      const failed = new Map<number, AllenError>();
      for (const id of ids) {
        await between();
        if (fail.has(id)) {
          failed.set(id, new AllenError({ kind: 'http', what: 'download', url: `u/${id}`, detail: '503' }));
          continue;
        }
        if (source === 'network') options.onStatus?.({ experimentId: id, state: 'downloading', receivedBytes: 0, totalBytes: null, attempt: 1 });
        await options.onGrid({ experimentId: id, source, format: 'nrrd', bytes: gridBytes(id) }, options.signal ?? new AbortController().signal);
      }
      return { loaded: ids.filter((id) => !fail.has(id)), fromCache: [], failed };
    },
  } as DownloadQueue;
  return { queue, loads };
}

/** PSU injection volumes (is_injection, 997, hemisphere 3): deliberately not the metadata's 0.5. */
const PSU: ReadonlyMap<number, number | null> = new Map([
  [1, 0.25],
  [2, 0.4],
  [3, 0.8],
  [4, 0.5],
  [5, 0.5],
  [6, null],
]);

interface TestDeps extends AggregateDeps {
  readonly api: ComputeWorkerApi;
  readonly memory: ReturnType<typeof createAggregateMemory>;
}

function deps(name: string, queue: DownloadQueue, api = createComputeApi(), psu: { asked: number[][]; down?: boolean } = { asked: [] }): TestDeps {
  const cache = createVolumeCache({ store: createStore(`agg-pipe-${name}`, 'volumes') });
  const client = {
    fetchInjectionVolumes: async (ids: readonly number[]) => {
      psu.asked.push([...ids]);
      if (psu.down) throw new AllenError({ kind: 'http', what: 'Injection volumes', url: 'u', detail: '503' });
      return new Map(ids.map((id) => [id, PSU.get(id) ?? null]));
    },
  } as unknown as AllenClient;
  return {
    ctx: { config: { apiBase: 'https://api.test', downloadBase: 'https://dl.test', release: 'r' }, client, cache },
    queue,
    compute: api,
    api,
    memory: createAggregateMemory(),
  };
}

/** A new page: a fresh worker (compute API and memory) over the same IndexedDB and Allen. */
const fresh = (d: TestDeps): TestDeps => {
  const api = createComputeApi();
  return { ...d, compute: api, api, memory: createAggregateMemory() };
};

/** Builds, then waits for the means' writes behind the result (as a page left open would), unless `unsettled`. */
async function build(
  d: TestDeps,
  spec: AggregateSpec,
  extra: { retryFailed?: boolean; partialEveryMs?: number; onPartial?: (p: PartialAggregate) => void; unsettled?: boolean } = {},
) {
  const onEvent = (e: DataEvent) => {
    if (e.kind === 'partial') extra.onPartial?.(e);
  };
  const out = await buildAggregate(
    d,
    d.memory,
    { ...candidates(spec), retryFailed: extra.retryFailed, partialEveryMs: extra.partialEveryMs ?? 0 },
    new AbortController().signal,
    onEvent,
  );
  if (!extra.unsettled) await meansPersisted(d.memory);
  return out;
}

const exps = [experiment(1, 3000), experiment(2, 3500), experiment(3, 9000)];
const spec: AggregateSpec = {
  experiments: exps,
  grouping: 'region',
  regionGroups: [
    { label: 'A', experimentIds: [1, 2] },
    { label: 'B', experimentIds: [3] },
  ],
  normalization: 'none',
  subtractOtherHemisphere: false,
};

describe('buildAggregate', () => {
  it('averages, then reuses the worker copy, then restores from IndexedDB in a fresh worker', async () => {
    const { queue, loads } = fakeQueue();
    const d = deps('reuse', queue);
    const a = await build(d, spec);
    expect(a.from).toBe('computed');
    expect(a.groups.map((g) => [g.label, g.usedExperimentIds])).toEqual([
      ['A', [1, 2]],
      ['B', [3]],
    ]);
    expect(new Float32Array(d.api.getGroupVolume(a.key, 0).buffer)[0]).toBe(1.5);
    expect((await build(d, spec)).from).toBe('worker');
    const restored = await build(fresh(d), spec);
    expect(restored.from).toBe('restored');
    expect(restored.groups.map((g) => g.usedExperimentIds)).toEqual([[1, 2], [3]]);
    expect(loads).toHaveLength(1);
  });

  it('a new combination of sources averaged before reads their stored means, not their volumes', async () => {
    const { queue, loads } = fakeQueue();
    const d = deps('combo', queue);
    const four = [experiment(4, 6000), experiment(5, 6100)];
    const ab: AggregateSpec = { ...spec, experiments: [...exps, ...four] };
    await build(d, ab);
    // another combination: B (stored) with a new group C (never averaged)
    const bc: AggregateSpec = {
      ...ab,
      regionGroups: [
        { label: 'B', experimentIds: [3] },
        { label: 'C', experimentIds: [4, 5] },
      ],
    };
    const page2 = fresh(d);
    const out = await build(page2, bc);
    expect(out.from).toBe('computed');
    expect(loads).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(out.groups.map((g) => g.usedExperimentIds)).toEqual([[3], [4, 5]]);
    const api = page2.api;
    expect(new Float32Array(api.getGroupVolume(out.key, 0).buffer)[0]).toBe(3);
    expect(new Float32Array(api.getGroupVolume(out.key, 1).buffer)[0]).toBe(4.5);
    // all groups stored: nothing is loaded at all
    const again = await build(fresh(d), bc);
    expect(again.from).toBe('restored');
    expect(loads).toHaveLength(2);
  });

  it('injection-volume normalisation divides by the PSU injection volume; metadata-volume by the metadata one', async () => {
    const psu = { asked: [] as number[][] };
    const d = deps('psu', fakeQueue().queue, createComputeApi(), psu);
    const a = await build(d, { ...spec, normalization: 'injection-volume' });
    expect(new Float32Array(d.api.getGroupVolume(a.key, 0).buffer)[0]).toBe((1 / 0.25 + 2 / 0.4) / 2);
    expect(new Float32Array(d.api.getGroupVolume(a.key, 1).buffer)[0]).toBeCloseTo(3 / 0.8, 6);
    expect(psu.asked).toEqual([[1, 2, 3]]);
    const m = await build(d, { ...spec, normalization: 'metadata-volume' });
    expect(new Float32Array(d.api.getGroupVolume(m.key, 0).buffer)[0]).toBe((1 / 0.5 + 2 / 0.5) / 2);
    // the volumes are cached like grids: a fresh page asks Allen for nothing
    const again = deps('psu', fakeQueue().queue, createComputeApi(), psu);
    await build(again, { ...spec, experiments: [...exps], normalization: 'injection-volume', regionGroups: [{ label: 'A', experimentIds: [1, 2, 3] }] });
    expect(psu.asked).toHaveLength(1);
  });

  it('an experiment without a PSU injection record is excluded from normalised means with that reason', async () => {
    const d = deps('no-psu', fakeQueue().queue);
    const six = experiment(6, 4000);
    const s: AggregateSpec = { ...spec, experiments: [...exps, six], regionGroups: [{ label: 'A', experimentIds: [1, 6] }], normalization: 'injection-volume' };
    const a = await build(d, s);
    expect(a.groups[0]?.experimentIds).toEqual([1]);
    expect(a.excluded.find((x) => x.experimentId === 6)?.reason).toMatch(/^no injection record .*structure 997/);
    expect(new Float32Array(d.api.getGroupVolume(a.key, 0).buffer)[0]).toBe(4);
    // without normalisation nothing needs it: 6 is averaged
    const raw = await build(d, { ...s, normalization: 'none' });
    expect(raw.groups[0]?.usedExperimentIds).toEqual([1, 6]);
  });

  it('volumes whose PSU record could not be fetched are failed (retryable), never given another divisor', async () => {
    const psu = { asked: [] as number[][], down: true };
    const d = deps('psu-down', fakeQueue().queue, createComputeApi(), psu);
    const norm: AggregateSpec = { ...spec, regionGroups: [{ label: 'A', experimentIds: [1, 2] }], normalization: 'injection-volume' };
    await expect(build(d, norm)).rejects.toThrow(/injection volume could not be fetched/);
    psu.down = false;
    const ok = await build(d, norm, { retryFailed: true });
    expect(ok.groups[0]?.usedExperimentIds).toEqual([1, 2]);
    expect(ok.failed.size).toBe(0);
  });

  it('a stored mean normalised by injection volume is not divided again when reused', async () => {
    const d = deps('norm', fakeQueue().queue);
    const norm: AggregateSpec = { ...spec, normalization: 'injection-volume' };
    const first = await build(d, norm);
    const before = new Float32Array(d.api.getGroupVolume(first.key, 0).buffer)[0];
    expect(before).toBe(4.5); // (1/0.25 + 2/0.4) / 2, the PSU injection volumes
    const page2 = fresh(d);
    const again = await build(page2, norm);
    expect(again.from).toBe('restored');
    expect(new Float32Array(page2.api.getGroupVolume(again.key, 0).buffer)[0]).toBe(before);
    // a different normalisation never reads those means
    const plain = await build(fresh(d), spec);
    expect(plain.from).toBe('computed');
  });

  it('keys depend on processing and experiments, not on the order of calls', async () => {
    const key = (x: AggregateSpec) => aggregateKey(candidates(x));
    expect(await key(spec)).toBe(await key({ ...spec }));
    expect(await key(spec)).not.toBe(await key({ ...spec, normalization: 'injection-volume' }));
    expect(await key(spec)).not.toBe(await key({ ...spec, regionGroups: [{ label: 'A', experimentIds: [1] }] }));
    const binned = { ...spec, grouping: 'AP' as const, regionGroups: undefined };
    expect(await key({ ...binned, groupingBins: 2 })).not.toBe(await key({ ...binned, groupingBins: 3 }));
    // a SHA-256 digest, not a 32-bit hash
    expect(await key(spec)).toMatch(/\|[0-9a-f]{32}$/);
  });

  it('leaves failed experiments out of the denominator, names them, does not persist, and retries on request', async () => {
    const fail = new Set([2]);
    const { queue, loads } = fakeQueue(fail);
    const d = deps('fail', queue);
    const a = await build(d, spec);
    expect(a.groups[0]?.usedExperimentIds).toEqual([1]);
    expect([...a.failed.keys()]).toEqual([2]);
    expect(new Float32Array(d.api.getGroupVolume(a.key, 0).buffer)[0]).toBe(1);
    // group A (with the failure) is not kept; group B (complete) is: its mean + its used ids
    expect((await d.ctx.cache.list()).length).toBe(2);
    fail.clear();
    const again = await build(d, spec, { retryFailed: true });
    expect(again.from).toBe('computed');
    expect(again.groups[0]?.usedExperimentIds).toEqual([1, 2]);
    expect(again.failed.size).toBe(0);
    expect(loads).toHaveLength(2);
  });

  it('hands out partial snapshots while volumes arrive and drops them when done', async () => {
    const d0 = deps('partial', fakeQueue().queue);
    const previews: Array<PartialAggregate & { first: number }> = [];
    // each arrival yields to the event loop, so the snapshot runs between arrivals
    const { queue } = fakeQueue(new Set(), () => new Promise((r) => setTimeout(r, 1)));
    const d = { ...d0, queue };
    const a = await build(d, spec, {
      partialEveryMs: 1,
      onPartial: (p) => {
        previews.push({ ...p, first: new Float32Array(d.api.getGroupVolume(p.key, 0).buffer)[0] ?? Number.NaN });
      },
    });
    expect(previews.length).toBeGreaterThan(0);
    for (const p of previews) {
      expect(p.total).toBe(3);
      expect(p.received).toBeLessThan(3);
      // the preview's group A mean is the mean of what had arrived
      const arrived = p.usedIds[0] ?? [];
      expect(p.first).toBe(arrived.length === 0 ? Number.NaN : arrived.reduce((x, y) => x + y, 0) / arrived.length);
    }
    expect(d.api.hasAggregate(`${a.key}#partial`)).toBe(false);
    expect(a.groups.map((g) => g.usedExperimentIds)).toEqual([[1, 2], [3]]);
  });

  it('grids read from the cache alone get no previews (they arrive too fast to need one)', async () => {
    const { queue } = fakeQueue(new Set(), () => new Promise((r) => setTimeout(r, 2)), 'cache');
    const d = { ...deps('no-partial', queue) };
    let previews = 0;
    const a = await build(d, spec, { partialEveryMs: 1, onPartial: () => previews++ });
    expect(previews).toBe(0);
    expect(a.groups.map((g) => g.usedExperimentIds)).toEqual([[1, 2], [3]]);
  });

  it('the result does not wait for its means to be stored: they are written behind it', async () => {
    const d = deps('behind', fakeQueue().queue);
    const a = await build(d, spec, { unsettled: true });
    expect(d.memory.writes.size).toBeGreaterThan(0);
    const stored = async () => (await d.ctx.cache.list()).filter((e) => e.parts?.kind === 'aggregate').length;
    expect(await stored()).toBe(0);
    await meansPersisted(d.memory);
    expect(await stored()).toBeGreaterThan(0);
    // and a fresh page restores them
    const page2 = fresh(d);
    const again = await build(page2, spec);
    expect(again.key).toBe(a.key);
    expect(again.from).toBe('restored');
  });

  it("starts the grids' load before the accumulator is set up; a grid handed out before that waits for it; a failed set-up stops the load", async () => {
    const order: string[] = [];
    let loadSignal: AbortSignal | undefined;
    const queue: DownloadQueue = {
      load(ids, options) {
        order.push('load');
        loadSignal = options.signal;
        // the first grid at once, in the same turn (the real queue reads IndexedDB first)
        const first = Promise.resolve(options.onGrid({ experimentId: 1, source: 'cache', format: 'nrrd', bytes: gridBytes(1) }, new AbortController().signal));
        return fakeQueue()
          .queue.load(
            ids.filter((id) => id !== 1),
            options,
          )
          .then((r) => first.then(() => ({ ...r, loaded: [1, ...r.loaded] })));
      },
    };
    const api = createComputeApi();
    const begin = api.beginAggregate.bind(api);
    let failBegin = false;
    const counted: ComputeWorkerApi = {
      ...api,
      beginAggregate: (key, params) => {
        order.push('begin');
        if (failBegin) throw new RangeError('out of memory');
        return begin(key, params);
      },
    };
    const d = deps('reads-first', queue, counted);
    const a = await build(d, spec);
    expect(order).toEqual(['load', 'begin']);
    // grid 1, handed out first, was added once the accumulator was there
    expect(a.groups.map((g) => [...g.usedExperimentIds].sort())).toEqual([[1, 2], [3]]);
    expect(new Float32Array(api.getGroupVolume(a.key, 0).buffer)[0]).toBe(1.5);

    failBegin = true;
    await expect(build(deps('reads-first-fails', queue, counted), { ...spec, regionGroups: [{ label: 'A', experimentIds: [1, 2] }] })).rejects.toThrow(
      'out of memory',
    );
    expect(loadSignal?.aborted).toBe(true);
  });

  it('refuses a spec with nothing to average, saying why', async () => {
    const d = deps('empty', fakeQueue().queue);
    await expect(build(d, { ...spec, regionGroups: [{ label: 'A', experimentIds: [] }] })).rejects.toThrow(/No experiment can be averaged/);
    await expect(build(d, { ...spec, regionGroups: [] })).rejects.toThrow(/region group/);
  });

  it('grids that arrive gzipped come back packed for the cache, and the packed forms average to the same bits', async () => {
    // grids with zeros, no-data (−1) and varied values, as Allen's are
    const patterned = (id: number): Uint8Array => {
      const g = new Float32Array(N);
      for (let i = id; i < N; i += 7 + id) g[i] = (i % 13) / (id + 3);
      g.fill(-1, 100 * id, 100 * id + 40);
      const head = new TextEncoder().encode(
        `NRRD0004\ntype: float\ndimension: 3\nsizes: ${DENSITY_SHAPE.nx} ${DENSITY_SHAPE.ny} ${DENSITY_SHAPE.nz}\nspacings: 100 100 100\nendian: little\nencoding: gzip\n\n`,
      );
      const gz = gzipSync(new Uint8Array(g.buffer), { level: 1 });
      const out = new Uint8Array(head.length + gz.length);
      out.set(head);
      out.set(gz, head.length);
      return out;
    };
    const packed = new Map<number, Uint8Array>();
    const queueOf = (format: 'nrrd' | 'packed'): DownloadQueue => ({
      async load(ids, options): Promise<LoadResult> {
        for (const id of ids) {
          const bytes = format === 'nrrd' ? patterned(id) : packed.get(id);
          if (!bytes) throw new Error(`no packed form of ${id}`);
          const back = await options.onGrid({ experimentId: id, source: format === 'nrrd' ? 'network' : 'cache', format, bytes }, new AbortController().signal);
          if (format === 'nrrd' && back instanceof Uint8Array) packed.set(id, back.slice());
          if (format === 'packed') expect(back).toBeUndefined(); // already in the cache's form
        }
        return { loaded: [...ids], fromCache: [], failed: new Map() };
      },
    });
    const fromGzip = deps('packed-a', queueOf('nrrd'));
    const a = await build(fromGzip, spec);
    expect([...packed.keys()].sort()).toEqual([1, 2, 3]);
    expect(Math.max(...[...packed.values()].map((b) => b.length))).toBeLessThan(N * 4 * 0.2);
    const fromPacked = deps('packed-b', queueOf('packed'));
    const b = await build(fromPacked, spec);
    for (const g of [0, 1]) {
      const x = new Uint32Array(fromGzip.api.getGroupVolume(a.key, g).buffer);
      const y = new Uint32Array(fromPacked.api.getGroupVolume(b.key, g).buffer);
      let differ = 0;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differ++;
      expect(differ).toBe(0);
      expect(x.some((v) => v !== 0)).toBe(true);
    }
  });
});
