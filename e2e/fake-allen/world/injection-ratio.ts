// The PSU injection volume (ProjectionStructureUnionize is_injection=true, structure 997,
// hemisphere 3, projection_volume — what the app divides by) and the metadata injection volume
// (ApiConnectivity injection_volume, service `injection-volume`) are different quantities. The fake
// makes them differ on purpose: each experiment has a target ratio PSU / metadata, uniform in
// [0.7, 1.3] over the world's experiments (stratified, so the extremes ~0.70 and ~1.30 always occur).
//   built-in world: metadata = PSU / ratio exactly (psu/synthetic-metadata.ts);
//   real world: metadata is Allen's, the injection blob is sized so that PSU ≈ metadata × ratio
//   (grids/blobs.ts; small injections cannot follow, see README "Injection volumes").
import { hash32 } from './random.ts';

export const INJECTION_RATIO_MIN = 0.7;
export const INJECTION_RATIO_MAX = 1.3;

interface RatioWorld {
  readonly seed: number;
  readonly experiments: ReadonlyArray<{ readonly id: number }>;
}

const memo = new WeakMap<RatioWorld, Map<number, number>>();

/** Target PSU / metadata injection-volume ratio of an experiment (1 for unknown ids). */
export function injectionRatio(world: RatioWorld, experimentId: number): number {
  let ratios = memo.get(world);
  if (!ratios) {
    const n = world.experiments.length;
    const order = world.experiments.map((e) => ({ id: e.id, h: hash32(world.seed, 'injection-ratio', e.id) })).sort((a, b) => a.h - b.h || a.id - b.id);
    ratios = new Map(order.map((e, rank) => [e.id, INJECTION_RATIO_MIN + (INJECTION_RATIO_MAX - INJECTION_RATIO_MIN) * ((rank + 0.5) / n)]));
    memo.set(world, ratios);
  }
  return ratios.get(experimentId) ?? 1;
}
