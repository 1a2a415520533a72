// The aggregation kernels as a tiny WebAssembly SIMD module, assembled here from named opcodes
// (no toolchain; ≈ 0.4 KB). Memory is imported ("env"."memory"). Exports:
//   acc(nin, params, sum, cnt, nbytes)
//     for each 16-byte lane group at offset i < nbytes: load sum/cnt once, then for inputs
//     k = 0…nin−1 (params + 16k holds f32 scale, f32 sentinel, i32 base; input k at base + i):
//       m = (x ≠ sentinel) ∧ (x = x);  sum += (x · scale) ∧ m;  cnt −= m (mask = −1 per valid lane)
//     then store sum/cnt once. All inputs of one call share one group.
//   mean(sum, cnt, nbytes):        sum = sum / f32(cnt) in place (0/0 = NaN where cnt = 0)
//   pair(a, b, out, nbytes, sentinel, keep):
//       m = valid(a) ∧ valid(b);  out = m ? ((a − b) ∧ keep) : NaN     (keep = 0 or −1 as i32)
//     i.e. hemisphere subtraction of one slab against its mirror slab.
const I32 = 0x7f,
  F32 = 0x7d,
  V128 = 0x7b;
const LOCAL_GET = 0x20,
  LOCAL_SET = 0x21,
  I32_ADD = 0x6a,
  I32_GE_U = 0x4f,
  I32_CONST = 0x41;
const BLOCK = 0x02,
  LOOP = 0x03,
  BR = 0x0c,
  BR_IF = 0x0d,
  END = 0x0b,
  VOID = 0x40;
const simd = (op: number): number[] => (op < 0x80 ? [0xfd, op] : [0xfd, (op & 0x7f) | 0x80, op >> 7]);
const V128_LOAD = [...simd(0x00), 4, 0]; // align 2^4, offset 0
const V128_STORE = [...simd(0x0b), 4, 0];
const LOAD32_SPLAT = (offset: number): number[] => [...simd(0x09), 2, offset]; // align 2^2
const I32_LOAD = (offset: number): number[] => [0x28, 2, offset];
const I32X4_SPLAT = simd(0x11),
  F32X4_SPLAT = simd(0x13);
const F32X4_EQ = simd(0x41),
  F32X4_NE = simd(0x42),
  V128_AND = simd(0x4e),
  V128_BITSELECT = simd(0x52);
const I32X4_SUB = simd(0xb1),
  F32X4_ADD = simd(0xe4),
  F32X4_SUB = simd(0xe5),
  F32X4_MUL = simd(0xe6),
  F32X4_DIV = simd(0xe7);
const F32X4_CONVERT_I32X4_S = simd(0xfa);
const get = (l: number): number[] => [LOCAL_GET, l];
const set = (l: number): number[] => [LOCAL_SET, l];

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
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const str = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
/** for (i = 0; i < nbytes; i += 16) body */
const loop16 = (i: number, nbytes: number, body: number[]): number[] => [
  BLOCK,
  VOID,
  LOOP,
  VOID,
  ...get(i),
  ...get(nbytes),
  I32_GE_U,
  BR_IF,
  1,
  ...body,
  ...get(i),
  I32_CONST,
  16,
  I32_ADD,
  ...set(i),
  BR,
  0,
  END,
  END,
];
const addr = (base: number, i: number): number[] => [...get(base), ...get(i), I32_ADD];

function accBody(): number[] {
  const [nin, params, sum, cnt, nbytes] = [0, 1, 2, 3, 4];
  const [vs, vc, v, m, i, k, p, q] = [5, 6, 7, 8, 9, 10, 11, 12];
  const inner = [
    BLOCK,
    VOID,
    LOOP,
    VOID,
    ...get(k),
    ...get(nin),
    I32_GE_U,
    BR_IF,
    1,
    ...get(i),
    ...get(q),
    ...I32_LOAD(8),
    I32_ADD,
    ...set(p),
    ...get(p),
    ...V128_LOAD,
    ...set(v),
    ...get(v),
    ...get(q),
    ...LOAD32_SPLAT(4),
    ...F32X4_NE,
    ...get(v),
    ...get(v),
    ...F32X4_EQ,
    ...V128_AND,
    ...set(m),
    ...get(vs),
    ...get(v),
    ...get(q),
    ...LOAD32_SPLAT(0),
    ...F32X4_MUL,
    ...get(m),
    ...V128_AND,
    ...F32X4_ADD,
    ...set(vs),
    ...get(vc),
    ...get(m),
    ...I32X4_SUB,
    ...set(vc),
    ...get(q),
    I32_CONST,
    16,
    I32_ADD,
    ...set(q),
    ...get(k),
    I32_CONST,
    1,
    I32_ADD,
    ...set(k),
    BR,
    0,
    END,
    END,
  ];
  return [
    2,
    4,
    V128,
    4,
    I32,
    ...loop16(i, nbytes, [
      ...addr(sum, i),
      ...V128_LOAD,
      ...set(vs),
      ...addr(cnt, i),
      ...V128_LOAD,
      ...set(vc),
      I32_CONST,
      0,
      ...set(k),
      ...get(params),
      ...set(q),
      ...inner,
      ...addr(sum, i),
      ...get(vs),
      ...V128_STORE,
      ...addr(cnt, i),
      ...get(vc),
      ...V128_STORE,
    ]),
    END,
  ];
}

function meanBody(): number[] {
  const [sum, cnt, nbytes, i] = [0, 1, 2, 3];
  return [
    1,
    1,
    I32,
    ...loop16(i, nbytes, [
      ...addr(sum, i),
      ...addr(sum, i),
      ...V128_LOAD,
      ...addr(cnt, i),
      ...V128_LOAD,
      ...F32X4_CONVERT_I32X4_S,
      ...F32X4_DIV,
      ...V128_STORE,
    ]),
    END,
  ];
}

function pairBody(): number[] {
  const [a, b, out, nbytes, sent, keep] = [0, 1, 2, 3, 4, 5];
  const [vsent, vkeep, vnan, x, y, i] = [6, 7, 8, 9, 10, 11];
  const valid = (l: number): number[] => [...get(l), ...get(vsent), ...F32X4_NE, ...get(l), ...get(l), ...F32X4_EQ, ...V128_AND];
  return [
    2,
    5,
    V128,
    1,
    I32,
    ...get(sent),
    ...F32X4_SPLAT,
    ...set(vsent),
    ...get(keep),
    ...I32X4_SPLAT,
    ...set(vkeep),
    I32_CONST,
    ...sleb(0x7fc00000),
    ...I32X4_SPLAT,
    ...set(vnan),
    ...loop16(i, nbytes, [
      ...addr(a, i),
      ...V128_LOAD,
      ...set(x),
      ...addr(b, i),
      ...V128_LOAD,
      ...set(y),
      ...addr(out, i),
      ...get(x),
      ...get(y),
      ...F32X4_SUB,
      ...get(vkeep),
      ...V128_AND,
      ...get(vnan),
      ...valid(x),
      ...valid(y),
      ...V128_AND,
      ...V128_BITSELECT,
      ...V128_STORE,
    ]),
    END,
  ];
}

function assemble(): Uint8Array<ArrayBuffer> {
  const bodies = [accBody(), meanBody(), pairBody()];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [3, 0x60, 5, I32, I32, I32, I32, I32, 0, 0x60, 3, I32, I32, I32, 0, 0x60, 6, I32, I32, I32, I32, F32, I32, 0]),
    ...section(2, [1, ...str('env'), ...str('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [3, 0, 1, 2]),
    ...section(7, [3, ...str('acc'), 0x00, 0, ...str('mean'), 0x00, 1, ...str('pair'), 0x00, 2]),
    ...section(10, [3, ...bodies.flatMap((b) => [...uleb(b.length), ...b])]),
  ]);
}

/** The module bytes. Exported for inspection and tests. */
export const ACCUMULATE_WASM: Uint8Array<ArrayBuffer> = assemble();

export interface AccumulateExports {
  acc(nin: number, params: number, sum: number, cnt: number, nbytes: number): void;
  mean(sum: number, cnt: number, nbytes: number): void;
  pair(a: number, b: number, out: number, nbytes: number, sentinel: number, keep: number): void;
}

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

export function instantiateAccumulate(memory: WebAssembly.Memory): AccumulateExports | null {
  const mod = simdModule();
  if (mod === null) return null;
  const ex = new WebAssembly.Instance(mod, { env: { memory } }).exports;
  return { acc: ex.acc as AccumulateExports['acc'], mean: ex.mean as AccumulateExports['mean'], pair: ex.pair as AccumulateExports['pair'] };
}
