// Structure ontology in Allen's structure_graph_download form (nested `children`). Ids are sparse
// (up to ~6e8), so everything is keyed by Map. Regions expand through the tree, never by acronym.

export interface RawStructureNode {
  id: number;
  atlas_id: number | null;
  ontology_id: number;
  acronym: string;
  name: string;
  /** 'RRGGBB' without '#', as Allen sends it. */
  color_hex_triplet: string;
  graph_order: number;
  st_level: number | null;
  hemisphere_id: number;
  parent_structure_id: number | null;
  children: RawStructureNode[];
}

export class Ontology {
  readonly roots: readonly RawStructureNode[];
  private readonly byId = new Map<number, RawStructureNode>();
  private readonly byAcronym = new Map<string, number>();
  private readonly byAcronymLower = new Map<string, number>();
  private readonly ancestorMemo = new Map<number, readonly number[]>();
  private readonly descendantMemo = new Map<number, readonly number[]>();

  constructor(roots: readonly RawStructureNode[]) {
    this.roots = roots;
    const stack = [...roots];
    for (let node = stack.pop(); node; node = stack.pop()) {
      this.byId.set(node.id, node);
      this.byAcronym.set(node.acronym, node.id);
      const lower = node.acronym.toLowerCase();
      if (!this.byAcronymLower.has(lower)) this.byAcronymLower.set(lower, node.id);
      stack.push(...node.children);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): RawStructureNode | undefined {
    return this.byId.get(id);
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  /** Structure id from a numeric id or an acronym (exact match first, then case-insensitive). */
  resolve(token: string): number | undefined {
    const t = token.trim();
    if (/^\d+$/.test(t)) {
      const id = Number(t);
      return this.byId.has(id) ? id : undefined;
    }
    return this.byAcronym.get(t) ?? this.byAcronymLower.get(t.toLowerCase());
  }

  /** [id, parent, grandparent, ..., root]. */
  ancestorsInclusive(id: number): readonly number[] {
    const memo = this.ancestorMemo.get(id);
    if (memo) return memo;
    const out: number[] = [];
    for (let node = this.byId.get(id); node;) {
      out.push(node.id);
      node = node.parent_structure_id === null ? undefined : this.byId.get(node.parent_structure_id);
    }
    this.ancestorMemo.set(id, out);
    return out;
  }

  /** id and every structure below it. */
  descendantsInclusive(id: number): readonly number[] {
    const memo = this.descendantMemo.get(id);
    if (memo) return memo;
    const out: number[] = [];
    const root = this.byId.get(id);
    const stack = root ? [root] : [];
    for (let node = stack.pop(); node; node = stack.pop()) {
      out.push(node.id);
      stack.push(...node.children);
    }
    this.descendantMemo.set(id, out);
    return out;
  }

  isLeaf(id: number): boolean {
    return (this.byId.get(id)?.children.length ?? 0) === 0;
  }

  /** True when `id` is `ancestor` or lies below it. */
  isWithin(id: number, ancestor: number): boolean {
    return this.ancestorsInclusive(id).includes(ancestor);
  }

  leavesUnder(id: number): number[] {
    return this.descendantsInclusive(id).filter((d) => this.isLeaf(d));
  }

  graphOrder(id: number): number {
    return this.byId.get(id)?.graph_order ?? Number.MAX_SAFE_INTEGER;
  }
}
