// Test support for the search tests (*.test.ts only): a tiny ontology and row builders.
import { Ontology, type RawStructureNode } from './ontology.ts';
import type { Experiment } from './types.ts';

const n = (id: number, acronym: string, parent: number | null, graph_order: number, children: RawStructureNode[] = []): RawStructureNode => ({
  id,
  acronym,
  name: `${acronym} area`,
  color_hex_triplet: '808080',
  graph_order,
  parent_structure_id: parent,
  children,
});

// root ─ VIS(669) ─ VISp(385) ─ VISp1(593);  CP(672);  MO(500) ─ MOp(985)
export const tinyOntology = new Ontology([
  n(997, 'root', null, 0, [
    n(669, 'VIS', 997, 1, [n(385, 'VISp', 669, 2, [n(593, 'VISp1', 385, 3)])]),
    n(672, 'CP', 997, 4),
    n(500, 'MO', 997, 5, [n(985, 'MOp', 500, 6)]),
  ]),
]);

export function searchRow(id: number, structureId: number, abbrev: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    'product-id': 5,
    'structure-id': structureId,
    'structure-abbrev': abbrev,
    'structure-name': `${abbrev} area`,
    'injection-structures': [{ id: structureId, abbreviation: abbrev, name: abbrev, color: 'FFFFFF' }],
    'injection-volume': 0.2,
    'injection-coordinates': [9000, 1500, 3000],
    'transgenic-line': '',
    gender: 'M',
    strain: 'C57BL/6J',
    name: `${id}-spec`,
    ...extra,
  };
}

export function experiment(
  id: number,
  structureId: number,
  acronym: string,
  coord: readonly [number, number, number] = [9000, 1500, 3000],
  more: Partial<Experiment> = {},
): Experiment {
  return {
    id,
    structureId,
    structureAcronym: acronym,
    structureName: `${acronym} area`,
    injectionStructureIds: [structureId],
    transgenicLine: null,
    injectionVolumeMm3: 0.2,
    injectionCoordUm: coord,
    productId: 5,
    gender: null,
    strain: null,
    specimenName: null,
    ...more,
  };
}

export const criteriaOf = (url: string): string => new URL(url).searchParams.get('criteria') ?? '';
