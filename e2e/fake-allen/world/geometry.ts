// Synthetic brain geometry: an ellipsoid in the CCF box, partitioned into real ontology structures
// by a two-level Voronoi diagram in continuous CCF µm (x = AP, y = DV, z = ML). Level 1: one seed per
// (structure, site), mirrored about the midline z = 5700 µm. Level 2: inside a seed's cell, the
// nearest of its sub-seeds gives the leaf label (structures with children are split among leaves,
// like the real annotation). Labels are evaluated at voxel centres, so finer grids are finer.
import type { Ontology } from './ontology.ts';
import { hash32, unitHash } from './random.ts';

export type Vec3 = readonly [number, number, number];

export const MIDLINE_UM = 5700;
export const CCF_EXTENT_UM: Vec3 = [13200, 8000, 11400];
export const BRAIN_CENTRE_UM: Vec3 = [6600, 4000, 5700];
export const BRAIN_SEMI_AXES_UM: Vec3 = [6500, 3900, 5600];

const BLOCK_UM = 400;
const SUB_SEED_RADIUS_UM = 280;
const MAX_LEAVES_PER_SEED = 8;

/** Squared normalised radius: <= 1 inside the brain ellipsoid. */
export function brainRadius2(x: number, y: number, z: number): number {
  const dx = (x - BRAIN_CENTRE_UM[0]) / BRAIN_SEMI_AXES_UM[0];
  const dy = (y - BRAIN_CENTRE_UM[1]) / BRAIN_SEMI_AXES_UM[1];
  const dz = (z - BRAIN_CENTRE_UM[2]) / BRAIN_SEMI_AXES_UM[2];
  return dx * dx + dy * dy + dz * dz;
}

/** Moves a point outside `fraction` of the ellipsoid radius onto that shell (towards the centre). */
export function clampIntoBrain(p: Vec3, fraction = 0.92): Vec3 {
  const r = Math.sqrt(brainRadius2(p[0], p[1], p[2]));
  if (r <= fraction) return p;
  const s = fraction / r;
  return [
    BRAIN_CENTRE_UM[0] + (p[0] - BRAIN_CENTRE_UM[0]) * s,
    BRAIN_CENTRE_UM[1] + (p[1] - BRAIN_CENTRE_UM[1]) * s,
    BRAIN_CENTRE_UM[2] + (p[2] - BRAIN_CENTRE_UM[2]) * s,
  ];
}

export function mirrorZ(p: Vec3): Vec3 {
  return [p[0], p[1], 2 * MIDLINE_UM - p[2]];
}

export interface SeedSite {
  readonly structureId: number;
  /** Right-hemisphere site (z >= midline), CCF µm. Its mirror is added automatically. */
  readonly siteUm: Vec3;
}

export class Geometry {
  /** Right-hemisphere sites per structure, in the order given (targets pick among them). */
  readonly sitesByStructure = new Map<number, Vec3[]>();
  private readonly seeds: Float64Array; // x, y, z per seed
  private readonly subStart: Int32Array; // sub-seeds of seed s: subStart[s] .. subStart[s+1]
  private readonly subs: Float64Array; // x, y, z per sub-seed
  private readonly subLabel: Uint32Array;
  private readonly candStart: Int32Array;
  private readonly cand: Int32Array;
  private readonly nb: Vec3;

  constructor(sites: readonly SeedSite[], ontology: Ontology, worldSeed: number) {
    const seeded = new Set(sites.map((s) => s.structureId));
    const seedXYZ: number[] = [];
    const subXYZ: number[] = [];
    const subLab: number[] = [];
    const subStart: number[] = [0];
    const instances = new Map<number, number>();
    for (const site of sites) {
      const right: Vec3 = site.siteUm[2] >= MIDLINE_UM ? site.siteUm : mirrorZ(site.siteUm);
      const list = this.sitesByStructure.get(site.structureId) ?? [];
      list.push(right);
      this.sitesByStructure.set(site.structureId, list);
      const n = instances.get(site.structureId) ?? 0;
      instances.set(site.structureId, n + 1);
      const leaves = chooseLeaves(ontology, site.structureId, seeded, n);
      const offsets = leaves.map((_, m) => (leaves.length === 1 ? ([0, 0, 0] as Vec3) : sphereOffset(hash32(worldSeed, 'sub', site.structureId, n, m))));
      for (const sign of [1, -1]) {
        const centre = sign === 1 ? right : mirrorZ(right);
        seedXYZ.push(centre[0], centre[1], centre[2]);
        leaves.forEach((leaf, m) => {
          const o = offsets[m] ?? [0, 0, 0];
          subXYZ.push(centre[0] + o[0], centre[1] + o[1], centre[2] + sign * o[2]);
          subLab.push(leaf);
        });
        subStart.push(subLab.length);
      }
    }
    this.seeds = Float64Array.from(seedXYZ);
    this.subs = Float64Array.from(subXYZ);
    this.subLabel = Uint32Array.from(subLab);
    this.subStart = Int32Array.from(subStart);
    this.nb = [Math.ceil(CCF_EXTENT_UM[0] / BLOCK_UM), Math.ceil(CCF_EXTENT_UM[1] / BLOCK_UM), Math.ceil(CCF_EXTENT_UM[2] / BLOCK_UM)];
    const { start, list } = buildCandidates(this.seeds, this.nb);
    this.candStart = start;
    this.cand = list;
  }

  get seedCount(): number {
    return this.seeds.length / 3;
  }

  /** Leaf structure id at a CCF µm point; 0 outside the brain. */
  labelAt(x: number, y: number, z: number): number {
    if (brainRadius2(x, y, z) > 1) return 0;
    const b = this.blockOf(x, y, z);
    return this.nearestLabel(x, y, z, b);
  }

  /**
   * Label volume at `resolutionUm` (voxel centres), AP fastest: index = i + nx * (j + ny * k).
   * `onSlab` receives one ML plane (nx * ny labels) at a time, so 25 µm never needs 308 MB at once.
   */
  forEachSlab(resolutionUm: number, onSlab: (k: number, slab: Uint32Array) => void): void {
    const nx = Math.round(CCF_EXTENT_UM[0] / resolutionUm);
    const ny = Math.round(CCF_EXTENT_UM[1] / resolutionUm);
    const nz = Math.round(CCF_EXTENT_UM[2] / resolutionUm);
    const [nbx, nby] = this.nb;
    const bxOf = new Int32Array(nx);
    for (let i = 0; i < nx; i++) bxOf[i] = Math.floor(((i + 0.5) * resolutionUm) / BLOCK_UM);
    const [cx, cy, cz] = BRAIN_CENTRE_UM;
    const [ax, ay, az] = BRAIN_SEMI_AXES_UM;
    for (let k = 0; k < nz; k++) {
      const slab = new Uint32Array(nx * ny);
      const z = (k + 0.5) * resolutionUm;
      const dz = (z - cz) / az;
      const bz = Math.floor(z / BLOCK_UM);
      for (let j = 0; j < ny; j++) {
        const y = (j + 0.5) * resolutionUm;
        const dy = (y - cy) / ay;
        const rest = 1 - dy * dy - dz * dz;
        if (rest < 0) continue;
        const half = ax * Math.sqrt(rest);
        const i0 = Math.max(0, Math.ceil((cx - half) / resolutionUm - 0.5));
        const i1 = Math.min(nx - 1, Math.floor((cx + half) / resolutionUm - 0.5));
        const rowBlock = nbx * (Math.floor(y / BLOCK_UM) + nby * bz);
        const row = nx * j;
        for (let i = i0; i <= i1; i++) {
          const x = (i + 0.5) * resolutionUm;
          slab[row + i] = this.nearestLabel(x, y, z, rowBlock + (bxOf[i] ?? 0));
        }
      }
      onSlab(k, slab);
    }
  }

  /** Whole label volume (use for 100 and 50 µm). */
  labelVolume(resolutionUm: number): Uint32Array {
    const nx = Math.round(CCF_EXTENT_UM[0] / resolutionUm);
    const ny = Math.round(CCF_EXTENT_UM[1] / resolutionUm);
    const out = new Uint32Array(nx * ny * Math.round(CCF_EXTENT_UM[2] / resolutionUm));
    this.forEachSlab(resolutionUm, (k, slab) => out.set(slab, k * nx * ny));
    return out;
  }

  private blockOf(x: number, y: number, z: number): number {
    const [nbx, nby, nbz] = this.nb;
    const bx = Math.min(nbx - 1, Math.max(0, Math.floor(x / BLOCK_UM)));
    const by = Math.min(nby - 1, Math.max(0, Math.floor(y / BLOCK_UM)));
    const bz = Math.min(nbz - 1, Math.max(0, Math.floor(z / BLOCK_UM)));
    return bx + nbx * (by + nby * bz);
  }

  private nearestLabel(x: number, y: number, z: number, block: number): number {
    const seeds = this.seeds;
    let best = -1;
    let bestD = Infinity;
    const end = this.candStart[block + 1] ?? 0;
    for (let c = this.candStart[block] ?? 0; c < end; c++) {
      const s = this.cand[c] ?? 0;
      const dx = x - (seeds[3 * s] ?? 0);
      const dy = y - (seeds[3 * s + 1] ?? 0);
      const dz = z - (seeds[3 * s + 2] ?? 0);
      const d = dx * dx + dy * dy + dz * dz;
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    if (best < 0) return 0;
    const s0 = this.subStart[best] ?? 0;
    const s1 = this.subStart[best + 1] ?? 0;
    if (s1 - s0 === 1) return this.subLabel[s0] ?? 0;
    let label = 0;
    bestD = Infinity;
    for (let s = s0; s < s1; s++) {
      const dx = x - (this.subs[3 * s] ?? 0);
      const dy = y - (this.subs[3 * s + 1] ?? 0);
      const dz = z - (this.subs[3 * s + 2] ?? 0);
      const d = dx * dx + dy * dy + dz * dz;
      if (d < bestD) {
        bestD = d;
        label = this.subLabel[s] ?? 0;
      }
    }
    return label;
  }
}

/** Leaves a seed of `id` may label: leaves below it not owned by another seeded structure. */
function chooseLeaves(ontology: Ontology, id: number, seeded: ReadonlySet<number>, instance: number): number[] {
  if (ontology.isLeaf(id)) return [id];
  const free = ontology.leavesUnder(id).filter((leaf) => {
    for (const a of ontology.ancestorsInclusive(leaf)) {
      if (a === id) return true;
      if (seeded.has(a)) return false;
    }
    return true;
  });
  if (free.length === 0) return [id];
  if (free.length <= MAX_LEAVES_PER_SEED) return free;
  const out: number[] = [];
  for (let m = 0; m < MAX_LEAVES_PER_SEED; m++) {
    const leaf = free[(instance * MAX_LEAVES_PER_SEED + m) % free.length];
    if (leaf !== undefined) out.push(leaf);
  }
  return out;
}

function sphereOffset(h: number): Vec3 {
  const u = unitHash(h, 'u') * 2 - 1;
  const phi = unitHash(h, 'phi') * 2 * Math.PI;
  const s = Math.sqrt(1 - u * u);
  return [SUB_SEED_RADIUS_UM * s * Math.cos(phi), SUB_SEED_RADIUS_UM * u, SUB_SEED_RADIUS_UM * s * Math.sin(phi)];
}

/** Per block, the seeds that can be nearest to some point of the block (min/max distance bound). */
function buildCandidates(seeds: Float64Array, nb: Vec3): { start: Int32Array; list: Int32Array } {
  const [nbx, nby, nbz] = nb;
  const n = seeds.length / 3;
  const start = new Int32Array(nbx * nby * nbz + 1);
  const list: number[] = [];
  const dmin = new Float64Array(n);
  for (let bz = 0; bz < nbz; bz++) {
    for (let by = 0; by < nby; by++) {
      for (let bx = 0; bx < nbx; bx++) {
        const b = bx + nbx * (by + nby * bz);
        start[b] = list.length;
        const lo: Vec3 = [bx * BLOCK_UM, by * BLOCK_UM, bz * BLOCK_UM];
        const near: Vec3 = [
          Math.min(Math.max(BRAIN_CENTRE_UM[0], lo[0]), lo[0] + BLOCK_UM),
          Math.min(Math.max(BRAIN_CENTRE_UM[1], lo[1]), lo[1] + BLOCK_UM),
          Math.min(Math.max(BRAIN_CENTRE_UM[2], lo[2]), lo[2] + BLOCK_UM),
        ];
        if (brainRadius2(near[0], near[1], near[2]) > 1) continue;
        let bound = Infinity;
        for (let s = 0; s < n; s++) {
          let mn = 0;
          let mx = 0;
          for (let a = 0; a < 3; a++) {
            const p = seeds[3 * s + a] ?? 0;
            const l = lo[a] ?? 0;
            const h = l + BLOCK_UM;
            const dn = p < l ? l - p : p > h ? p - h : 0;
            const df = Math.max(Math.abs(p - l), Math.abs(p - h));
            mn += dn * dn;
            mx += df * df;
          }
          dmin[s] = mn;
          if (mx < bound) bound = mx;
        }
        for (let s = 0; s < n; s++) if ((dmin[s] ?? 0) <= bound) list.push(s);
      }
    }
  }
  start[nbx * nby * nbz] = list.length;
  return { start, list: Int32Array.from(list) };
}
