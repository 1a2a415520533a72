import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAllenClient } from './client.ts';
import { createFakeFetch, envelope } from './fake-fetch.ts';
import { Ontology, editDistance, normaliseColor } from './ontology.ts';
import { ontologyFromRows } from './ontology-fetch.ts';
import type { RawStructureNode } from './ontology.ts';

function sharedAllen(): string | null {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const candidates = [process.env.BSV_SHARED_ALLEN, resolve(repo, '../shared/allen'), '/work/shared/allen'];
  return candidates.find((p): p is string => typeof p === 'string' && existsSync(p)) ?? null;
}
const ONTOLOGY_FILE = (() => {
  const root = sharedAllen();
  const f = root && resolve(root, 'ontology/structure_graph_1_msg.json');
  return f && existsSync(f) ? f : null;
})();

function node(id: number, acronym: string, name: string, parent: number | null, children: RawStructureNode[] = []): RawStructureNode {
  return {
    id,
    acronym,
    name,
    color_hex_triplet: 'ABC',
    graph_order: 0,
    st_level: 0,
    parent_structure_id: parent,
    children,
  };
}

/** Allen's graph_order is a pre-order walk. */
function preorder(nodes: readonly RawStructureNode[], counter = { n: 0 }): RawStructureNode[] {
  return nodes.map((n) => {
    const graph_order = counter.n++;
    return { ...n, graph_order, children: preorder(n.children, counter) };
  });
}

// root(997) ─ CTX(1) ─ VIS(2) ─ VISp(3) ─ VISp1(4)
//                    │        └ VISpm(5)
//                    ├ VISC(6)
//                    └ MO(7) ─ MOp(8)
//          └ OLF(9) ─ MOB(614454277)
function tinyTree(): RawStructureNode[] {
  return preorder([
    node(997, 'root', 'root', null, [
      node(1, 'CTX', 'Cerebral cortex', 997, [
        node(2, 'VIS', 'Visual areas', 1, [
          node(3, 'VISp', 'Primary visual area', 2, [node(4, 'VISp1', 'Primary visual area, layer 1', 3)]),
          node(5, 'VISpm', 'posteromedial visual area', 2),
        ]),
        node(6, 'VISC', 'Visceral area', 1),
        node(7, 'MO', 'Somatomotor areas', 1, [node(8, 'MOp', 'Primary motor area', 7)]),
      ]),
      node(9, 'OLF', 'Olfactory areas', 997, [node(614454277, 'MOB', 'Main olfactory bulb', 9)]),
    ]),
  ]);
}

const ids = (xs: Iterable<{ id: number }>): number[] => [...xs].map((s) => s.id).sort((a, b) => a - b);

describe('Ontology on a hand-made tree', () => {
  const o = new Ontology(tinyTree());

  it('indexes ids (including > 6e8) and acronyms exactly', () => {
    expect(o.size).toBe(11);
    expect(o.byId(614454277)?.acronym).toBe('MOB');
    expect(o.byAcronym('VISp')?.id).toBe(3);
    expect(o.byAcronym('visp')).toBeUndefined();
    expect(o.byId(4)?.depth).toBe(4);
    expect(o.byId(3)?.childIds).toEqual([4]);
    expect(o.color(3)).toBe('#000abc');
  });

  it('ancestors run from the parent to the root (root last)', () => {
    expect(o.ancestors(4).map((s) => s.acronym)).toEqual(['VISp', 'VIS', 'CTX', 'root']);
    expect(o.ancestors(997)).toEqual([]);
  });

  it('expansion follows the hierarchy: VIS excludes VISC, MO excludes MOB', () => {
    expect([...o.expand([2])].sort((a, b) => a - b)).toEqual([2, 3, 4, 5]);
    expect(o.expand([7])).toEqual(new Set([7, 8]));
    expect(ids(o.descendants(1))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(o.isDescendant(4, 2)).toBe(true);
    expect(o.isDescendant(6, 2)).toBe(false);
    expect(o.isDescendant(2, 2)).toBe(true);
    expect(o.expand([12345])).toEqual(new Set());
  });

  it('within a rank, more common structures come first (experiments in the structure and its descendants)', () => {
    const totals = o.subtreeTotals(
      new Map([
        [o.byAcronym('VISpm')?.id ?? -1, 5],
        [o.byAcronym('VISp1')?.id ?? -1, 2],
      ]),
    );
    expect(totals.get(o.byAcronym('VISp')?.id ?? -1)).toBe(2);
    expect(totals.get(o.byAcronym('VIS')?.id ?? -1)).toBe(7);
    const byCount = (s: { id: number }) => totals.get(s.id) ?? 0;
    // the exact acronym stays first; the prefix matches follow by how common they are
    expect(o.search('vis', 10, byCount).map((s) => s.acronym)).toEqual(['VIS', 'VISpm', 'VISp', 'VISp1', 'VISC']);
    expect(o.search('VISp', 10, byCount).map((s) => s.acronym)).toEqual(['VISp', 'VISpm', 'VISp1']);
  });

  it('search ranks exact acronym, acronym prefix, name word start, name substring', () => {
    expect(o.search('VISp', 10).map((s) => s.acronym)).toEqual(['VISp', 'VISp1', 'VISpm']);
    expect(o.search('vis', 10).map((s) => s.acronym)).toEqual(['VIS', 'VISp', 'VISp1', 'VISpm', 'VISC']);
    // "visual" starts words in VIS/VISp/VISp1/VISpm names; "olfactory" is word-start in OLF and MOB
    expect(o.search('olfactory', 10).map((s) => s.acronym)).toEqual(['OLF', 'MOB']);
    // "ceral" is only a substring (of "Visceral")
    expect(o.search('ceral', 10).map((s) => s.acronym)).toEqual(['VISC']);
    expect(o.search('VIS', 2)).toHaveLength(2);
  });

  it('nearestAcronyms finds close acronyms by edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(o.nearestAcronyms('VSp1', 1)).toEqual(['VISp1']);
    expect(o.nearestAcronyms('MOo', 2)).toEqual(['MO', 'MOB']);
  });

  it('normalises colours to #rrggbb', () => {
    expect(normaliseColor('FFFFFF')).toBe('#ffffff');
    expect(normaliseColor('ff8084')).toBe('#ff8084');
    expect(normaliseColor('80cd')).toBe('#0080cd');
  });

  it('loads through the client from a structure_graph_download envelope', async () => {
    const fake = createFakeFetch(() => envelope(tinyTree()));
    const client = createAllenClient({
      apiBase: 'https://api.test/',
      downloadBase: 'https://dl.test',
      fetch: fake.fetch,
      attemptTimeoutMs: 0,
    });
    const loaded = await client.fetchOntology();
    expect(loaded.size).toBe(11);
    expect(fake.calls).toEqual(['https://api.test/api/v2/structure_graph_download/1.json']);
  });
});

describe.skipIf(!ONTOLOGY_FILE)('Ontology on the real structure graph', () => {
  const rows = ONTOLOGY_FILE ? (JSON.parse(readFileSync(ONTOLOGY_FILE, 'utf8')) as unknown[]) : [];

  it('parses through an envelope: 1,327 structures under root 997', async () => {
    const fake = createFakeFetch(() => envelope(rows));
    const client = createAllenClient({
      apiBase: 'https://api.test',
      downloadBase: 'https://dl.test',
      fetch: fake.fetch,
      attemptTimeoutMs: 0,
    });
    const o = await client.fetchOntology();
    expect(o.size).toBe(1327);
    expect(o.rootId).toBe(997);
    expect(o.byAcronym('VISp')?.id).toBe(385);
  });

  const o = ONTOLOGY_FILE ? ontologyFromRows(rows) : new Ontology(tinyTree());
  const acr = (a: string): number => o.byAcronym(a)?.id ?? -1;

  it('VIS does not include VISC; MO does not include MOB', () => {
    const vis = o.expand([acr('VIS')]);
    expect(vis.has(acr('VISp'))).toBe(true);
    expect(vis.has(acr('VISpm'))).toBe(true);
    expect(vis.has(acr('VISC'))).toBe(false);
    const mo = o.expand([acr('MO')]);
    expect(mo.has(acr('MOp'))).toBe(true);
    expect(mo.has(acr('MOs'))).toBe(true);
    expect(mo.has(acr('MOB'))).toBe(false);
  });

  it('VISp expands to VISp and its layers only, not VISpl/VISpm/VISpor', () => {
    const visp = [...o.expand([acr('VISp')])].map((id) => o.byId(id)?.acronym ?? '?');
    expect(visp).toContain('VISp');
    expect(visp.every((a) => a.startsWith('VISp') && !/^VISp(l|m|or)/.test(a))).toBe(true);
    expect(visp.length).toBeGreaterThan(1);
  });

  it('every structure is a descendant of root and its ancestors end at root', () => {
    for (const s of o.all()) {
      expect(o.isDescendant(s.id, 997)).toBe(true);
      if (s.id !== 997) expect(o.ancestors(s.id).at(-1)?.id).toBe(997);
    }
  });
});

describe('fetchOntology failures', () => {
  it('an empty structure graph is an AllenError, not a crash', async () => {
    const fake = createFakeFetch(() => envelope({}));
    const client = createAllenClient({
      apiBase: 'https://api.test',
      downloadBase: 'https://dl.test',
      fetch: fake.fetch,
      attemptTimeoutMs: 0,
    });
    const err = await client.fetchOntology().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AllenError', kind: 'empty' });
  });
});
