// Parametric projection model. Each experiment's density is a sum of Gaussian blobs: one injection
// blob (peak 1, at the injection site) plus projection blobs at targets chosen per SOURCE structure
// (experiments from one source share most targets), ipsilateral to the injection, with a weaker
// mirrored contralateral copy. Peaks of projection blobs are 0.02–0.3.
import type { FakeExperiment } from '../world/experiments.ts';
import { clampIntoBrain, MIDLINE_UM, mirrorZ } from '../world/geometry.ts';
import type { Vec3 } from '../world/geometry.ts';
import { injectionRatio } from '../world/injection-ratio.ts';
import { between, pick, rngFor } from '../world/random.ts';
import { GRID } from '../world/world.ts';
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

/** A voxel is in the injection site when the injection component exceeds this (render.ts). */
const SITE_THRESHOLD = 0.5;
const SIGMA_MIN_UM = 40;
const SIGMA_MAX_UM = 1000;

/**
 * Σ of a unit-peak Gaussian (σ µm, centred at `centreUm`) over the 100 µm voxels inside the brain
 * where it exceeds the injection-site threshold, in voxels: the PSU injection volume of the blob
 * alone / 0.001 mm³. Non-decreasing in σ, with a step each time a voxel crosses the threshold.
 */
export function injectionSiteVoxels(labels: Uint32Array, centreUm: Vec3, sigmaUm: number): number {
  const reach = sigmaUm * Math.sqrt(2 * Math.log(1 / SITE_THRESHOLD));
  const range = (c: number, n: number): [number, number] => [Math.max(0, Math.floor((c - reach) / 100)), Math.min(n - 1, Math.floor((c + reach) / 100))];
  const [i0, i1] = range(centreUm[0], GRID.nx);
  const [j0, j1] = range(centreUm[1], GRID.ny);
  const [k0, k1] = range(centreUm[2], GRID.nz);
  let sum = 0;
  for (let k = k0; k <= k1; k++) {
    const dz = (k + 0.5) * 100 - centreUm[2];
    for (let j = j0; j <= j1; j++) {
      const dy = (j + 0.5) * 100 - centreUm[1];
      for (let i = i0; i <= i1; i++) {
        const dx = (i + 0.5) * 100 - centreUm[0];
        const g = Math.exp((-0.5 * (dx * dx + dy * dy + dz * dz)) / (sigmaUm * sigmaUm));
        if (g > SITE_THRESHOLD && labels[i + GRID.nx * (j + GRID.ny * k)] !== 0) sum += g;
      }
    }
  }
  return sum;
}

/** σ (µm, in [40, 1000]) whose injection-site volume at `centreUm` is closest to `targetMm3` (log ratio). */
export function sigmaForInjectionVolume(labels: Uint32Array, centreUm: Vec3, targetMm3: number): number {
  const target = Math.max(targetMm3, 1e-9) / 0.001;
  const volume = (sigma: number): number => injectionSiteVoxels(labels, centreUm, sigma);
  // Bracket around the continuous estimate (Σ ≈ 4.58 σ³ voxels), so no step scans a huge cube.
  const estimate = 100 * Math.cbrt(target / 4.58);
  let lo = Math.max(SIGMA_MIN_UM, estimate / 2);
  let hi = Math.min(SIGMA_MAX_UM, estimate * 2);
  if (volume(hi) < target) {
    lo = hi;
    hi = SIGMA_MAX_UM;
    if (volume(hi) <= target) return hi;
  }
  if (volume(lo) >= target) lo = SIGMA_MIN_UM;
  // Smallest σ (to 0.1 %, i.e. 0.3 % in volume) with volume ≥ target, then the closer of it and
  // the step below.
  while (hi - lo > 0.001 * hi) {
    const mid = 0.5 * (lo + hi);
    if (volume(mid) >= target) hi = mid;
    else lo = mid;
  }
  const above = volume(hi);
  const below = Math.max(volume(lo), 1e-9);
  return Math.abs(Math.log(below / target)) < Math.abs(Math.log(above / target)) ? lo : hi;
}

const sigmaMemo = new WeakMap<World, Map<number, number>>();

/**
 * Injection blob width. Real metadata: sized so that the PSU injection volume (Σ density over
 * injection-site voxels × 0.001 mm³) is ≈ Allen's injection_volume × the experiment's target
 * ratio (world/injection-ratio.ts), counting only voxels inside the brain. -1 voxels and
 * overlapping projection blobs move it a little; injections under one voxel (0.001 mm³) or between 1 and ~4 voxels cannot follow.
 * Synthetic: 150–300 µm (their metadata is derived from the PSU instead).
 */
export function injectionSigmaUm(world: World, exp: FakeExperiment): number {
  if (!exp.real) return between(rngFor(world.seed, 'inj-sigma', exp.id), 150, 300);
  let memo = sigmaMemo.get(world);
  if (!memo) {
    memo = new Map();
    sigmaMemo.set(world, memo);
  }
  let sigma = memo.get(exp.id);
  if (sigma === undefined) {
    sigma = sigmaForInjectionVolume(world.labels100, injectionCentreUm(exp), exp.injectionVolume * injectionRatio(world, exp.id));
    memo.set(exp.id, sigma);
  }
  return sigma;
}

/**
 * Injection blob centre: the metadata site pulled inside the brain. Synthetic experiments snap it
 * to a voxel centre; real ones keep it as is, so that voxels cross the injection-site threshold one
 * at a time as σ grows and the PSU injection volume can follow the metadata closely.
 */
export function injectionCentreUm(exp: FakeExperiment): Vec3 {
  const p = clampIntoBrain(exp.coordUm, 0.95);
  if (exp.real) return p;
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
    const jittered: Vec3 = clampIntoBrain([t.site[0] + between(rng, -150, 150), t.site[1] + between(rng, -150, 150), t.site[2] + between(rng, -150, 150)]);
    const ipsi = leftInjection ? mirrorZ(jittered) : jittered;
    const peak = Math.min(0.3, Math.max(0.02, t.strength * scale));
    blobs.push({ centreUm: ipsi, sigmaUm: t.sigmaUm, peak, injection: false });
    blobs.push({ centreUm: mirrorZ(ipsi), sigmaUm: t.sigmaUm, peak: Math.max(0.005, peak * t.contra), injection: false });
  });
  return blobs;
}
