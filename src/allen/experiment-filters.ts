// What filters and labels experiments, without the row schemas (zod) of the fetch paths: the line
// and product filters, the filter lists, product labels, the Spatial Search threshold and the
// target list's top levels. The page and the worker import these from here (not from the allen
// barrel or the endpoint modules, which bring zod: ~21–26 ms of evaluation per JS context in
// headless Chromium on the test machine, 7 December); the endpoint modules re-export them.
import type { Ontology } from './ontology.ts';
import type { Experiment, FilterLists, MouseLineFilter } from './types.ts';

/** Allen's Spatial Search threshold: projection density ≥ 0.1 at the seed. */
export const SPATIAL_MIN_DENSITY = 0.1;

export function matchesLine(e: Experiment, line: MouseLineFilter): boolean {
  if (line.kind === 'all') return true;
  if (line.kind === 'wild-type') return e.transgenicLine === null;
  return e.transgenicLine === line.name;
}

/**
 * The Products filter: [] keeps every product (bsv's searches and its upstream lookup apply no
 * product filter); otherwise only these product ids. Experiments with no product id are kept.
 */
export function matchesProducts(e: { readonly productId: number | null }, products: readonly number[]): boolean {
  return products.length === 0 || e.productId === null || products.includes(e.productId);
}

/** Distinct line names (sorted), primary injection structures with counts (most first), products. */
export function filterLists(experiments: readonly Experiment[]): FilterLists {
  const lines = new Set<string>();
  const counts = new Map<number, number>();
  const products = new Map<number, number>();
  for (const e of experiments) {
    if (e.transgenicLine) lines.add(e.transgenicLine);
    counts.set(e.structureId, (counts.get(e.structureId) ?? 0) + 1);
    if (e.productId !== null) products.set(e.productId, (products.get(e.productId) ?? 0) + 1);
  }
  return {
    lines: [...lines].sort((a, b) => a.localeCompare(b)),
    injectedStructures: [...counts].map(([structureId, count]) => ({ structureId, count })).sort((a, b) => b.count - a.count || a.structureId - b.structureId),
    products: [...products].map(([productId, count]) => ({ productId, count })).sort((a, b) => a.productId - b.productId),
  };
}

export interface Product {
  readonly id: number;
  readonly name: string;
}

/** The label of a product id when its name is unknown (the names request failed or is pending). */
export function productLabel(id: number, products: readonly Product[] | undefined): string {
  return products?.find((p) => p.id === id)?.name ?? `Product ${id}`;
}

/** Targets without those nested in another listed target (their signal is already counted). */
export function topLevelTargets(targetIds: readonly number[], ontology: Ontology): number[] {
  const ids = [...new Set(targetIds)];
  return ids.filter((id) => !ids.some((other) => other !== id && ontology.isDescendant(id, other)));
}
