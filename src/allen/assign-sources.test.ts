import { describe, expect, it } from 'vitest';
import { ontologyFromRows } from './index.ts';
import type { Experiment } from './types.ts';
import { assignSources } from './assign-sources.ts';

function node(id: number, acronym: string, parent: number | null, children: unknown[] = []) {
  return { id, acronym, name: acronym, color_hex_triplet: '808080', graph_order: id, st_level: 0, parent_structure_id: parent, children };
}
const ontology = ontologyFromRows([node(997, 'root', null, [node(669, 'VIS', 997, [node(385, 'VISp', 669)]), node(677, 'VISC', 997)])]);

function exp(id: number, structureId: number, line: string | null = null, productId = 5): Experiment {
  return {
    id,
    structureId,
    structureAcronym: '',
    structureName: '',
    injectionStructureIds: [structureId],
    transgenicLine: line,
    injectionVolumeMm3: 0.1,
    injectionCoordUm: [0, 0, 0],
    productId,
    gender: null,
    strain: null,
    specimenName: null,
  };
}

describe('assignSources', () => {
  const experiments = [exp(1, 385), exp(2, 669), exp(3, 677), exp(4, 385, 'Cux2-IRES-Cre'), exp(5, 385, null, 31)];

  it('uses the hierarchy, not acronym prefixes; every product by default (bsv)', () => {
    const r = assignSources(['VIS'], experiments, ontology, { kind: 'all' });
    expect(r.sources[0]?.experiments.map((e) => e.id)).toEqual([1, 2, 4, 5]);
  });

  it('gives each experiment to the first source that contains it', () => {
    const r = assignSources(['VISp', 'VIS'], experiments, ontology, { kind: 'wild-type' });
    expect(r.sources.map((s) => s.experiments.map((e) => e.id))).toEqual([[1, 5], [2]]);
  });

  it('keeps only the chosen products when the Products filter names some', () => {
    const only5 = assignSources(['VIS'], experiments, ontology, { kind: 'all' }, true, [5]);
    expect(only5.sources[0]?.experiments.map((e) => e.id)).toEqual([1, 2, 4]);
    const only31 = assignSources(['VIS'], experiments, ontology, { kind: 'all' }, true, [31]);
    expect(only31.sources[0]?.experiments.map((e) => e.id)).toEqual([5]);
  });

  it('with primaryOnly off, also assigns through secondary injection structures', () => {
    const secondary: Experiment = { ...exp(6, 677), injectionStructureIds: [677, 385] };
    expect(assignSources(['VISp'], [secondary], ontology, { kind: 'all' }).sources[0]?.experiments).toHaveLength(0);
    expect(assignSources(['VISp'], [secondary], ontology, { kind: 'all' }, false).sources[0]?.experiments).toHaveLength(1);
  });

  it('reports unknown acronyms', () => {
    const r = assignSources(['VISq', 'VISC'], experiments, ontology, { kind: 'all' });
    expect(r.unknown).toEqual(['VISq']);
    expect(r.sources.map((s) => s.experiments.map((e) => e.id))).toEqual([[3]]);
  });
});
