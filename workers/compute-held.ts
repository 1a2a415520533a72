// What the compute worker keeps between calls, by key, with memory caps: finished aggregates,
// decoded annotations, region masks and projectome contexts (LRU each). Getters throw an Error
// that names the missing key and the call that creates it.
import type { AggregateResult } from '../src/compute/aggregate';
import type { GridShape } from '../src/compute/grid';
import type { LabelRunsVolume } from '../src/compute/label-runs-volume';
import type { ProjectomeContext } from '../src/compute/projectome';
import { pooledAccumulatorBytes } from '../src/compute/simd-accumulate';
import type { AggregateSummary } from '../src/protocol/compute-contract';
import type { ComputeMemoryCaps, MemoryReport, ProjectomeSummary } from '../src/protocol/compute-views-contract';
import { LruStore } from './compute-store';

export interface HeldAggregate {
  readonly result: AggregateResult;
  readonly summary: AggregateSummary;
}
export interface HeldVolume<T extends Uint32Array | Uint8Array> {
  readonly data: T;
  readonly shape: GridShape;
}
export interface HeldProjectome {
  /** Aggregates whose group volumes the context references (dropping one drops the projectome). */
  readonly aggregateKeys: ReadonlySet<string>;
  readonly ctx: ProjectomeContext;
  readonly summary: ProjectomeSummary;
}

const MB = 1024 * 1024;
export const DEFAULT_CAPS: ComputeMemoryCaps = {
  maxFinishedAggregates: 8,
  maxRunningAggregates: 3,
  // 25 µm (308 MB) + 50 µm (38.5 MB) + 100 µm (4.8 MB) fit; two 25 µm volumes never do. Two more
  // 100 µm volumes: a user's annotation and its cut to the subregions target.
  maxAnnotations: 5,
  maxAnnotationBytes: 360 * MB,
  maxMasks: 32,
  maxMaskBytes: 256 * MB,
  maxProjectomes: 4,
};

const aggregateBytes = (a: HeldAggregate): number =>
  a.result.combinedProjection.reduce((s, v) => s + v.byteLength, 0) + a.result.validCounts.reduce((s, v) => s + v.byteLength, 0);
const projectomeBytes = (p: HeldProjectome): number => p.ctx.targetPixels.reduce((s, v) => s + v.byteLength, 0) + p.ctx.markerSizes.byteLength;

export class WorkerHeld {
  readonly aggregates: LruStore<HeldAggregate>;
  readonly annotations: LruStore<HeldVolume<Uint32Array>>;
  /** Annotations too large to expand (25 µm), held as their label runs. */
  readonly annotationRuns: LruStore<LabelRunsVolume>;
  readonly masks: LruStore<HeldVolume<Uint8Array>>;
  readonly projectomes: LruStore<HeldProjectome>;
  inProgress = (): number => 0;

  constructor(readonly caps: ComputeMemoryCaps) {
    this.aggregates = new LruStore({
      maxEntries: Math.max(1, caps.maxFinishedAggregates),
      sizeOf: aggregateBytes,
      // a projectome pins its source volumes: drop it with them so memory really is released
      onRemove: (key) => {
        for (const k of this.projectomes.keys()) if (this.projectomes.peek(k)?.aggregateKeys.has(key)) this.projectomes.delete(k);
      },
    });
    this.annotations = new LruStore({
      maxEntries: Math.max(1, caps.maxAnnotations),
      maxBytes: caps.maxAnnotationBytes,
      sizeOf: (a) => a.data.byteLength,
      // at most one annotation at 25 µm or finer (308 MB decoded)
      conflicts: (incoming, held) => (incoming.shape.resolutionUm <= 25 ? [...held].filter(([, a]) => a.shape.resolutionUm <= 25).map(([k]) => k) : []),
    });
    this.annotationRuns = new LruStore({ maxEntries: 2, sizeOf: (v) => v.byteLength });
    this.masks = new LruStore({ maxEntries: Math.max(1, caps.maxMasks), maxBytes: caps.maxMaskBytes, sizeOf: (m) => m.data.byteLength });
    this.projectomes = new LruStore({ maxEntries: Math.max(1, caps.maxProjectomes), sizeOf: projectomeBytes });
  }

  aggregate(key: string): HeldAggregate {
    const a = this.aggregates.get(key);
    if (a === undefined) throw new Error(`no aggregate '${key}' in the worker; call beginAggregate/finishAggregate first`);
    return a;
  }

  group(key: string, group: number): Float32Array {
    const a = this.aggregate(key);
    const v = a.result.combinedProjection[group];
    if (!Number.isInteger(group) || v === undefined) {
      throw new RangeError(`aggregate '${key}' has ${a.result.combinedProjection.length} groups; group ${group} does not exist`);
    }
    return v;
  }

  annotation(key: string): HeldVolume<Uint32Array> {
    const a = this.annotations.get(key);
    if (a === undefined && this.annotationRuns.has(key))
      throw new Error(`annotation '${key}' is held as label runs (too large to expand): it draws sections and boundaries, not masks or surfaces`);
    if (a === undefined)
      throw new Error(`no annotation '${key}' in the worker; call loadAnnotation first (it may have been evicted: ${this.annotations.size} held)`);
    return a;
  }

  mask(key: string): HeldVolume<Uint8Array> {
    const m = this.masks.get(key);
    if (m === undefined) throw new Error(`no mask '${key}' in the worker; call regionMask first (it may have been evicted)`);
    return m;
  }

  projectome(key: string): HeldProjectome {
    const p = this.projectomes.get(key);
    if (p === undefined)
      throw new Error(`no projectome '${key}' in the worker; call prepareProjectome first (dropping or evicting a source aggregate drops it)`);
    return p;
  }

  report(): MemoryReport {
    const aggregates = { count: this.aggregates.size, inProgress: this.inProgress(), bytes: this.aggregates.bytes() };
    const annotations = { count: this.annotations.size + this.annotationRuns.size, bytes: this.annotations.bytes() + this.annotationRuns.bytes() };
    const masks = { count: this.masks.size, bytes: this.masks.bytes() };
    const projectomes = { count: this.projectomes.size, bytes: this.projectomes.bytes() };
    const accumulatorPool = { bytes: pooledAccumulatorBytes() };
    const totalBytes = aggregates.bytes + annotations.bytes + masks.bytes + projectomes.bytes + accumulatorPool.bytes;
    return { aggregates, annotations, masks, projectomes, accumulatorPool, totalBytes };
  }
}

/** Transfer list of every typed-array buffer reachable in a freshly built result (deduplicated). */
export function buffersOf(value: unknown, out: Set<ArrayBuffer> = new Set(), depth = 0): ArrayBuffer[] {
  if (depth > 6 || value === null || typeof value !== 'object') return [...out];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (value instanceof ArrayBuffer) {
    out.add(value);
  } else if (!(value instanceof Map) && !(value instanceof Set)) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) buffersOf(v, out, depth + 1);
  }
  return [...out];
}
