// Hot loop of aggregation, per voxel j of one input:
//   x = src[j], or for hemisphere subtraction (bsv layout, see aggregate.ts):
//       x = j in the injected half ? (pair valid ? f32(src[j] − src[mirror(j)]) : NaN) : 0
//   valid = x is not NaN and x ≠ sentinel (sentinel NaN for subtraction inputs)
//   sum[j] += valid ? f32(x · scale) : +0        (f32, scale = f32(1 / divisor))
//   count[j] += valid ? 1 : 0                     (int32)
// Two backends with identical results for every number (NaN payloads aside): WebAssembly SIMD
// (simd-wasm.ts) and scalar JS, which sums grid-processing.ts's processSlab() values (the one
// per-voxel definition, also measured by the subregions view) and matches the lane arithmetic
// exactly. Multiplying by the f32 reciprocal instead of dividing differs from exact division by
// at most ~1 ulp.
// mirror(j): same AP/DV, ML index nz − 1 − ml. Inputs are processed in add() order per voxel.
// Resident inputs (SIMD only): with `residentSlots` the backend also owns maxInputs whole-volume
// slots in its WebAssembly memory (inputSlot(k)). Any input already in that memory and needing no
// subtraction is read in place by the kernel (no staging copy); subtracted ones skip the JS copies.
import { inInjectedHalf, processingScale, processSlab } from './grid-processing';
import { instantiateAccumulate } from './simd-wasm';

export { ACCUMULATE_WASM, simdModule } from './simd-wasm';

export interface AccumulateInput {
  readonly src: Float32Array;
  /** Divisor (> 0, finite); the kernels multiply by f32(1 / divisor). */
  readonly divisor: number;
  /** No-data value besides NaN (−1 for raw Allen grids). */
  readonly sentinel: number;
  /** Injected side when the input is to be hemisphere-subtracted, else null. */
  readonly subtract: 'left' | 'right' | null;
}

/** Grid layout the backends need: voxels per ML slab (nx·ny) and number of slabs (nz). */
export interface SlabLayout {
  readonly slab: number;
  readonly nz: number;
}

export interface AccumulateBackend {
  readonly kind: 'simd' | 'scalar';
  readonly sums: readonly Float32Array[];
  readonly counts: readonly Int32Array[];
  /** Accumulate whole inputs into group g. */
  run(inputs: readonly AccumulateInput[], group: number): void;
  /** Turn sums of group g into means in place: sum / f32(count); NaN where count = 0. */
  finishGroup(group: number): void;
  /** Whole-volume input slot k in backend memory (resident mode), else null. Contents unspecified. */
  inputSlot(k: number): Float32Array | null;
  /**
   * Resident mode: hand the memory back to a small pool for the next accumulator of the same
   * size (saves ~40 MB of fresh page faults per aggregate). sums/counts become invalid: copy first.
   */
  release(): void;
}

// Resident-mode memories returned by release(), reused by the next backend of the same size.
const memoryPool: WebAssembly.Memory[] = [];
const MAX_POOLED = 1;

/** Bytes of WebAssembly memory kept for reuse by the next resident-mode accumulator. */
export function pooledAccumulatorBytes(): number {
  return memoryPool.reduce((s, m) => s + m.buffer.byteLength, 0);
}

function takeMemory(pages: number, pooled: boolean): WebAssembly.Memory {
  const i = pooled ? memoryPool.findIndex((m) => m.buffer.byteLength === pages * 65536) : -1;
  const hit = i >= 0 ? memoryPool.splice(i, 1)[0] : undefined;
  return hit ?? new WebAssembly.Memory({ initial: pages });
}

/** Floats per chunk and input slot in wasm scratch memory (32 KiB; a batch of 8 stays in L2). */
export const CHUNK = 8192;

function pick<T>(arr: readonly T[], g: number): T {
  const v = arr[g];
  if (v === undefined) throw new RangeError(`group ${g} out of range`);
  return v;
}

export function createSimdBackend(nGroups: number, layout: SlabLayout, maxInputs: number, residentSlots = false): AccumulateBackend | null {
  const { slab, nz } = layout;
  const nVoxels = slab * nz;
  const padded = Math.ceil(nVoxels / 4) * 4;
  const stride = CHUNK * 4;
  const paramsPtr = 0;
  const tmpA = maxInputs * 16;
  const tmpB = tmpA + stride;
  const scratch = tmpB + stride;
  const residentBase = scratch + maxInputs * stride;
  const residentStride = padded * 4; // bytes per resident slot
  const base = residentBase + (residentSlots ? maxInputs * residentStride : 0);
  const memory = takeMemory(Math.ceil((base + nGroups * padded * 8) / 65536), residentSlots);
  const wasm = instantiateAccumulate(memory);
  if (wasm === null) return null;
  const buf = memory.buffer;
  const params = new Float32Array(buf, paramsPtr, maxInputs * 4);
  const bases = new Int32Array(buf, paramsPtr, maxInputs * 4);
  const a = new Float32Array(buf, tmpA, CHUNK);
  const b = new Float32Array(buf, tmpB, CHUNK);
  const slots = Array.from({ length: maxInputs }, (_, k) => new Float32Array(buf, scratch + k * stride, CHUNK));
  const resident = residentSlots ? Array.from({ length: maxInputs }, (_, k) => new Float32Array(buf, residentBase + k * residentStride, nVoxels)) : [];
  const inWasm = (src: Float32Array): boolean => src.buffer === buf;
  const sums: Float32Array[] = [];
  const counts: Int32Array[] = [];
  for (let g = 0; g < nGroups; g++) {
    sums.push(new Float32Array(buf, base + g * padded * 8, nVoxels).fill(0));
    counts.push(new Int32Array(buf, base + g * padded * 8 + padded * 4, nVoxels).fill(0));
  }
  let released = false;
  const f32 = Math.fround;
  return {
    kind: 'simd',
    sums,
    counts,
    run(inputs, group) {
      const s = pick(sums, group);
      const c = pick(counts, group);
      if (inputs.length > maxInputs) throw new RangeError(`at most ${maxInputs} inputs per run`);
      inputs.forEach((inp, k) => {
        params[4 * k] = f32(1 / inp.divisor);
        params[4 * k + 1] = inp.subtract === null ? inp.sentinel : NaN;
      });
      // unsubtracted inputs in wasm memory are read in place; the others go through slot k
      const direct = inputs.map((inp) => inp.subtract === null && inWasm(inp.src));
      for (let ml = 0; ml < nz; ml++) {
        const mirror = nz - 1 - ml;
        for (let off = 0; off < slab; off += CHUNK) {
          const n = Math.min(CHUNK, slab - off);
          const at = ml * slab + off;
          {
            for (let k = 0; k < inputs.length; k++) {
              const inp = inputs[k] as AccumulateInput;
              const slot = slots[k] as Float32Array;
              bases[4 * k + 2] = direct[k] ? inp.src.byteOffset + at * 4 : slot.byteOffset;
              if (direct[k]) continue;
              if (inp.subtract === null) {
                slot.set(inp.src.subarray(at, at + n));
              } else if (!inInjectedHalf(inp.subtract, ml, nz)) {
                slot.fill(0, 0, n); // the other half is a valid 0 (bsv)
              } else {
                const keep = -1; // the wasm lane's "injected half" mask
                if (inWasm(inp.src)) {
                  const p0 = inp.src.byteOffset;
                  wasm.pair(p0 + at * 4, p0 + (mirror * slab + off) * 4, slot.byteOffset, (n & ~3) * 4, inp.sentinel, keep);
                  for (let j = n & ~3; j < n; j++)
                    slot[j] = pairScalar(inp.src[at + j] as number, inp.src[mirror * slab + off + j] as number, f32(inp.sentinel), true);
                } else {
                  a.set(inp.src.subarray(at, at + n));
                  b.set(inp.src.subarray(mirror * slab + off, mirror * slab + off + n));
                  wasm.pair(tmpA, tmpB, slot.byteOffset, Math.ceil(n / 4) * 16, inp.sentinel, keep);
                }
              }
            }
          }
          const n4 = n & ~3;
          wasm.acc(inputs.length, paramsPtr, s.byteOffset + at * 4, c.byteOffset + at * 4, n4 * 4);
          for (let j = n4; j < n; j++) {
            for (let k = 0; k < inputs.length; k++) {
              const x = direct[k] ? ((inputs[k] as AccumulateInput).src[at + j] as number) : ((slots[k] as Float32Array)[j] as number);
              const ok = x === x && x !== (params[4 * k + 1] as number);
              s[at + j] = (s[at + j] as number) + (ok ? f32(x * (params[4 * k] as number)) : 0);
              if (ok) c[at + j] = (c[at + j] as number) + 1;
            }
          }
        }
      }
    },
    finishGroup(group) {
      const s = pick(sums, group);
      const c = pick(counts, group);
      const n4 = nVoxels & ~3;
      wasm.mean(s.byteOffset, c.byteOffset, n4 * 4);
      for (let j = n4; j < nVoxels; j++) s[j] = (s[j] as number) / (c[j] as number);
    },
    inputSlot: (k) => resident[k] ?? null,
    release() {
      if (released || !residentSlots) return;
      released = true;
      if (memoryPool.length < MAX_POOLED) memoryPool.push(memory);
    },
  };
}

/** Scalar twin of the wasm pair lane: hemisphere-subtracted value of x against its mirror y. */
function pairScalar(x: number, y: number, sentinel: number, keep: boolean): number {
  if (!keep) return 0;
  const ok = x === x && y === y && x !== sentinel && y !== sentinel;
  return ok ? Math.fround(x - y) : NaN;
}

export function createScalarBackend(nGroups: number, layout: SlabLayout): AccumulateBackend {
  const { slab, nz } = layout;
  const nVoxels = slab * nz;
  const sums = Array.from({ length: nGroups }, () => new Float32Array(nVoxels));
  const counts = Array.from({ length: nGroups }, () => new Int32Array(nVoxels));
  const processed = new Float32Array(slab); // one ML slab of processed input (grid-processing.ts)
  return {
    kind: 'scalar',
    sums,
    counts,
    run(inputs, group) {
      const s = pick(sums, group);
      const c = pick(counts, group);
      for (const inp of inputs) {
        const scale = processingScale(inp.divisor);
        for (let ml = 0; ml < nz; ml++) {
          processSlab(inp.src, slab, nz, ml, inp.subtract, scale, inp.sentinel, processed);
          for (let j = ml * slab, i = 0; i < slab; i++, j++) {
            const x = processed[i] as number;
            if (x === x) {
              s[j] = (s[j] as number) + x;
              c[j] = (c[j] as number) + 1;
            } else {
              s[j] = (s[j] as number) + 0;
            }
          }
        }
      }
    },
    finishGroup(group) {
      const s = pick(sums, group);
      const c = pick(counts, group);
      for (let j = 0; j < nVoxels; j++) s[j] = (s[j] as number) / (c[j] as number);
    },
    inputSlot: () => null,
    release: () => undefined,
  };
}
