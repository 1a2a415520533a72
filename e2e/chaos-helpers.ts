// Helpers for the fault-injection specs: pick projectomes of a given size from the fake world,
// wait on the projectome's readiness, and collect page errors (a crash fails the test).
import { expect, type Page } from '@playwright/test';
import { FAKE_ALLEN_URL, fake } from './helpers.ts';

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

interface OntologyNode {
  readonly id: number;
  readonly acronym: string;
  readonly children?: readonly OntologyNode[];
}

interface ConnectivityRow {
  readonly data_set_id: number;
  readonly structure_id: number;
  readonly product_id?: number | null;
}

/**
 * Planned experiments per structure acronym, computed from the fake's own Allen answers the way
 * the app assigns them (src/allen/assign-sources.ts: primary injection structure inside the
 * source's subtree, projection product 5 or unknown, all lines).
 */
async function plannedByAcronym(): Promise<Map<string, { id: number; ids: number[] }>> {
  const [onto, rows] = await Promise.all([
    fetch(`${FAKE_ALLEN_URL}/api/v2/structure_graph_download/1.json`).then(async (r) => ((await r.json()) as { msg: OntologyNode[] }).msg),
    fetch(`${FAKE_ALLEN_URL}/api/v2/data/query.json?criteria=${encodeURIComponent("model::ApiConnectivity,rma::options[num_rows$eq'all']")}`).then(
      async (r) => ((await r.json()) as { msg: ConnectivityRow[] }).msg,
    ),
  ]);
  const byStructure = new Map<number, number[]>();
  for (const row of rows) {
    if (row.product_id !== undefined && row.product_id !== null && row.product_id !== 5) continue;
    byStructure.set(row.structure_id, [...(byStructure.get(row.structure_id) ?? []), row.data_set_id]);
  }
  const out = new Map<string, { id: number; ids: number[] }>();
  const walk = (node: OntologyNode): number[] => {
    const ids = [...(byStructure.get(node.id) ?? []), ...(node.children ?? []).flatMap(walk)];
    out.set(node.acronym, { id: node.id, ids });
    return ids;
  };
  onto.forEach(walk);
  return out;
}

/**
 * A target and upstream sources (disjoint subtrees) whose planned experiments add up to exactly
 * `total` (subset sum over sources with 3–25 experiments each). Throws when there is none.
 */
export async function projectomeOfSize(total: number, targets = ['MOs', 'ACA', 'SCs', 'LGd']): Promise<PickedProjectome> {
  const planned = await plannedByAcronym();
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
