import { describe, expect, it } from 'vitest';
import { NO_DATA, type GridShape } from './grid';
import { createProjectomeFrame, prepareProjectome, renderProjectomeFrame, type ProjectomeInjection } from './projectome';
import { projectomeStack, stackAlpha } from './projectome-stack';

const S: GridShape = { nx: 12, ny: 7, nz: 9, resolutionUm: 100 };
const N = S.nx * S.ny * S.nz;

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function world(seed: number) {
  const r = rng(seed);
  const target = new Uint8Array(N);
  // an irregular blob over AP 2 … 9
  for (let x = 2; x <= 9; x++) for (let y = 1; y < 6; y++) for (let z = 1; z < 8; z++) if (r() < 0.55) target[x + S.nx * (y + S.ny * z)] = 1;
  const source = (): Float32Array =>
    Float32Array.from({ length: N }, () => {
      const u = r();
      // no data (−1 and NaN), zeros, negative values (hemisphere subtraction), large values
      return u < 0.08 ? NO_DATA : u < 0.12 ? NaN : u < 0.25 ? 0 : u < 0.35 ? -r() : 3 * r() ** 2;
    });
  const injections: ProjectomeInjection[] = Array.from({ length: 25 }, (_, i) => ({
    apUm: r() * 1200,
    dvUm: r() < 0.1 ? -5 : r() * 700,
    mlUm: r() * 900,
    volumeMm3: r(),
    source: i % 3,
  }));
  return { target, sources: [source(), source(), source()], injections };
}

describe('projectome stack', () => {
  for (const [seed, thickness, pct] of [
    [1, 0, 99],
    [2, 1, 90],
    [3, 2, 50],
    [4, 10, 100],
  ] as const) {
    it(`equals renderProjectomeFrame at every AP of the extent (seed ${seed}, thickness ${thickness}, percentile ${pct})`, () => {
      const w = world(seed);
      const ctx = prepareProjectome(w.sources, S, w.target, S, w.injections, { sliceThickness: thickness, densityPercentile: pct });
      const stack = projectomeStack(ctx);
      expect([stack.apStart, stack.apCount, stack.sources, stack.rows, stack.cols]).toEqual([ctx.apRange[0], ctx.apRange[1] - ctx.apRange[0] + 1, 3, 7, 9]);
      expect(stack.ceiling).toBe(ctx.ceiling);
      const frame = createProjectomeFrame(ctx);
      const fromStack = new Float32Array(3 * 7 * 9);
      let unclamped = 0;
      for (let k = 0; k < stack.apCount; k++) {
        const a = stack.apStart + k;
        renderProjectomeFrame(ctx, a, frame);
        stackAlpha(stack, a, fromStack);
        // bit-identical alpha maps once clamped, same order, target means and dots
        for (let s = 0; s < 3; s++) expect(fromStack.subarray(s * 63, (s + 1) * 63)).toEqual(frame.alpha[s]);
        expect(Array.from(stack.order.subarray(3 * k, 3 * k + 3))).toEqual(Array.from(frame.order));
        expect(Array.from(stack.targetMean.subarray(3 * k, 3 * k + 3))).toEqual(Array.from(frame.targetMean));
        const dots = stack.injectionIndices.subarray(stack.injectionOffsets[k], stack.injectionOffsets[k + 1]);
        expect(Array.from(dots)).toEqual(Array.from(frame.visibleInjections.subarray(0, frame.injectionCount)));
        // the box holds every target cell of the slice
        const [r0, r1, c0, c1] = Array.from(stack.targetBoxes.subarray(4 * k, 4 * k + 4));
        for (const q of ctx.targetPixels[a] ?? []) {
          const dv = Math.floor(q / 9),
            ml = q % 9;
          expect(dv >= (r0 ?? 0) && dv <= (r1 ?? -1) && ml >= (c0 ?? 0) && ml <= (c1 ?? -1)).toBe(true);
        }
      }
      for (const v of stack.values) if (v > 1 || v < 0) unclamped++;
      // values are kept unclamped (the renderer clamps): a new ceiling is only a gain
      if (pct < 100) expect(unclamped).toBeGreaterThan(0);
    });
  }

  it('crops every tile to the target’s box over its whole extent; outside the extent nothing is drawn', () => {
    const w = world(5);
    const ctx = prepareProjectome(w.sources, S, w.target, S, w.injections);
    const stack = projectomeStack(ctx);
    expect(stack.crop).toEqual({ r0: 1, c0: 1, rows: 5, cols: 7 });
    expect(stack.values.length).toBe(stack.apCount * 3 * 35);
    const alpha = new Float32Array(3 * 63).fill(7);
    expect(stackAlpha(stack, 0, alpha).every((v) => v === 0)).toBe(true);
    expect(() => stackAlpha(stack, 3, new Float32Array(5))).toThrow(RangeError);
  });

  it('an empty target gives an empty stack', () => {
    const w = world(6);
    const ctx = prepareProjectome(w.sources, S, new Uint8Array(N), S, w.injections);
    const stack = projectomeStack(ctx);
    expect([stack.apCount, stack.values.length, stack.injectionOffsets.length, stack.crop.rows]).toEqual([0, 0, 1, 0]);
  });
});
