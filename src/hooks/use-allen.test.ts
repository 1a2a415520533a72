import { describe, expect, it } from 'vitest';
import { ontologyFromRows } from '../allen/index.ts';
import { resolveQuery, suggestAcronyms } from './use-allen.ts';

function node(id: number, acronym: string, parent: number | null, children: unknown[] = []) {
  return { id, acronym, name: acronym, color_hex_triplet: '808080', graph_order: id, st_level: 0, parent_structure_id: parent, children };
}

const ontology = ontologyFromRows([node(997, 'root', null, [node(669, 'VIS', 997, [node(385, 'VISp', 669), node(409, 'VISl', 669), node(1, 'VIS1', 669)])])]);

describe('suggestAcronyms', () => {
  it('prefers, among equally near acronyms, structures with experiments', () => {
    const counts = new Map([
      [385, 30],
      [409, 2],
    ]);
    expect(suggestAcronyms('VISq', ontology, counts, 2)).toEqual(['VISp', 'VISl']);
  });
  it('keeps nearer acronyms first whatever their counts', () => {
    expect(suggestAcronyms('VISp', ontology, new Map([[409, 99]]), 1)).toEqual(['VISp']);
  });
});

describe('resolveQuery', () => {
  it('maps acronyms to ids case-sensitively and reports unknown ones', () => {
    const r = resolveQuery({ regions: ['VISp', 'visp'], line: { kind: 'all' }, primaryOnly: true, products: [5] }, ontology);
    expect(r.query.productIds).toEqual([5]);
    expect(r.query.regionIds).toEqual([385]);
    expect(r.unknown.map((u) => u.acronym)).toEqual(['visp']);
    expect(r.unknown[0]?.suggestions[0]).toBe('VISp');
  });
});
