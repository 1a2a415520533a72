// Chooses the projectome inputs. pickCandidates(): a target and 16 upstream sources with 12–40
// experiments each in the fake's upstream query. chooseSets(): given the experiments per source
// the app itself plans (its legend; the app also filters by product and line, so its counts are
// lower than the fake's), the 8 candidates whose total is closest to 200 and the 4 of those 8
// closest to 100.
import type { FakeAllenControl } from '../../e2e/fake-allen/control.ts';

export interface Candidates {
  readonly target: string;
  readonly sources: readonly string[];
  /** Experiments per source according to the fake's upstream query (primary structure = source). */
  readonly fakeCounts: Readonly<Record<string, number>>;
}

const TARGETS = ['CP', 'TH', 'MOs', 'SCs'];
const SAFE_ACRONYM = /^[A-Za-z0-9-]+$/;
const CANDIDATES = 16;

export async function pickCandidates(fake: FakeAllenControl): Promise<Candidates> {
  const world = await fake.world();
  const withVoxels = new Set(world.structuresWithExperiments.filter((s) => s.hasVoxels).map((s) => s.acronym));
  for (const target of TARGETS) {
    const up = await fake.upstream(target).catch(() => null);
    if (!up) continue;
    const chosen = up.sources
      .map((s) => ({ acronym: s.acronym, count: s.experimentIds.length }))
      .filter((s) => s.acronym !== target && withVoxels.has(s.acronym) && SAFE_ACRONYM.test(s.acronym) && s.count >= 12 && s.count <= 40)
      .sort((a, b) => Math.abs(a.count - 28) - Math.abs(b.count - 28) || a.acronym.localeCompare(b.acronym))
      .slice(0, CANDIDATES);
    if (chosen.length < CANDIDATES) continue;
    return { target, sources: chosen.map((s) => s.acronym), fakeCounts: Object.fromEntries(chosen.map((s) => [s.acronym, s.count])) };
  }
  throw new Error(`none of ${TARGETS.join(', ')} has ${CANDIDATES} upstream sources with 12–40 experiments in the fake world`);
}

/** The k-subset of items (in input order) whose count total is closest to goal. */
function closestSubset(items: readonly string[], counts: Readonly<Record<string, number>>, k: number, goal: number): string[] {
  let best: string[] = [];
  let bestDiff = Infinity;
  const pick: string[] = [];
  const visit = (start: number, total: number): void => {
    if (pick.length === k) {
      const diff = Math.abs(total - goal);
      if (diff < bestDiff) {
        bestDiff = diff;
        best = [...pick];
      }
      return;
    }
    for (let i = start; i <= items.length - (k - pick.length); i++) {
      const item = items[i] ?? '';
      pick.push(item);
      visit(i + 1, total + (counts[item] ?? 0));
      pick.pop();
    }
  };
  visit(0, 0);
  return best;
}

export function chooseSets(candidates: readonly string[], appCounts: Readonly<Record<string, number>>): { sources8: string[]; sources4: string[] } {
  const usable = candidates.filter((a) => (appCounts[a] ?? 0) > 0);
  if (usable.length < 8) throw new Error(`only ${usable.length} candidate sources have experiments in the app's legend`);
  const sources8 = closestSubset(usable, appCounts, 8, 200);
  return { sources8, sources4: closestSubset(sources8, appCounts, 4, 100) };
}
