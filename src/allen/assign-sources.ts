// Which experiments feed which source: an experiment joins the FIRST chosen source (in list
// order) whose ontology subtree contains its primary injection structure (bsv's "first source
// wins", but through the hierarchy instead of acronym prefixes). With primaryOnly = false an
// experiment also joins through any of its other injection structures. Line and Products filters
// are the query's own (products [] = every product, as bsv; nothing is filtered silently).
import { matchesLine, matchesProducts } from './experiment-filters.ts';
import type { Ontology } from './ontology.ts';
import type { Experiment, MouseLineFilter, Structure } from './types.ts';

export interface SourceAssignment {
  readonly structure: Structure;
  readonly experiments: readonly Experiment[];
}

export interface AssignResult {
  readonly sources: readonly SourceAssignment[];
  /** Acronyms that are not in the ontology. */
  readonly unknown: readonly string[];
}

export function assignSources(
  acronyms: readonly string[],
  experiments: readonly Experiment[],
  ontology: Ontology,
  line: MouseLineFilter,
  primaryOnly = true,
  products: readonly number[] = [],
): AssignResult {
  const unknown: string[] = [];
  const structures: Structure[] = [];
  for (const a of acronyms) {
    const s = ontology.byAcronym(a);
    if (s) structures.push(s);
    else unknown.push(a);
  }
  const subtrees = structures.map((s) => ontology.expand([s.id]));
  const buckets: Experiment[][] = structures.map(() => []);
  for (const e of experiments) {
    if (!matchesProducts(e, products)) continue;
    if (!matchesLine(e, line)) continue;
    let i = subtrees.findIndex((t) => t.has(e.structureId));
    if (i < 0 && !primaryOnly) i = subtrees.findIndex((t) => e.injectionStructureIds.some((id) => t.has(id)));
    if (i >= 0) buckets[i]?.push(e);
  }
  return {
    sources: structures.map((structure, i) => ({ structure, experiments: buckets[i] ?? [] })),
    unknown,
  };
}
