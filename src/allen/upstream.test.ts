import { describe, expect, it } from 'vitest';
import { createAllenClient } from './client.ts';
import { createFakeFetch, envelope } from './fake-fetch.ts';
import { Ontology } from './ontology.ts';
import type { RawStructureNode } from './ontology.ts';
import type { Experiment } from './types.ts';
import { groupUpstream } from './upstream.ts';
import type { UnionizeRow } from './upstream.ts';

const n = (id: number, acronym: string, parent: number | null, graph_order: number, children: RawStructureNode[] = []): RawStructureNode => ({
  id,
  acronym,
  name: `${acronym} name`,
  color_hex_triplet: '808080',
  graph_order,
  parent_structure_id: parent,
  children,
});
// root ─ CP(672);  VISp(385) ─ VISp1(593);  MOp(985);  STR(477) ─ CP? no: STR holds ACB(56)
const ontology = new Ontology([
  n(997, 'root', null, 0, [
    n(477, 'STR', 997, 1, [n(672, 'CP', 477, 2), n(56, 'ACB', 477, 3)]),
    n(385, 'VISp', 997, 4, [n(593, 'VISp1', 385, 5)]),
    n(985, 'MOp', 997, 6),
  ]),
]);

function exp(id: number, structureId: number, line: string | null = null, secondary: number[] = [], productId = 5): Experiment {
  return {
    id,
    structureId,
    structureAcronym: ontology.byId(structureId)?.acronym ?? '',
    structureName: '',
    injectionStructureIds: [structureId, ...secondary],
    transgenicLine: line,
    injectionVolumeMm3: 0.1,
    injectionCoordUm: [0, 0, 0],
    productId,
    gender: null,
    strain: null,
    specimenName: null,
  };
}
const EXPERIMENTS = [exp(1, 385), exp(2, 385, 'Cre-A'), exp(3, 985, null, [385]), exp(4, 672), exp(5, 477), exp(6, 593), exp(7, 985, null, [], 35)];
const row = (experiment: number, volume: number, hemisphere = 3, structure = 672): UnionizeRow => ({
  section_data_set_id: experiment,
  structure_id: structure,
  hemisphere_id: hemisphere,
  is_injection: false,
  projection_volume: volume,
});

describe('groupUpstream', () => {
  const rows = [row(1, 0.5), row(1, 0.4, 1), row(2, 0.25), row(3, 0.125), row(4, 2), row(5, 3), row(6, 0.0625), row(7, 9), row(99, 1), row(3, 0.005)];

  it('groups by primary injection structure, sums volumes, excludes the target and what contains it', () => {
    const got = groupUpstream(672, rows, { minVolumeMm3: 0.01, productIds: [5] }, ontology, EXPERIMENTS);
    // exp 4 (inside CP) and 5 (STR contains CP) are the target itself; 7 is another product (filtered
    // here by the Products filter); 99 unknown; the hemisphere-1 row of exp 1 is ignored (hemisphere 3
    // only); exp 3's 0.005 row is below min.
    expect(got).toEqual([
      {
        structureId: 385,
        acronym: 'VISp',
        name: 'VISp name',
        experimentIds: [1, 2],
        summedVolumeMm3: 0.75,
      },
      {
        structureId: 985,
        acronym: 'MOp',
        name: 'MOp name',
        experimentIds: [3],
        summedVolumeMm3: 0.125,
      },
      {
        structureId: 593,
        acronym: 'VISp1',
        name: 'VISp1 name',
        experimentIds: [6],
        summedVolumeMm3: 0.0625,
      },
    ]);
  });

  it('every product by default, as bsv: no hidden product filter', () => {
    const got = groupUpstream(672, rows, { minVolumeMm3: 0.01 }, ontology, EXPERIMENTS);
    expect(got.find((s) => s.acronym === 'MOp')).toMatchObject({ experimentIds: [3, 7], summedVolumeMm3: 9.125 });
  });

  it('honours the line filter and min volume', () => {
    const wild = groupUpstream(672, rows, { line: { kind: 'wild-type' }, minVolumeMm3: 0.2, productIds: [5] }, ontology, EXPERIMENTS);
    expect(wild.map((s) => [s.acronym, s.experimentIds])).toEqual([['VISp', [1]]]);
  });

  it('primaryOnly false also credits secondary injection structures', () => {
    const got = groupUpstream(672, rows, { primaryOnly: false, productIds: [5] }, ontology, EXPERIMENTS);
    expect(got.find((s) => s.acronym === 'VISp')).toMatchObject({
      experimentIds: [1, 2, 3],
      summedVolumeMm3: 0.875,
    });
  });
});

describe('fetchUpstreamSources', () => {
  it('queries PSU with the target, hemisphere 3 and the min volume, paging by start_row', async () => {
    const all = [row(1, 0.5), row(3, 0.125), row(6, 0.0625)];
    const fake = createFakeFetch((url) => {
      const c = new URL(url).searchParams.get('criteria') ?? '';
      const start = Number(/\[start_row\$eq(\d+)\]/.exec(c)?.[1] ?? '0');
      return envelope(all.slice(start, start + 2), { start_row: start, total_rows: all.length });
    });
    const client = createAllenClient({
      apiBase: 'https://api.test',
      downloadBase: 'https://dl.test',
      fetch: fake.fetch,
      attemptTimeoutMs: 0,
    });
    const got = await client.fetchUpstreamSources(672, { minVolumeMm3: 0.05, productIds: [5] }, ontology, EXPERIMENTS);
    expect(got.map((s) => s.acronym)).toEqual(['VISp', 'MOp', 'VISp1']);
    const criteria = fake.calls.map((u) => new URL(u).searchParams.get('criteria'));
    expect(criteria).toEqual([
      'model::ProjectionStructureUnionize,rma::criteria,[structure_id$eq672][is_injection$eqfalse][hemisphere_id$eq3][projection_volume$gt0.05],rma::options[num_rows$eq5000][start_row$eq0]',
      'model::ProjectionStructureUnionize,rma::criteria,[structure_id$eq672][is_injection$eqfalse][hemisphere_id$eq3][projection_volume$gt0.05],rma::options[num_rows$eq5000][start_row$eq2]',
    ]);
  });
});
