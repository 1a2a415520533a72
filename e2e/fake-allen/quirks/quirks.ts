// Quirk experiments: hard cases that are properties of the world (always on, untouched by
// /__fake/reset), all among the primary-injection experiments of one "quirk structure":
//   missingGrid        both grid routes answer 404 (metadata, PSU rows and the rest exist);
//   corruptNrrd        the NRRD answers 200 with a complete body whose gzip payload cannot be
//                      inflated (reserved deflate block type); the zip route is fine;
//   corruptBoth        that NRRD and a well-formed zip whose density.raw is one AP row short;
//   noInjectionRecord  its PSU has no is_injection=true rows at all (metadata volume stays).
// The quirk structure has 7–14 primary-injection experiments (all products, all lines), members
// spread over several AP thirds, and is chosen so that no structure with 2–9 experiments of its
// own (the ones existing specs pick via smallRegion / smallSources / small projectome sources)
// contains a quirk experiment's primary or injection structure: their searches stay quirk-free.
import { injectionStructuresOf } from '../psu/synthetic-metadata.ts';
import type { FakeExperiment } from '../world/experiments.ts';
import { hash32 } from '../world/random.ts';
import type { World } from '../world/world.ts';

export interface WorldQuirks {
  readonly structureId: number;
  readonly acronym: string;
  readonly missingGrid: readonly number[];
  readonly corruptNrrd: readonly number[];
  readonly corruptBoth: readonly number[];
  readonly noInjectionRecord: readonly number[];
}

export const QUIRK_COUNT_RANGE = [7, 14] as const;
/** Structures with this many experiments of their own must not see quirks (see header). */
export const QUIET_COUNT_RANGE = [2, 9] as const;
const AP_BINS = 3;

/** bsv grouping bins: edges = B+1 equal steps from min to max; bin = (# edges ≤ v) - 1, clamped. */
export function apBinOf(values: readonly number[], bins: number): number[] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (max === min) return values.map(() => 0);
  const step = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + k * step));
  return values.map((v) => Math.min(bins - 1, Math.max(0, edges.filter((e) => e <= v).length - 1)));
}

interface Candidate {
  readonly structureId: number;
  readonly members: readonly FakeExperiment[];
  /** AP bin (0..2) of each member. */
  readonly bins: readonly number[];
  readonly clean: readonly boolean[];
  readonly score: readonly number[];
}

function evaluate(world: World, structureId: number, members: FakeExperiment[], quiet: readonly number[]): Candidate | null {
  const ap = members.map((e) => e.coordUm[0]);
  const bins = apBinOf(ap, AP_BINS);
  if (new Set(bins).size < 2) return null;
  const clean = members.map((e) => [e.structureId, ...injectionStructuresOf(world, e)].every((s) => !quiet.some((q) => world.ontology.isWithin(s, q))));
  const cleanCount = clean.filter(Boolean).length;
  if (cleanCount < 4) return null;
  const cleanBins = new Set(bins.filter((_, n) => clean[n])).size;
  const distinctAp = new Set(ap).size === ap.length ? 1 : 0;
  const products = new Set(members.map((e) => e.productId)).size >= 2 ? 1 : 0;
  // Larger is better, compared in order: 10–14 members (outside the 5–9 and ≤ 8 windows some
  // specs use), distinct AP coordinates, clean members in all three thirds, several products.
  const score = [members.length >= 10 ? 1 : 0, distinctAp, cleanBins, products, hash32(world.seed, 'quirk-structure', structureId)];
  return { structureId, members, bins, clean, score };
}

function better(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return false;
}

function choose(world: World): WorldQuirks {
  const byStructure = new Map<number, FakeExperiment[]>();
  for (const e of world.experiments) byStructure.set(e.structureId, [...(byStructure.get(e.structureId) ?? []), e]);
  const quiet = [...byStructure]
    .filter(([id, list]) => list.length >= QUIET_COUNT_RANGE[0] && list.length <= QUIET_COUNT_RANGE[1] && world.voxelCounts.has(id))
    .map(([id]) => id);
  let best: Candidate | null = null;
  for (const [id, members] of [...byStructure].sort((a, b) => a[0] - b[0])) {
    if (members.length < QUIRK_COUNT_RANGE[0] || members.length > QUIRK_COUNT_RANGE[1] || !world.voxelCounts.has(id)) continue;
    const c = evaluate(world, id, members, quiet);
    if (c && (!best || better(c.score, best.score))) best = c;
  }
  if (!best) throw new Error('fake world: no structure qualifies as the quirk structure');
  return assign(world, best);
}

/**
 * Four clean members, one per role: the three failing ones in different AP thirds, then
 * noInjectionRecord in the third with most members left, never at the minimum or maximum AP (so
 * excluding it before grouping leaves the bin edges alone). Product 5 is preferred, then a seeded
 * order. Keeping a member in every third comes first: a third with a single member gets no quirk
 * (then two failing quirks share a third).
 */
function assign(world: World, c: Candidate): WorldQuirks {
  const ap = c.members.map((e) => e.coordUm[0]);
  const [minAp, maxAp] = [Math.min(...ap), Math.max(...ap)];
  type Member = { readonly id: number; readonly bin: number; readonly ap: number };
  const order: Member[] = c.members
    .map((e, n) => ({ e, n }))
    .filter(({ n }) => c.clean[n])
    .sort((a, b) => Number(b.e.productId === 5) - Number(a.e.productId === 5) || hash32(world.seed, 'quirk', a.e.id) - hash32(world.seed, 'quirk', b.e.id))
    .map(({ e, n }) => ({ id: e.id, bin: c.bins[n] ?? 0, ap: e.coordUm[0] }));
  const left = new Map<number, number>();
  for (const b of c.bins) left.set(b, (left.get(b) ?? 0) + 1);
  const taken = new Set<number>();
  /**
   * First free member satisfying the most demanding test any member passes: a wish without
   * emptying a third, then any member that empties no third, then a wish, then anyone.
   */
  const take = (...wishes: Array<(m: Member) => boolean>): Member => {
    const keeps = (m: Member): boolean => (left.get(m.bin) ?? 0) > 1;
    for (const wish of [...wishes.map((w) => (m: Member) => keeps(m) && w(m)), keeps, ...wishes, () => true]) {
      const m = order.find((x) => !taken.has(x.id) && wish(x));
      if (m) {
        taken.add(m.id);
        left.set(m.bin, (left.get(m.bin) ?? 0) - 1);
        return m;
      }
    }
    throw new Error('fake world: too few clean quirk candidates');
  };
  const usedBins = new Set<number>();
  const failing = (): number => {
    const m = take((x) => !usedBins.has(x.bin));
    usedBins.add(m.bin);
    return m.id;
  };
  const missingGrid = failing();
  const corruptNrrd = failing();
  const corruptBoth = failing();
  const fullest = [...left].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const inner = (m: Member): boolean => m.ap !== minAp && m.ap !== maxAp;
  const noInjectionRecord = take((m) => m.bin === fullest && inner(m), inner).id;
  return {
    structureId: c.structureId,
    acronym: world.ontology.get(c.structureId)?.acronym ?? '',
    missingGrid: [missingGrid],
    corruptNrrd: [corruptNrrd],
    corruptBoth: [corruptBoth],
    noInjectionRecord: [noInjectionRecord],
  };
}

const memo = new WeakMap<World, WorldQuirks>();

export function quirksOf(world: World): WorldQuirks {
  let q = memo.get(world);
  if (!q) {
    q = choose(world);
    memo.set(world, q);
  }
  return q;
}
