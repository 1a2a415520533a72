// Experiment search and source assignment, from ApiConnectivity metadata and the ontology only.
//   region subtree = the region's structure and all its descendants (ontology tree).
//   primaryOnly:  primary structure (structure_id) inside any region's subtree;
//   otherwise:    primary OR any injection structure ("985/993" list) inside any subtree.
//   products:     product_id ∈ products ([] = every product).
//   line:         all | wild type (transgenic_line null) | the line whose name matches exactly.
// Results are experiment ids in ascending order.
import type { OracleExperiment, OracleWorld } from './world.ts';

export type LineFilter = { readonly kind: 'all' } | { readonly kind: 'wild-type' } | { readonly kind: 'line'; readonly name: string };

export interface SearchQuery {
  /** Region acronyms. */
  readonly regions: readonly string[];
  /** Product ids; [] = all products. */
  readonly products: readonly number[];
  readonly line: LineFilter;
  readonly primaryOnly: boolean;
}

function lineMatches(e: OracleExperiment, line: LineFilter): boolean {
  if (line.kind === 'all') return true;
  if (line.kind === 'wild-type') return e.lineName === null;
  return e.lineName === line.name;
}

function injectedInto(e: OracleExperiment, subtree: ReadonlySet<number>, primaryOnly: boolean): boolean {
  if (subtree.has(e.structureId)) return true;
  return !primaryOnly && e.injectionStructureIds.some((s) => subtree.has(s));
}

export function searchExperiments(w: OracleWorld, q: SearchQuery): number[] {
  const subtrees = q.regions.map((acronym) => w.ontology.subtree(w.ontology.idOf(acronym)));
  return w.experiments
    .filter(
      (e) => (q.products.length === 0 || q.products.includes(e.productId)) && lineMatches(e, q.line) && subtrees.some((t) => injectedInto(e, t, q.primaryOnly)),
    )
    .map((e) => e.id)
    .sort((a, b) => a - b);
}

/**
 * Splits ids among regions (in list order): an experiment goes to the first region whose subtree
 * holds its primary structure; when !primaryOnly, one that no region holds by primary goes to the
 * first region whose subtree holds any of its injection structures. Ids keep their input order;
 * ids no region takes are listed in `unassigned`.
 */
export function assignToRegions(
  w: OracleWorld,
  regionAcronyms: readonly string[],
  ids: readonly number[],
  primaryOnly: boolean,
): { regions: Array<{ region: string; ids: number[] }>; unassigned: number[] } {
  const subtrees = regionAcronyms.map((acronym) => w.ontology.subtree(w.ontology.idOf(acronym)));
  const regions = regionAcronyms.map((region) => ({ region, ids: [] as number[] }));
  const unassigned: number[] = [];
  for (const id of ids) {
    const e = w.experimentById.get(id);
    let k = e ? subtrees.findIndex((t) => t.has(e.structureId)) : -1;
    if (k < 0 && e && !primaryOnly) k = subtrees.findIndex((t) => e.injectionStructureIds.some((s) => t.has(s)));
    if (k < 0) unassigned.push(id);
    else regions[k]?.ids.push(id);
  }
  return { regions, unassigned };
}
