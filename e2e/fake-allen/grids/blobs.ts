// Parametric projection model. Each experiment's density is a sum of Gaussian blobs: one injection
// blob (peak 1, at the injection site) plus projection blobs at targets chosen per SOURCE structure
// (experiments from one source share most targets), ipsilateral to the injection, with a weaker
// mirrored contralateral copy. Peaks of projection blobs are 0.02–0.3.
import type { FakeExperiment } from '../world/experiments.ts';
import { clampIntoBrain, MIDLINE_UM, mirrorZ } from '../world/geometry.ts';
import type { Vec3 } from '../world/geometry.ts';
import { between, pick, rngFor } from '../world/random.ts';
import type { World } from '../world/world.ts';

export interface Blob {
  /** CCF µm */
  readonly centreUm: Vec3;
  readonly sigmaUm: number;
  readonly peak: number;
  readonly injection: boolean;
}

interface TargetSpec {
  readonly structureId: number;
  readonly site: Vec3;
  readonly strength: number;
  readonly sigmaUm: number;
  readonly contra: number;
}

const CP = 672;
const TH = 549;
const ISOCORTEX = 315;

const profileMemo = new WeakMap<World, Map<number, TargetSpec[]>>();

/** Targets of a source structure: CP and TH often, a couple of cortical areas, a few others. */
export function sourceProfile(world: World, sourceId: number): TargetSpec[] {
  let memo = profileMemo.get(world);
  if (!memo) {
    memo = new Map();
    profileMemo.set(world, memo);
  }
  const cached = memo.get(sourceId);
  if (cached) return cached;
  const rng = rngFor(world.seed, 'profile', sourceId);
  const sites = world.geometry.sitesByStructure;
  const pool = [...sites.keys()].filter((id) => id !== sourceId).sort((a, b) => a - b);
  const cortical = pool.filter((id) => world.ontology.isWithin(id, ISOCORTEX));
  const chosen: number[] = [];
  const add = (id: number | undefined): void => {
    if (id !== undefined && id !== sourceId && sites.has(id) && !chosen.includes(id)) chosen.push(id);
  };
  if (rng() < 0.75) add(CP);
  if (rng() < 0.6) add(TH);
  const nCortical = 1 + Math.floor(rng() * 3);
  for (let n = 0; n < nCortical; n++) add(pick(rng, cortical));
  const nOther = 2 + Math.floor(rng() * 3);
  for (let n = 0; n < nOther; n++) add(pick(rng, pool));
  const specs = chosen.map((structureId) => {
    const list = sites.get(structureId) ?? [];
    const site = list[Math.floor(rng() * list.length)] ?? [0, 0, 0];
    return {
      structureId,
      site,
      strength: between(rng, 0.04, 0.25),
      sigmaUm: between(rng, 120, 320),
      contra: between(rng, 0.1, 0.5),
    };
  });
  memo.set(sourceId, specs);
  return specs;
}

/**
 * Injection blob width. Real metadata: chosen so the injection volume (Σ density over voxels where
 * the injection component > 0.5, × 0.001 mm³) is close to Allen's; the integral of a unit-peak
 * Gaussian inside its half-maximum ball is ≈ 4.58 σ³ voxels.
 */
export function injectionSigmaUm(world: World, exp: FakeExperiment): number {
  if (exp.real) {
    const sigmaVoxels = Math.cbrt(Math.max(exp.injectionVolume, 1e-6) / 0.00458);
    return Math.min(500, Math.max(60, sigmaVoxels * 100));
  }
  return between(rngFor(world.seed, 'inj-sigma', exp.id), 150, 300);
}

/** Injection blob centre: the metadata site pulled inside the brain and snapped to a voxel centre. */
export function injectionCentreUm(exp: FakeExperiment): Vec3 {
  const p = clampIntoBrain(exp.coordUm, 0.95);
  const snap = (v: number): number => (Math.floor(v / 100) + 0.5) * 100;
  return [snap(p[0]), snap(p[1]), snap(p[2])];
}

export function experimentBlobs(world: World, exp: FakeExperiment): Blob[] {
  const rng = rngFor(world.seed, 'exp-blobs', exp.id);
  const centre = injectionCentreUm(exp);
  const blobs: Blob[] = [{ centreUm: centre, sigmaUm: injectionSigmaUm(world, exp), peak: 1, injection: true }];
  const leftInjection = centre[2] < MIDLINE_UM;
  const targets = sourceProfile(world, exp.structureId);
  targets.forEach((t, n) => {
    if (n >= 2 && rng() < 0.15) return;
    const scale = between(rng, 0.6, 1.4);
    const jittered: Vec3 = clampIntoBrain([
      t.site[0] + between(rng, -150, 150),
      t.site[1] + between(rng, -150, 150),
      t.site[2] + between(rng, -150, 150),
    ]);
    const ipsi = leftInjection ? mirrorZ(jittered) : jittered;
    const peak = Math.min(0.3, Math.max(0.02, t.strength * scale));
    blobs.push({ centreUm: ipsi, sigmaUm: t.sigmaUm, peak, injection: false });
    blobs.push({ centreUm: mirrorZ(ipsi), sigmaUm: t.sigmaUm, peak: Math.max(0.005, peak * t.contra), injection: false });
  });
  return blobs;
}
