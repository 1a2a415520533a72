// Structure ontology from structure_graph_download/1.json (msg = [root], nested children). A
// region is the structure and all its descendants through the tree (never acronym prefixes).
// Acronyms resolve exactly, then case-insensitively.

export interface OntologyNode {
  readonly id: number;
  readonly acronym: string;
  readonly name?: string;
  readonly children?: readonly OntologyNode[];
}

export class OracleOntology {
  private readonly byId = new Map<number, OntologyNode>();
  private readonly byAcronym = new Map<string, number>();
  private readonly byLower = new Map<string, number>();
  private readonly subtrees = new Map<number, ReadonlySet<number>>();

  constructor(roots: readonly OntologyNode[]) {
    const stack = [...roots];
    for (let node = stack.pop(); node; node = stack.pop()) {
      this.byId.set(node.id, node);
      this.byAcronym.set(node.acronym, node.id);
      if (!this.byLower.has(node.acronym.toLowerCase())) this.byLower.set(node.acronym.toLowerCase(), node.id);
      stack.push(...(node.children ?? []));
    }
  }

  get size(): number {
    return this.byId.size;
  }

  acronymOf(id: number): string | undefined {
    return this.byId.get(id)?.acronym;
  }

  /** Structure id of an acronym; throws for an unknown one. */
  idOf(acronym: string): number {
    const id = this.byAcronym.get(acronym) ?? this.byLower.get(acronym.toLowerCase());
    if (id === undefined) throw new Error(`oracle: unknown structure '${acronym}'`);
    return id;
  }

  /** The structure and every structure below it. */
  subtree(id: number): ReadonlySet<number> {
    const hit = this.subtrees.get(id);
    if (hit) return hit;
    const out = new Set<number>();
    const root = this.byId.get(id);
    const stack = root ? [root] : [];
    for (let node = stack.pop(); node; node = stack.pop()) {
      out.add(node.id);
      stack.push(...(node.children ?? []));
    }
    this.subtrees.set(id, out);
    return out;
  }
}
