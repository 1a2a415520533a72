// Hot loop of aggregation: for every voxel i of one volume,
//   valid = src[i] is not NaN and src[i] !== sentinel
//   sum[i] += valid ? f32(src[i] * scale) : +0          (f32 arithmetic, scale = f32(1 / divisor))
//   count[i] += valid ? 1 : 0                            (int32)
// Two interchangeable backends with bit-identical results: a hand-assembled WebAssembly SIMD
// kernel (f32x4) and a scalar JS loop. The scalar loop mirrors the SIMD lane arithmetic exactly
// (f32 product rounded with Math.fround, then an f32 add of +0 for invalid lanes). Multiplying by
// the f32 reciprocal instead of dividing (f32x4.div is ~4× slower and made the kernel compute-bound)
// differs from exact division by at most ~1 ulp.
// Pass sentinel = −1 for raw Allen grids (−1 = no data) and NaN when only NaN marks no data.

export interface AccumulateInput {
  readonly src: Float32Array;
  /** Divisor (> 0, finite); the kernels multiply by f32(1 / divisor). */
  readonly divisor: number;
  readonly sentinel: number;
}

/** Backend-specific storage and kernel; sums/counts are per group, nVoxels long. */
export interface AccumulateBackend {
  readonly kind: 'simd' | 'scalar';
  readonly sums: readonly Float32Array[];
  readonly counts: readonly Int32Array[];
  /** Accumulate inputs[k].src[start, start+len) into group g, in input order per voxel. */
  run(inputs: readonly AccumulateInput[], start: number, len: number, group: number): void;
  /** Turn sums of group g into means in place: sum / f32(count); NaN where count = 0. */
  finishGroup(group: number): void;
}

// ---- WebAssembly module, assembled from named opcodes -------------------------------------
const I32 = 0x7f, V128 = 0x7b;
const LOCAL_GET = 0x20, LOCAL_SET = 0x21, I32_ADD = 0x6a, I32_GE_U = 0x4f, I32_CONST = 0x41;
const BLOCK = 0x02, LOOP = 0x03, BR = 0x0c, BR_IF = 0x0d, END = 0x0b, VOID = 0x40;
const simd = (op: number): number[] => (op < 0x80 ? [0xfd, op] : [0xfd, (op & 0x7f) | 0x80, op >> 7]);
const V128_LOAD = [...simd(0x00), 4, 0]; // align 2^4, offset 0
const V128_STORE = [...simd(0x0b), 4, 0];
const F32X4_EQ = simd(0x41), F32X4_NE = simd(0x42), V128_AND = simd(0x4e);
const I32X4_SUB = simd(0xb1), F32X4_ADD = simd(0xe4), F32X4_MUL = simd(0xe6);
const F32X4_DIV = simd(0xe7), F32X4_CONVERT_I32X4_S = simd(0xfa);
const LOAD32_SPLAT = (offset: number): number[] => [...simd(0x09), 2, offset]; // align 2^2

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
const str = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

/**
 * (func (export "acc") (param src stride nin params sum cnt nbytes i32)) over imported memory.
 * For each 4-voxel lane group at byte offset i < nbytes: load sum/cnt once, then for inputs
 * k = 0…nin−1 (input k at src + k·stride + i, its f32 scale and sentinel at params + 8k) apply
 * the update above, then store sum/cnt once. Inputs of one call share one group.
 */
function assemble(): Uint8Array<ArrayBuffer> {
  const [src, stride, nin, params, sum, cnt, nbytes] = [0, 1, 2, 3, 4, 5, 6];
  const [vs, vc, v, m, i, k, p, q] = [7, 8, 9, 10, 11, 12, 13, 14];
  const get = (l: number): number[] => [LOCAL_GET, l];
  const set = (l: number): number[] => [LOCAL_SET, l];
  const code = [
    2, 4, V128, 4, I32, // locals: vs vc v m (v128), i k p q (i32)
    BLOCK, VOID, LOOP, VOID,
    ...get(i), ...get(nbytes), I32_GE_U, BR_IF, 1,
    ...get(sum), ...get(i), I32_ADD, ...V128_LOAD, ...set(vs),
    ...get(cnt), ...get(i), I32_ADD, ...V128_LOAD, ...set(vc),
    I32_CONST, 0, ...set(k),
    ...get(src), ...get(i), I32_ADD, ...set(p),
    ...get(params), ...set(q),
    BLOCK, VOID, LOOP, VOID,
    ...get(k), ...get(nin), I32_GE_U, BR_IF, 1,
    ...get(p), ...V128_LOAD, ...set(v),
    ...get(v), ...get(q), ...LOAD32_SPLAT(4), ...F32X4_NE, ...get(v), ...get(v), ...F32X4_EQ, ...V128_AND, ...set(m),
    ...get(vs), ...get(v), ...get(q), ...LOAD32_SPLAT(0), ...F32X4_MUL, ...get(m), ...V128_AND, ...F32X4_ADD, ...set(vs),
    ...get(vc), ...get(m), ...I32X4_SUB, ...set(vc),
    ...get(p), ...get(stride), I32_ADD, ...set(p),
    ...get(q), I32_CONST, 8, I32_ADD, ...set(q),
    ...get(k), I32_CONST, 1, I32_ADD, ...set(k),
    BR, 0, END, END,
    ...get(sum), ...get(i), I32_ADD, ...get(vs), ...V128_STORE,
    ...get(cnt), ...get(i), I32_ADD, ...get(vc), ...V128_STORE,
    ...get(i), I32_CONST, 16, I32_ADD, ...set(i),
    BR, 0, END, END, END,
  ];
  // (func (export "mean") (param sum cnt nbytes i32)): sum[i] = sum[i] / f32(cnt[i]) in place
  // (0 / 0 = NaN marks voxels without data: invalid lanes only ever added +0).
  const [msum, mcnt, mbytes, mi] = [0, 1, 2, 3];
  const mean = [
    1, 1, I32,
    BLOCK, VOID, LOOP, VOID,
    ...get(mi), ...get(mbytes), I32_GE_U, BR_IF, 1,
    ...get(msum), ...get(mi), I32_ADD,
    ...get(msum), ...get(mi), I32_ADD, ...V128_LOAD,
    ...get(mcnt), ...get(mi), I32_ADD, ...V128_LOAD, ...F32X4_CONVERT_I32X4_S,
    ...F32X4_DIV, ...V128_STORE,
    ...get(mi), I32_CONST, 16, I32_ADD, ...set(mi),
    BR, 0, END, END, END,
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 7, I32, I32, I32, I32, I32, I32, I32, 0, 0x60, 3, I32, I32, I32, 0]),
    ...section(2, [1, ...str('env'), ...str('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...str('acc'), 0x00, 0, ...str('mean'), 0x00, 1]),
    ...section(10, [2, ...uleb(code.length), ...code, ...uleb(mean.length), ...mean]),
  ]);
}

/** The module bytes (≈ 150 B). Exported for inspection and tests. */
export const ACCUMULATE_WASM: Uint8Array<ArrayBuffer> = assemble();

let cachedModule: WebAssembly.Module | null | undefined;

/** The compiled module, or null when WebAssembly SIMD is unavailable. */
export function simdModule(): WebAssembly.Module | null {
  if (cachedModule !== undefined) return cachedModule;
  try {
    cachedModule = typeof WebAssembly === 'object' && WebAssembly.validate(ACCUMULATE_WASM) ? new WebAssembly.Module(ACCUMULATE_WASM) : null;
  } catch {
    cachedModule = null;
  }
  return cachedModule;
}

/** Floats per chunk and input slot in wasm scratch memory (64 KiB; a batch of 8 stays in L2). */
export const CHUNK = 4096;

export function createSimdBackend(nGroups: number, nVoxels: number, maxInputs: number): AccumulateBackend | null {
  const mod = simdModule();
  if (mod === null) return null;
  const padded = Math.ceil(nVoxels / 4) * 4;
  const stride = CHUNK * 4;
  const paramsPtr = 0;
  const scratchPtr = Math.ceil((maxInputs * 8) / 16) * 16;
  const base = scratchPtr + maxInputs * stride;
  const bytes = base + nGroups * padded * 8;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const instance = new WebAssembly.Instance(mod, { env: { memory } });
  const acc = instance.exports.acc as (src: number, stride: number, nin: number, params: number, sum: number, cnt: number, nbytes: number) => void;
  const mean = instance.exports.mean as (sum: number, cnt: number, nbytes: number) => void;
  const buf = memory.buffer;
  const params = new Float32Array(buf, paramsPtr, maxInputs * 2);
  const slots = Array.from({ length: maxInputs }, (_, k) => new Float32Array(buf, scratchPtr + k * stride, CHUNK));
  const sums: Float32Array[] = [];
  const counts: Int32Array[] = [];
  for (let g = 0; g < nGroups; g++) {
    sums.push(new Float32Array(buf, base + g * padded * 8, nVoxels));
    counts.push(new Int32Array(buf, base + g * padded * 8 + padded * 4, nVoxels));
  }
  const f32 = Math.fround;
  return {
    kind: 'simd',
    sums,
    counts,
    run(inputs, start, len, group) {
      const s = sums[group];
      const c = counts[group];
      if (s === undefined || c === undefined) throw new RangeError(`group ${group} out of range`);
      if (inputs.length > maxInputs) throw new RangeError(`at most ${maxInputs} inputs per run`);
      inputs.forEach((inp, k) => {
        params[2 * k] = f32(1 / inp.divisor);
        params[2 * k + 1] = inp.sentinel;
      });
      for (let off = 0; off < len; off += CHUNK) {
        const n = Math.min(CHUNK, len - off);
        const at = start + off;
        inputs.forEach((inp, k) => slots[k]?.set(inp.src.subarray(at, at + n)));
        const n4 = n & ~3;
        acc(scratchPtr, stride, inputs.length, paramsPtr, s.byteOffset + at * 4, c.byteOffset + at * 4, n4 * 4);
        for (let j = n4; j < n; j++) {
          inputs.forEach((inp, k) => {
            const x = slots[k]?.[j] ?? NaN;
            const ok = x === x && x !== f32(inp.sentinel);
            s[at + j] = (s[at + j] ?? 0) + (ok ? f32(x * (params[2 * k] ?? 1)) : 0);
            if (ok) c[at + j] = (c[at + j] ?? 0) + 1;
          });
        }
      }
    },    finishGroup(group) {
      const s = sums[group];
      const c = counts[group];
      if (s === undefined || c === undefined) throw new RangeError(`group ${group} out of range`);
      const n4 = nVoxels & ~3;
      mean(s.byteOffset, c.byteOffset, n4 * 4);
      for (let j = n4; j < nVoxels; j++) s[j] = (s[j] as number) / (c[j] as number);
    },
  };
}

export function createScalarBackend(nGroups: number, nVoxels: number): AccumulateBackend {
  const sums = Array.from({ length: nGroups }, () => new Float32Array(nVoxels));
  const counts = Array.from({ length: nGroups }, () => new Int32Array(nVoxels));
  const f32 = Math.fround;
  return {
    kind: 'scalar',
    sums,
    counts,
    run(inputs, start, len, group) {
      const s = sums[group];
      const c = counts[group];
      if (s === undefined || c === undefined) throw new RangeError(`group ${group} out of range`);
      for (const inp of inputs) {
        const src = inp.src;
        const scale = f32(1 / inp.divisor);
        const sent = f32(inp.sentinel);
        for (let j = start, end = start + len; j < end; j++) {
          const x = src[j] as number;
          if (x === x && x !== sent) {
            s[j] = (s[j] as number) + f32(x * scale);
            c[j] = (c[j] as number) + 1;
          } else {
            s[j] = (s[j] as number) + 0;
          }
        }
      }
    },    finishGroup(group) {
      const s = sums[group];
      const c = counts[group];
      if (s === undefined || c === undefined) throw new RangeError(`group ${group} out of range`);
      for (let j = 0; j < nVoxels; j++) s[j] = (s[j] as number) / (c[j] as number);
    },
  };
}
