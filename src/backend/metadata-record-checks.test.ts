import { describe, expect, it } from 'vitest';
import type { RawStructureNode } from '../allen/ontology.ts';
import type { Experiment } from '../allen/types.ts';
import { storedExperiments, storedProducts, storedStructureRoots, storedUpstream } from './metadata-record-checks.ts';

const EXPERIMENT: Experiment = {
  id: 100141219,
  structureId: 385,
  structureAcronym: 'VISp',
  structureName: 'Primary visual area',
  injectionStructureIds: [385, 593],
  transgenicLine: null,
  injectionVolumeMm3: 0.1126,
  injectionCoordUm: [9290, 1340, 9540],
  productId: 5,
  gender: 'M',
  strain: 'C57BL/6J',
  specimenName: 'Emx1-IRES-Cre-70',
};

const node = (id: number, children: RawStructureNode[] = [], extra: Partial<RawStructureNode> = {}): RawStructureNode => ({
  id,
  acronym: `S${id}`,
  name: `structure ${id}`,
  color_hex_triplet: 'ff00aa',
  graph_order: id,
  st_level: 3,
  parent_structure_id: id === 997 ? null : 997,
  children,
  ...extra,
});

/** `v` without the field `drop` (a field missing, not undefined). */
const without = (v: object, drop: string | null): object => Object.fromEntries(Object.entries(v).filter(([k]) => k !== drop));

/** As read back: through JSON, as metadata-cache.ts stores it. */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('stored experiment list check', () => {
  it('passes a list of complete rows through unchanged (JSON round trip), extra fields and all', () => {
    const rows = [EXPERIMENT, { ...EXPERIMENT, id: 2, transgenicLine: 'Cux2-IRES-Cre', productId: null, gender: null, strain: null, specimenName: null }];
    expect(storedExperiments(viaJson(rows))).toEqual(rows);
    expect(storedExperiments(viaJson([{ ...EXPERIMENT, addedLater: 1 }]))).toHaveLength(1);
  });

  it.each([
    ['id', 'not a number'],
    ['id', 1.5],
    ['structureId', null],
    ['structureAcronym', 3],
    ['structureName', undefined],
    ['injectionStructureIds', [385, '593']],
    ['injectionStructureIds', 385],
    ['transgenicLine', 0],
    ['injectionVolumeMm3', null],
    ['injectionVolumeMm3', '0.1'],
    ['injectionCoordUm', [1, 2]],
    ['injectionCoordUm', [1, 2, null]],
    ['productId', 'five'],
    ['gender', 1],
    ['strain', {}],
    ['specimenName', []],
  ])('refuses the list when one row has %s = %j', (field, value) => {
    const bad = without({ ...EXPERIMENT, [field]: value }, value === undefined ? field : null);
    expect(storedExperiments(viaJson([EXPERIMENT, bad]))).toBeNull();
  });

  it('refuses what is not a non-empty list of objects', () => {
    for (const v of [null, {}, 'x', [], [null], [[EXPERIMENT]], [1]]) expect(storedExperiments(v)).toBeNull();
  });
});

describe('stored structure graph check', () => {
  it('passes a tree of complete nodes through unchanged; st_level may be absent or null', () => {
    const roots = [node(997, [node(8, [node(567, [], { st_level: null })]), node(1009)])];
    const { st_level: _omitted, ...noLevel } = node(73);
    const withMissingLevel = [node(997, [noLevel as RawStructureNode])];
    expect(storedStructureRoots(viaJson(roots))).toEqual(roots);
    expect(storedStructureRoots(viaJson(withMissingLevel))).toEqual(withMissingLevel);
  });

  it.each([
    ['id', '8'],
    ['acronym', null],
    ['name', 1],
    ['color_hex_triplet', undefined],
    ['graph_order', 'first'],
    ['st_level', 'three'],
    ['parent_structure_id', 1.5],
    ['children', null],
  ])('refuses the tree when a leaf three levels down has %s = %j', (field, value) => {
    const bad = without({ ...node(567), [field]: value }, value === undefined ? field : null);
    const roots = [node(997, [node(8, [node(315, [bad as RawStructureNode])]), node(1009)])];
    expect(storedStructureRoots(viaJson(roots))).toBeNull();
  });

  it('refuses what is not a non-empty list of nodes', () => {
    for (const v of [null, {}, [], [null], [node(997, [null as unknown as RawStructureNode])]]) expect(storedStructureRoots(viaJson(v))).toBeNull();
  });
});

describe('small metadata records', () => {
  it('product names: [{ id, name }], possibly empty', () => {
    expect(storedProducts([])).toEqual([]);
    expect(storedProducts([{ id: 5, name: 'Projection' }])).toEqual([{ id: 5, name: 'Projection' }]);
    for (const bad of [null, {}, [{ id: 5 }], [{ id: 5.5, name: 'x' }], [{ id: '5', name: 'x' }], [null], [{ id: 5, name: 3 }]])
      expect(storedProducts(bad)).toBeNull();
  });

  it('upstream lists: target, minimum and [experiment id, volume] pairs', () => {
    const ok = {
      targetId: 672,
      minVolumeMm3: 0.01,
      rows: [
        [100141219, 0.5],
        [1, 0],
      ],
    };
    expect(storedUpstream(ok)).toEqual(ok);
    expect(storedUpstream({ ...ok, rows: [] })).toEqual({ ...ok, rows: [] });
    for (const bad of [
      null,
      [],
      { ...ok, targetId: 'CP' },
      { ...ok, minVolumeMm3: null },
      { ...ok, rows: {} },
      { ...ok, rows: [[1]] },
      { ...ok, rows: [[1.5, 0.2]] },
      { ...ok, rows: [[1, '0.2']] },
    ])
      expect(storedUpstream(bad)).toBeNull();
  });
});
