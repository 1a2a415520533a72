// Structure ontology (graph 1, "Mouse Brain Atlas") as a tree. Ids go past 6e8: everything is
// keyed by Map. Region expansion always walks the hierarchy (VIS never includes VISC, MO never MOB).
// No row schema here (ontology-fetch.ts validates the download): the page builds an Ontology from
// the worker's structures without loading zod (experiment-filters.ts says why that matters).
import type { Structure } from './types.ts';

export interface RawStructureNode {
  readonly id: number;
  readonly acronym: string;
  readonly name: string;
  readonly color_hex_triplet: string;
  readonly graph_order: number;
  readonly st_level?: number | null;
  readonly parent_structure_id: number | null;
  readonly children: readonly RawStructureNode[];
}

/** 'FFFFFF' / 'fff' / '#abc123' → '#rrggbb' (left-padded with zeros, lower case). */
export function normaliseColor(hex: string): string {
  const clean = hex.trim().replace(/^#/, '').toLowerCase();
  return /^[0-9a-f]{1,6}$/.test(clean) ? `#${clean.padStart(6, '0')}` : '#aaaaaa';
}

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

export class Ontology {
  private readonly nodes = new Map<number, Structure>();
  private readonly acronyms = new Map<string, Structure>();
  private readonly ordered: Structure[] = [];
  readonly rootId: number;
  /** The nested roots it was built from (kept so the graph can be cached as is). */
  readonly roots: readonly RawStructureNode[];

  /** Build from the nested roots (the `msg` of structure_graph_download). */
  constructor(roots: readonly RawStructureNode[]) {
    this.roots = roots;
    const first = roots[0];
    if (!first) throw new Error('Ontology: the structure graph has no root');
    this.rootId = first.id;
    const stack: Array<{ node: RawStructureNode; parentId: number | null; depth: number }> = roots
      .map((node) => ({ node, parentId: null, depth: 0 }))
      .reverse();
    for (let item = stack.pop(); item; item = stack.pop()) {
      const { node, parentId, depth } = item;
      const s: Structure = {
        id: node.id,
        acronym: node.acronym,
        name: node.name,
        color: normaliseColor(node.color_hex_triplet),
        parentId,
        graphOrder: node.graph_order,
        depth,
        childIds: node.children.map((c) => c.id),
      };
      if (this.nodes.has(s.id)) throw new Error(`Ontology: duplicate structure id ${s.id}`);
      this.nodes.set(s.id, s);
      if (!this.acronyms.has(s.acronym)) this.acronyms.set(s.acronym, s);
      this.ordered.push(s);
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i];
        if (child) stack.push({ node: child, parentId: s.id, depth: depth + 1 });
      }
    }
    this.ordered.sort((a, b) => a.graphOrder - b.graphOrder);
  }

  /** Every structure in graph order. */
  all(): readonly Structure[] {
    return this.ordered;
  }

  get size(): number {
    return this.nodes.size;
  }

  byId(id: number): Structure | undefined {
    return this.nodes.get(id);
  }

  /** Exact, case-sensitive acronym match. */
  byAcronym(acronym: string): Structure | undefined {
    return this.acronyms.get(acronym);
  }

  /** '#rrggbb'; grey for an unknown id. */
  color(id: number): string {
    return this.nodes.get(id)?.color ?? '#aaaaaa';
  }

  /** Ancestors from the parent up to the root: the ROOT IS LAST. Excludes `id` itself. */
  ancestors(id: number): Structure[] {
    const out: Structure[] = [];
    let cur = this.nodes.get(id);
    while (cur && cur.parentId !== null) {
      const parent = this.nodes.get(cur.parentId);
      if (!parent) break;
      out.push(parent);
      cur = parent;
    }
    return out;
  }

  /** `id` and all its descendants, depth first in graph order; [] for an unknown id. */
  descendants(id: number): Structure[] {
    const start = this.nodes.get(id);
    if (!start) return [];
    const out: Structure[] = [];
    const stack: Structure[] = [start];
    for (let s = stack.pop(); s; s = stack.pop()) {
      out.push(s);
      for (let i = s.childIds.length - 1; i >= 0; i--) {
        const c = this.nodes.get(s.childIds[i] ?? -1);
        if (c) stack.push(c);
      }
    }
    return out;
  }

  /** True when `id` is `ancestorId` or lies below it. */
  isDescendant(id: number, ancestorId: number): boolean {
    if (id === ancestorId) return this.nodes.has(id);
    // a walk up the parents, nothing allocated
    let cur = this.nodes.get(id);
    while (cur && cur.parentId !== null) {
      if (cur.parentId === ancestorId) return this.nodes.has(ancestorId);
      cur = this.nodes.get(cur.parentId);
    }
    return false;
  }

  /** The ids and all their descendants (unknown ids are dropped). */
  expand(ids: Iterable<number>): Set<number> {
    const out = new Set<number>();
    for (const id of ids) {
      if (out.has(id)) continue;
      for (const s of this.descendants(id)) out.add(s.id);
    }
    return out;
  }

  /**
   * Acronym prefix (case-insensitive) or name substring (case-insensitive), ranked: exact acronym
   * (case-sensitive, then case-insensitive), acronym prefix, name word-start, name substring; ties by graph order.
   */
  /**
   * Structures matching `text`: the exact acronym first, then acronym prefixes, then name word
   * starts, then name substrings. Within a rank, `popularity` (e.g. experiments injected in a
   * structure and its descendants) orders the more common first, then graph order.
   */
  search(text: string, limit = 20, popularity?: (s: Structure) => number): Structure[] {
    const exact = text.trim();
    const q = exact.toLowerCase();
    if (!q) return [];
    const scored: Array<{ s: Structure; rank: number }> = [];
    for (const s of this.ordered) {
      const acr = s.acronym.toLowerCase();
      const name = s.name.toLowerCase();
      let rank: number;
      if (s.acronym === exact) rank = 0;
      else if (acr === q) rank = 1;
      else if (acr.startsWith(q)) rank = 2;
      else if (name.startsWith(q) || name.includes(` ${q}`) || name.includes(`-${q}`) || name.includes(`(${q}`)) rank = 3;
      else if (name.includes(q)) rank = 4;
      else continue;
      scored.push({ s, rank });
    }
    const pop = popularity ?? (() => 0);
    scored.sort((a, b) => a.rank - b.rank || pop(b.s) - pop(a.s) || a.s.graphOrder - b.s.graphOrder);
    return scored.slice(0, Math.max(0, limit)).map((x) => x.s);
  }

  /** Per structure id: `counts` (per structure) summed over the structure and its descendants. */
  subtreeTotals(counts: ReadonlyMap<number, number>): Map<number, number> {
    const totals = new Map<number, number>();
    for (const [id, n] of counts) {
      if (!this.nodes.has(id)) continue;
      totals.set(id, (totals.get(id) ?? 0) + n);
      for (const a of this.ancestors(id)) totals.set(a.id, (totals.get(a.id) ?? 0) + n);
    }
    return totals;
  }

  /** The n acronyms closest to `text` by edit distance (for "did you mean"). */
  nearestAcronyms(text: string, n = 3): string[] {
    const q = text.trim();
    if (!q) return [];
    return this.ordered
      .map((s) => ({ acronym: s.acronym, d: editDistance(q, s.acronym) }))
      .sort((a, b) => a.d - b.d || a.acronym.localeCompare(b.acronym))
      .slice(0, Math.max(0, n))
      .map((x) => x.acronym);
  }
}
