import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../allen/types';
import { sortExperiments } from './sort-experiments';

function exp(id: number, acr: string, vol: number, line: string | null): Experiment {
  return {
    id,
    structureId: id,
    structureAcronym: acr,
    structureName: acr,
    injectionStructureIds: [id],
    transgenicLine: line,
    injectionVolumeMm3: vol,
    injectionCoordUm: [id, 0, 0],
    productId: 5,
    gender: null,
    strain: null,
    specimenName: null,
  };
}

const rows = [exp(3, 'VISp', 0.2, null), exp(1, 'MOs', 0.5, 'Cux2-IRES-Cre'), exp(2, 'CP', 0.2, null)];

describe('sortExperiments', () => {
  it('sorts numbers and breaks ties by id', () => {
    expect(sortExperiments(rows, { key: 'volume', descending: false }).map((e) => e.id)).toEqual([2, 3, 1]);
    expect(sortExperiments(rows, { key: 'volume', descending: true }).map((e) => e.id)).toEqual([1, 2, 3]);
  });
  it('sorts text and does not mutate', () => {
    const before = rows.map((e) => e.id);
    expect(sortExperiments(rows, { key: 'structure', descending: false }).map((e) => e.structureAcronym)).toEqual(['CP', 'MOs', 'VISp']);
    expect(rows.map((e) => e.id)).toEqual(before);
  });
  it('puts wild type (no line) first ascending', () => {
    expect(sortExperiments(rows, { key: 'line', descending: false })[2]?.id).toBe(1);
  });
});
