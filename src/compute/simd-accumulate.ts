// Hot loop of aggregation: for every voxel i of one volume,
//   valid = src[i] is not NaN and src[i] !== sentinel
//   sum[i] += valid ? f32(src[i] / divisor) : +0        (f32 arithmetic)
//   count[i] += valid ? 1 : 0                            (int32)
// Two interchangeable backends with bit-identical results: a hand-assembled WebAssembly SIMD
// kernel (f32x4) and a scalar JS loop. The scalar loop mirrors the SIMD lane arithmetic exactly
// (f32 division rounded with Math.fround, then an f32 add of +0 for invalid lanes).
// Pass sentinel = −1 for raw Allen grids (−1 = no data) and NaN when only NaN marks no data.

/** Backend-specific storage and kernel; sums/counts are per group, nVoxels long. */
export interface AccumulateBackend {
  readonly kind: 'simd' | 'scalar';
  readonly sums: readonly Float32Array[];
  readonly counts: readonly Int32Array[];
  /** Accumulate src[start, start+len) into group g. */
  run(src: Float32Array, start: number, len: number, group: number, divisor: number, sentinel: number): void;
}

// ---- WebAssembly module, assembled from named opcodes -------------------------------------
const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;
const LOCAL_GET = 0x20, LOCAL_SET = 0x21, I32_ADD = 0x6a, I32_GE_U = 0x4f, I32_CONST = 0x41;
const BLOCK = 0x02, LOOP = 0x03, BR = 0x0c, BR_IF = 0x0d, END = 0x0b, VOID = 0x40;
const simd = (op: number): number[] => (op < 0x80 ? [0xfd, op] : [0xfd, (op & 0x7f) | 0x80, op >> 7]);
const V128_LOAD = [...simd(0x00), 4, 0]; // align 2^4, offset 0
const V128_STORE = [...simd(0x0b), 4, 0];
const F32X4_SPLAT = simd(0x13), F32X4_EQ = simd(0x41), F32X4_NE = simd(0x42), V128_AND = simd(0x4e);
const I32X4_SUB = simd(0xb1), F32X4_ADD = simd(0xe4), F32X4_DIV = simd(0xe7);

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

/** (func (export "acc") (param src sum cnt nbytes i32) (param div sentinel f32)) over imported memory. */
function assemble(): Uint8Array<ArrayBuffer> {
  const [src, sum, cnt, nbytes, div, sent, vdiv, vsent, v, m, i] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const get = (l: number): number[] => [LOCAL_GET, l];
  const set = (l: number): number[] => [LOCAL_SET, l];
  const code = [
    2, 4, V128, 1, I32, // locals: vdiv vsent v m (v128), i (i32)
    ...get(div), ...F32X4_SPLAT, ...set(vdiv),
    ...get(sent), ...F32X4_SPLAT, ...set(vsent),
    BLOCK, VOID, LOOP, VOID,
    ...get(i), ...get(nbytes), I32_GE_U, BR_IF, 1,
    ...get(src), ...get(i), I32_ADD, ...V128_LOAD, ...set(v),
    ...get(v), ...get(vsent), ...F32X4_NE, ...get(v), ...get(v), ...F32X4_EQ, ...V128_AND, ...set(m),
    ...get(sum), ...get(i), I32_ADD,
    ...get(sum), ...get(i), I32_ADD, ...V128_LOAD,
    ...get(v), ...get(vdiv), ...F32X4_DIV, ...get(m), ...V128_AND, ...F32X4_ADD, ...V128_STORE,
    ...get(cnt), ...get(i), I32_ADD,
    ...get(cnt), ...get(i), I32_ADD, ...V128_LOAD, ...get(m), ...I32X4_SUB, ...V128_STORE,
    ...get(i), I32_CONST, 16, I32_ADD, ...set(i),
    BR, 0, END, END, END,
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 6, I32, I32, I32, I32, F32, F32, 0]),
    ...section(2, [1, ...str('env'), ...str('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...str('acc'), 0x00, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
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

/** Floats per chunk copied into wasm scratch memory (64 KiB, stays in L2). */
export const CHUNK = 16384;

export function createSimdBackend(nGroups: number, nVoxels: number): AccumulateBackend | null {
  const mod = simdModule();
  if (mod === null) return null;
  const padded = Math.ceil(nVoxels / 4) * 4;
  const scratch = 0;
  const base = CHUNK * 4;
  const bytes = base + nGroups * padded * 8;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const instance = new WebAssembly.Instance(mod, { env: { memory } });
  const acc = instance.exports.acc as (src: number, sum: number, cnt: number, nbytes: number, div: number, sent: number) => void;
  const buf = memory.buffer;
  const scratchView = new Float32Array(buf, scratch, CHUNK);
  const sums: Float32Array[] = [];
  const counts: Int32Array[] = [];
  for (let g = 0; g < nGroups; g++) {
    sums.push(new Float32Array(buf, base + g * padded * 8, nVoxels));
    counts.push(new Int32Array(buf, base + g * padded * 8 + padded * 4, nVoxels));
  }
  const fdiv = Math.fround;
  return {
    kind: 'simd',
    sums,
    counts,
    run(src, start, len, group, divisor, sentinel) {
      const s = sums[group];
      const c = counts[group];
      if (s === undefined || c === undefined) throw new RangeError(`group ${group} out of range`);
      for (let off = 0; off < len; off += CHUNK) {
        const n = Math.min(CHUNK, len - off);
        scratchView.set(src.subarray(start + off, start + off + n));
        const n4 = n & ~3;
        acc(scratch, s.byteOffset + (start + off) * 4, c.byteOffset + (start + off) * 4, n4 * 4, divisor, sentinel);
        for (let k = n4; k < n; k++) {
          const x = scratchView[k] ?? NaN;
          const ok = x === x && x !== fdiv(sentinel);
          const j = start + off + k;
          s[j] = (s[j] ?? 0) + (ok ? fdiv(x / fdiv(divisor)) : 0);
          if (ok) c[j] = (c[j] ?? 0) + 1;
        }
      }
    },
  };
}

export function createScalarBackend(nGroups: number, nVoxels: number): AccumulateBackend {
  const sums = Array.from({ length: nGroups }, () => new Float32Array(nVoxels));
  const counts = Array.from({ length: nGroups }, () => new Int32Array(nVoxels));
  const fdiv = Math.fround;
  return {
    kind: 'scalar',
    sums,
    counts,
    run(src, start, len, group, divisor, sentinel) {
      const s = sums[group];
      const c = counts[group];
      if (s === undefined || c === undefined) throw new RangeError(`group ${group} out of range`);
      const d = fdiv(divisor);
      const sent = fdiv(sentinel);
      for (let j = start, end = start + len; j < end; j++) {
        const x = src[j] ?? NaN;
        if (x === x && x !== sent) {
          s[j] = (s[j] ?? 0) + fdiv(x / d);
          c[j] = (c[j] ?? 0) + 1;
        } else {
          s[j] = (s[j] ?? 0) + 0;
        }
      }
    },
  };
}
