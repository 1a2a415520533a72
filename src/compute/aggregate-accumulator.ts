// Streaming per-group mean of volumes that never holds more than `batchSize` inputs at once.
// Memory order is whatever the inputs share (Allen: AP fastest). No-data policy: a voxel that is
// NaN or equal to the add() sentinel (default −1, Allen's no-data) is left out of both the sum and
// the count of that voxel; finish() returns sum / count per voxel, and NaN where count = 0.
// Arithmetic is float32 (sum += f32(value · f32(1/divisor))), identical in the SIMD and scalar backends.
import { type AccumulateBackend, type AccumulateInput, createScalarBackend, createSimdBackend } from './simd-accumulate';
import { type GridShape, NO_DATA, voxelCount } from './grid';

export type AccumulatorBackendChoice = 'auto' | 'simd' | 'scalar';

export interface AccumulatorOptions {
  /** 'auto' (default) uses WebAssembly SIMD when available, else scalar JS. */
  readonly backend?: AccumulatorBackendChoice;
  /**
   * Inputs buffered before one cache-blocked pass (default 8). Inputs are referenced, not
   * copied, until flushed: callers must not mutate a volume after add().
   */
  readonly batchSize?: number;
  /**
   * SIMD only: reserve batchSize whole-volume input slots in WebAssembly memory (+4 bytes per
   * voxel each) so inputs can be written there directly (inputSlot()) and added without a copy.
   * finish() then returns copies of the means/counts and recycles the memory for the next
   * accumulator of the same size.
   */
  readonly residentInputs?: boolean;
  /**
   * False: finish() and peek() return no per-voxel counts (validCounts is []). A caller that only
   * needs the means (the worker) saves a copy of one int32 grid per group (4.8 MB each at 100 µm,
   * whose fresh pages cost more than the copy) and holds less. Default true.
   */
  readonly keepValidCounts?: boolean;
}

export interface AddOptions {
  /**
   * Hemisphere-subtract the input first (bsv layout; see aggregate.ts), `subtract` being the
   * injected side. Needs a GridShape accumulator. In the injected half a pair with no data on
   * either side is no data; the other half is a valid 0.
   */
  readonly subtract?: 'left' | 'right' | null;
  /** Each valid value is divided by this (e.g. injection volume in mm³). Default 1. Must be finite and > 0. */
  readonly divisor?: number;
  /** Value marking no data besides NaN. Default NO_DATA (−1); pass NaN when only NaN marks no data. */
  readonly sentinel?: number;
}

export interface AccumulatorResult {
  /**
   * Per group: mean over valid inputs per voxel (f32(sum) / count); NaN where no input was valid.
   * With the SIMD backend (without residentInputs) these are views on the accumulator's
   * WebAssembly memory (which they keep alive); slice() before transferring.
   */
  readonly means: Float32Array[];
  /** Per group: number of valid inputs per voxel ([] when created with keepValidCounts false). */
  readonly validCounts: Int32Array[];
  /** Per group: number of volumes added. */
  readonly counts: number[];
  readonly backend: 'simd' | 'scalar';
}

export interface Accumulator {
  readonly backend: 'simd' | 'scalar';
  add(groupIndex: number, volume: Float32Array, options?: AddOptions): void;
  /**
   * Where to write the next input (e.g. decode into it) before passing that same view to add():
   * such inputs are accumulated without any copy. A view of WebAssembly memory, valid until that
   * add(); null unless created with residentInputs on the SIMD backend. Bit-identical results.
   */
  inputSlot(): Float32Array | null;
  /** Flush pending inputs and return per-group means. The accumulator cannot be reused after. */
  finish(): AccumulatorResult;
  /**
   * The means of what was added so far, as new arrays (bit-identical to what finish() would
   * return now); the accumulator keeps going. One pass over every group: for partial previews.
   */
  peek(): AccumulatorResult;
}

interface Pending extends AccumulateInput {
  readonly group: number;
}

export function createAccumulator(shape: GridShape | number, nGroups: number, options: AccumulatorOptions = {}): Accumulator {
  const n = typeof shape === 'number' ? shape : voxelCount(shape);
  const layout = typeof shape === 'number' ? { slab: n, nz: 1 } : { slab: shape.nx * shape.ny, nz: shape.nz };
  if (!Number.isInteger(nGroups) || nGroups < 1) throw new RangeError(`nGroups must be a positive integer, got ${nGroups}`);
  const choice = options.backend ?? 'auto';
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 8));
  let backend: AccumulateBackend;
  if (choice === 'scalar') {
    backend = createScalarBackend(nGroups, layout);
  } else {
    const simd = createSimdBackend(nGroups, layout, batchSize, options.residentInputs ?? false);
    if (simd === null && choice === 'simd') throw new Error('WebAssembly SIMD is unavailable in this runtime');
    backend = simd ?? createScalarBackend(nGroups, layout);
  }
  const pending: Pending[] = [];
  const counts = new Array<number>(nGroups).fill(0);
  const keepCounts = options.keepValidCounts ?? true;
  let finished = false;

  const flush = (): void => {
    if (pending.length === 0) return;
    // One run per group over the whole grid; the backend blocks it into cache-sized chunks so
    // each chunk of the group's sums/counts is loaded and stored once per batch.
    const byGroup = new Map<number, AccumulateInput[]>();
    for (const p of pending) byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p]);
    for (const [g, inputs] of byGroup) backend.run(inputs, g);
    pending.length = 0;
  };

  return {
    backend: backend.kind,
    add(groupIndex, volume, opts = {}) {
      if (finished) throw new Error('accumulator already finished');
      if (!Number.isInteger(groupIndex) || groupIndex < 0 || groupIndex >= nGroups) {
        throw new RangeError(`group ${groupIndex} out of range 0…${nGroups - 1}`);
      }
      if (volume.length !== n) throw new RangeError(`volume has ${volume.length} voxels, accumulator expects ${n}`);
      const divisor = opts.divisor ?? 1;
      if (!Number.isFinite(divisor) || divisor <= 0) throw new RangeError(`divisor must be finite and > 0, got ${divisor}`);
      const subtract = opts.subtract ?? null;
      // slot k is handed out again when k inputs are pending: it may only sit at position ≥ k
      for (let k = pending.length + 1; k < batchSize; k++) {
        if (volume === backend.inputSlot(k))
          throw new Error(`input slot ${k} would be handed out again while pending: call inputSlot() right before filling it`);
      }
      if (subtract !== null && typeof shape === 'number') throw new Error('hemisphere subtraction needs an accumulator created with a GridShape');
      pending.push({ group: groupIndex, src: volume, divisor, sentinel: opts.sentinel ?? NO_DATA, subtract });
      counts[groupIndex] = (counts[groupIndex] ?? 0) + 1;
      if (pending.length >= batchSize) flush();
    },
    inputSlot: () => (finished ? null : backend.inputSlot(pending.length)),
    peek() {
      if (finished) throw new Error('accumulator already finished');
      flush();
      const means: Float32Array[] = [];
      const validCounts: Int32Array[] = [];
      for (let g = 0; g < nGroups; g++) {
        const s = backend.sums[g] ?? new Float32Array(n);
        const c = backend.counts[g] ?? new Int32Array(n);
        // f32 / f32 computed in double and rounded once equals the backends' f32 division.
        const m = new Float32Array(n);
        for (let j = 0; j < n; j++) m[j] = (s[j] as number) / (c[j] as number);
        means.push(m);
        if (keepCounts) validCounts.push(c.slice());
      }
      return { means, validCounts, counts: counts.slice(), backend: backend.kind };
    },
    finish() {
      if (finished) throw new Error('accumulator already finished');
      flush();
      finished = true;
      // Means overwrite the sums in place (no copy); the arrays are views owned by the result.
      const means: Float32Array[] = [];
      const validCounts: Int32Array[] = [];
      const own = backend.inputSlot(0) !== null; // resident mode: copy out, recycle the memory
      for (let g = 0; g < nGroups; g++) {
        backend.finishGroup(g);
        const m = backend.sums[g] ?? new Float32Array(n);
        const c = backend.counts[g] ?? new Int32Array(n);
        means.push(own ? m.slice() : m);
        if (keepCounts) validCounts.push(own ? c.slice() : c);
      }
      if (own) backend.release();
      return { means, validCounts, counts: counts.slice(), backend: backend.kind };
    },
  };
}
