// Helpers for the fault-injection specs: pick projectomes of a given size from the fake world,
// wait on the projectome's readiness, and collect page errors (a crash fails the test).
import { expect, type Page } from '@playwright/test';
import { FAKE_ALLEN_URL, fake } from './helpers.ts';
import { plannedByAcronym } from './planned-experiments.ts';

export interface PickedSource {
  readonly acronym: string;
  readonly id: number;
  /** Experiments the projectome averages for this source (the app's own rule, see below). */
  readonly experimentIds: readonly number[];
  readonly count: number;
}

export interface PickedProjectome {
  readonly target: string;
  readonly sources: readonly PickedSource[];
  readonly planned: number;
}

/**
 * A target and upstream sources (disjoint subtrees) whose planned experiments add up to exactly
 * `total` (subset sum over sources with 3–25 experiments each). Throws when there is none.
 */
export async function projectomeOfSize(total: number, targets = ['MOs', 'ACA', 'SCs', 'LGd']): Promise<PickedProjectome> {
  const planned = await plannedByAcronym(FAKE_ALLEN_URL);
  for (const target of targets) {
    const up = await fake.upstream(target).catch(() => null);
    if (!up) continue;
    const pool = up.sources
      .filter((s) => s.acronym !== target)
      .flatMap((s) => {
        const p = planned.get(s.acronym);
        return p ? [{ acronym: s.acronym, id: p.id, experimentIds: p.ids, count: p.ids.length }] : [];
      })
      .filter((s) => s.count >= 3 && s.count <= 25)
      .slice(0, 20);
    // reach[sum] = indices of a subset with that sum and no shared experiment (first found).
    const reach = new Map<number, number[]>([[0, []]]);
    pool.forEach((s, i) => {
      for (const [sum, subset] of [...reach]) {
        const next = sum + s.count;
        const overlaps = subset.some((j) => pool[j]?.experimentIds.some((id) => s.experimentIds.includes(id)));
        if (next <= total && !reach.has(next) && !overlaps) reach.set(next, [...subset, i]);
      }
    });
    const subset = reach.get(total);
    if (subset && subset.length <= 8) {
      return { target, sources: subset.flatMap((i) => (pool[i] ? [pool[i]] : [])), planned: total };
    }
  }
  throw new Error(`the fake world has no target whose upstream sources add up to ${total} experiments`);
}

export function projectomeUrl(p: { readonly target: string; readonly sources: ReadonlyArray<{ readonly acronym: string }> }): string {
  return `/?v=1&view=proj&t=${encodeURIComponent(p.target)}&s=${p.sources.map((s) => encodeURIComponent(s.acronym)).join(',')}`;
}

export function projectomeReady(page: Page, timeout = 45_000): Promise<void> {
  return expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-render-state', 'ready', { timeout });
}

/** Uncaught exceptions of the page; assert it stays empty (no crash). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  return errors;
}

/**
 * The grid requests of `experimentIds` on the wire now: the page's request events (they include
 * the workers' fetches). The download summary's "in progress" lags the workers, and between two
 * rounds of downloads nothing may be in flight; a test that cancels in-flight work waits on this.
 */
export function gridRequestsInFlight(page: Page, experimentIds: ReadonlySet<number>): () => number {
  const inFlight = new Set<string>();
  const ofThose = (url: string): boolean => url.includes('/grid_data/') && experimentIds.has(Number(/download_file\/(\d+)/.exec(url)?.[1]));
  page.on('request', (r) => {
    if (ofThose(r.url())) inFlight.add(r.url());
  });
  const settled = (r: { url(): string }): void => void inFlight.delete(r.url());
  page.on('requestfinished', settled);
  page.on('requestfailed', settled);
  return () => inFlight.size;
}
