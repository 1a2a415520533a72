import { describe, expect, it } from 'vitest';
import { createAccumulator } from './aggregate-accumulator';
import { ACCUMULATE_WASM, simdModule } from './simd-accumulate';
import { subtractOtherHemisphere } from './aggregate';
import type { GridShape } from './grid';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('createAccumulator', () => {
  it('has a valid WebAssembly SIMD module in Node 20', () => {
    expect(WebAssembly.validate(ACCUMULATE_WASM)).toBe(true);
    expect(simdModule()).not.toBeNull();
    expect(createAccumulator(8, 1).backend).toBe('simd');
  });

  for (const backend of ['simd', 'scalar'] as const) {
    it(`${backend}: hand-computed means, −1 and NaN excluded per voxel, NaN when no valid value`, () => {
      const acc = createAccumulator(5, 2, { backend, batchSize: 2 });
      acc.add(0, new Float32Array([1, -1, 2, NaN, -1]));
      acc.add(0, new Float32Array([3, 4, -1, NaN, -1]));
      acc.add(0, new Float32Array([5, 6, 8, NaN, -1]), { divisor: 2 });
      acc.add(1, new Float32Array([-1, -1, 0.5, 0, 7]), { sentinel: NaN });
      const r = acc.finish();
      expect(r.backend).toBe(backend);
      expect(Array.from(r.means[0] ?? [])).toEqual([Math.fround(6.5 / 3), (4 + 3) / 2, (2 + 4) / 2, NaN, NaN]);
      expect(Array.from(r.validCounts[0] ?? [])).toEqual([3, 2, 2, 0, 0]);
      // sentinel NaN: −1 is a value
      expect(Array.from(r.means[1] ?? [])).toEqual([-1, -1, 0.5, 0, 7]);
      expect(r.counts).toEqual([3, 1]);
    });
  }

  it('SIMD and scalar agree bit for bit on random volumes (odd length, tails, batches, divisors)', () => {
    const n = 16384 * 2 + 37;
    const r = rng(42);
    const vols = Array.from({ length: 13 }, () =>
      Float32Array.from({ length: n }, () => {
        const u = r();
        return u < 0.1 ? -1 : u < 0.12 ? NaN : u < 0.14 ? -0 : (r() - 0.3) * 10 ** Math.floor(r() * 12 - 6);
      }),
    );
    const divisors = vols.map((_, i) => (i % 3 === 0 ? 1 : 0.0003 + r()));
    const run = (backend: 'simd' | 'scalar', batchSize: number) => {
      const acc = createAccumulator(n, 3, { backend, batchSize });
      vols.forEach((v, i) => acc.add(i % 3, v, { divisor: divisors[i] ?? 1, sentinel: i === 5 ? NaN : -1 }));
      return acc.finish();
    };
    const a = run('simd', 4);
    const b = run('scalar', 1);
    for (let g = 0; g < 3; g++) {
      // Same value bits for every number (±0 distinguished); NaN payload bits may differ.
      const fa = a.means[g] ?? new Float32Array();
      const fb = b.means[g] ?? new Float32Array();
      const ua = new Uint32Array(fa.buffer, fa.byteOffset, fa.length);
      const ub = new Uint32Array(fb.buffer, fb.byteOffset, fb.length);
      let diff = 0;
      let nan = 0;
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(fa[i]) && Number.isNaN(fb[i])) nan++;
        else if (ua[i] !== ub[i]) diff++;
      }
      expect(nan).toBeGreaterThan(0);
      expect(diff).toBe(0);
      expect(Array.from(a.validCounts[g] ?? [])).toEqual(Array.from(b.validCounts[g] ?? []));
    }
  });

  it('fused hemisphere subtraction equals adding subtractOtherHemisphere() outputs, in both backends', () => {
    // odd nz (a middle slab), slab size not a multiple of 4, more than one chunk per slab
    const shape: GridShape = { nx: 97, ny: 61, nz: 7, resolutionUm: 100 };
    const n = 97 * 61 * 7;
    const r = rng(3);
    const vols = Array.from({ length: 6 }, () => Float32Array.from({ length: n }, () => (r() < 0.15 ? -1 : r() < 0.05 ? NaN : r() * 2 - 0.5)));
    const sides = ['left', 'right', null, 'left', 'right', 'left'] as const;
    const same = (a: Float32Array, b: Float32Array): number => {
      let bad = 0;
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad++;
      return bad;
    };
    const results = (['simd', 'scalar'] as const).map((backend) => {
      const fused = createAccumulator(shape, 1, { backend, batchSize: 4 });
      const explicit = createAccumulator(shape, 1, { backend: 'scalar', batchSize: 4 });
      vols.forEach((v, k) => {
        const side = sides[k] ?? null;
        fused.add(0, v, { divisor: 0.7, subtract: side });
        if (side === null) explicit.add(0, v, { divisor: 0.7 });
        else explicit.add(0, subtractOtherHemisphere(v, shape, side), { divisor: 0.7, sentinel: NaN });
      });
      const f = fused.finish();
      const e = explicit.finish();
      expect(same(f.means[0] ?? new Float32Array(), e.means[0] ?? new Float32Array())).toBe(0);
      expect(Array.from(f.validCounts[0] ?? [])).toEqual(Array.from(e.validCounts[0] ?? []));
      return f.means[0] ?? new Float32Array();
    });
    expect(same(results[0] ?? new Float32Array(), results[1] ?? new Float32Array())).toBe(0);
  });

  it('resident inputs (written into inputSlot()) give bit-identical results: direct, subtracted and mixed batches', () => {
    const shape: GridShape = { nx: 97, ny: 61, nz: 7, resolutionUm: 100 };
    const n = 97 * 61 * 7;
    const r = rng(11);
    const vols = Array.from({ length: 11 }, () => Float32Array.from({ length: n }, () => (r() < 0.15 ? -1 : r() < 0.05 ? NaN : r() * 2 - 0.5)));
    // batch 1 (inputs 0–3): all resident, no subtraction → one pass from the slots;
    // batch 2 (4–7): resident with subtraction; batch 3 (8–10): resident and heap inputs mixed
    const sides = [null, null, null, null, 'left', null, 'right', 'left', null, 'right', null] as const;
    const heap = new Set([9]);
    const resident = createAccumulator(shape, 2, { backend: 'simd', batchSize: 4, residentInputs: true });
    const scalar = createAccumulator(shape, 2, { backend: 'scalar' });
    vols.forEach((v, k) => {
      const opts = { divisor: 0.3 + k / 10, subtract: sides[k] ?? null };
      let input: Float32Array = v;
      if (!heap.has(k)) {
        const slot = resident.inputSlot();
        expect(slot).not.toBeNull();
        if (slot === null) return;
        slot.set(v);
        input = slot;
      }
      resident.add(k % 2, input, opts);
      scalar.add(k % 2, v, opts);
    });
    const a = resident.finish();
    const b = scalar.finish();
    for (let g = 0; g < 2; g++) {
      const fa = a.means[g] ?? new Float32Array(),
        fb = b.means[g] ?? new Float32Array();
      let bad = 0;
      for (let i = 0; i < n; i++) if (!Object.is(fa[i], fb[i]) && !(Number.isNaN(fa[i]) && Number.isNaN(fb[i]))) bad++;
      expect(bad).toBe(0);
      expect(Array.from(a.validCounts[g] ?? [])).toEqual(Array.from(b.validCounts[g] ?? []));
    }
    expect(createAccumulator(8, 1, { backend: 'scalar', residentInputs: true }).inputSlot()).toBeNull();
    expect(createAccumulator(8, 1, { backend: 'simd' }).inputSlot()).toBeNull();
    const misuse = createAccumulator(8, 1, { backend: 'simd', batchSize: 2, residentInputs: true });
    misuse.add(0, new Float32Array(8));
    const s1 = misuse.inputSlot() ?? new Float32Array(8);
    misuse.add(0, new Float32Array(8)); // flushes: slot 1 would be handed out again
    expect(() => misuse.add(0, s1)).toThrow(/input slot 1 would be handed out again while pending/);
  });

  it('resident accumulators reuse pooled memory without stale sums; one input may feed several groups', () => {
    const n = 5000;
    const r = rng(5);
    const vols = Array.from({ length: 3 }, () => Float32Array.from({ length: n }, () => (r() < 0.1 ? -1 : r())));
    const run = (resident: boolean) => {
      const acc = createAccumulator(n, 2, { backend: resident ? 'simd' : 'scalar', batchSize: 4, residentInputs: resident });
      for (const v of vols) {
        const slot = acc.inputSlot();
        if (slot !== null) slot.set(v);
        acc.add(0, slot ?? v);
        acc.add(1, slot ?? v, { divisor: 3 });
      }
      return acc.finish();
    };
    const want = run(false);
    for (let round = 0; round < 3; round++) {
      const got = run(true);
      expect(got.means).toEqual(want.means);
      expect(got.validCounts).toEqual(want.validCounts);
    }
  });

  it('without per-voxel counts: the same means from peek() and finish(), and validCounts empty (resident and not)', () => {
    const n = 3000;
    const r = rng(9);
    const vols = Array.from({ length: 5 }, () => Float32Array.from({ length: n }, () => (r() < 0.1 ? -1 : r())));
    const run = (backend: 'simd' | 'scalar', resident: boolean, keepValidCounts: boolean) => {
      const acc = createAccumulator(n, 2, { backend, batchSize: 2, residentInputs: resident, keepValidCounts });
      vols.forEach((v, k) => {
        const slot = acc.inputSlot();
        if (slot !== null) slot.set(v);
        acc.add(k % 2, slot ?? v, { divisor: 1 + k });
      });
      return { peek: acc.peek(), finish: acc.finish() };
    };
    for (const [backend, resident] of [
      ['simd', true],
      ['simd', false],
      ['scalar', false],
    ] as const) {
      const want = run(backend, resident, true);
      const got = run(backend, resident, false);
      expect(got.finish.means).toEqual(want.finish.means);
      expect(got.peek.means).toEqual(want.peek.means);
      expect(got.finish.validCounts).toEqual([]);
      expect(got.peek.validCounts).toEqual([]);
      expect(want.finish.validCounts).toHaveLength(2);
    }
  });

  for (const backend of ['simd', 'scalar'] as const) {
    it(`${backend}: peek() gives the means so far, bit-identical to a finish() at that point, and adding goes on`, () => {
      const r = rng(7);
      const n = 37;
      const vols = Array.from({ length: 11 }, () => Float32Array.from({ length: n }, () => (r() < 0.1 ? -1 : r())));
      const partial = createAccumulator(n, 2, { backend, batchSize: 4 });
      const upTo6 = createAccumulator(n, 2, { backend, batchSize: 4 });
      const whole = createAccumulator(n, 2, { backend, batchSize: 4 });
      vols.forEach((v, i) => {
        whole.add(i % 2, v);
        if (i < 6) upTo6.add(i % 2, v);
        if (i < 6) partial.add(i % 2, v);
      });
      const peeked = partial.peek();
      const reference = upTo6.finish();
      expect(peeked.counts).toEqual([3, 3]);
      for (let g = 0; g < 2; g++) {
        expect(Array.from(peeked.means[g] ?? [])).toEqual(Array.from(reference.means[g] ?? []));
        expect(Array.from(peeked.validCounts[g] ?? [])).toEqual(Array.from(reference.validCounts[g] ?? []));
      }
      vols.slice(6).forEach((v, k) => partial.add((k + 6) % 2, v));
      const a = partial.finish();
      const b = whole.finish();
      for (let g = 0; g < 2; g++) expect(Array.from(a.means[g] ?? [])).toEqual(Array.from(b.means[g] ?? []));
      expect(() => partial.peek()).toThrow(/finished/);
    });
  }

  it('matches a float64 reference mean to float32 precision', () => {
    const n = 1000;
    const r = rng(7);
    const vols = Array.from({ length: 20 }, () => Float32Array.from({ length: n }, () => (r() < 0.2 ? -1 : r())));
    const acc = createAccumulator(n, 1);
    vols.forEach((v) => acc.add(0, v));
    const m = acc.finish().means[0] ?? new Float32Array();
    for (let i = 0; i < n; i++) {
      const valid = vols.map((v) => v[i] ?? -1).filter((x) => x !== -1);
      const ref = valid.length ? valid.reduce((s, x) => s + x, 0) / valid.length : NaN;
      if (Number.isNaN(ref)) expect(m[i]).toBeNaN();
      else expect(Math.abs((m[i] ?? NaN) - ref)).toBeLessThan(1e-5);
    }
  });

  it('rejects bad groups, lengths, divisors and reuse', () => {
    const acc = createAccumulator(4, 1);
    expect(() => acc.add(1, new Float32Array(4))).toThrow(/group 1 out of range/);
    expect(() => acc.add(0, new Float32Array(3))).toThrow(/3 voxels/);
    expect(() => acc.add(0, new Float32Array(4), { divisor: 0 })).toThrow(/divisor/);
    acc.finish();
    expect(() => acc.finish()).toThrow(/already finished/);
  });
});
