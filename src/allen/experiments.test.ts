import { describe, expect, it } from 'vitest';
import { AllenError } from './errors.ts';
import { filterLists } from './experiment-rows.ts';
import { fakeClient, envelope, jsonResponse, serviceFailure } from './fake-fetch.ts';
import type { FakeHandler } from './fake-fetch.ts';
import { Ontology } from './ontology.ts';
import type { RawStructureNode } from './ontology.ts';
import type { ExperimentQuery } from './types.ts';

const n = (id: number, acronym: string, parent: number | null, graph_order: number, children: RawStructureNode[] = []): RawStructureNode => ({
  id,
  acronym,
  name: `${acronym} area`,
  color_hex_triplet: '808080',
  graph_order,
  parent_structure_id: parent,
  children,
});
// root ─ VIS(669) ─ VISp(385) ─ VISp1(593);  VISC(677);  MO(500) ─ MOp(985);  MOB(507)
const tiny = new Ontology([
  n(997, 'root', null, 0, [
    n(669, 'VIS', 997, 1, [n(385, 'VISp', 669, 2, [n(593, 'VISp1', 385, 3)])]),
    n(677, 'VISC', 997, 4),
    n(500, 'MO', 997, 5, [n(985, 'MOp', 500, 6)]),
    n(507, 'MOB', 997, 7),
  ]),
]);

function serviceRow(id: number, structureId: number, abbrev: string, line = '', injection: number[] = [structureId], product = 5) {
  return {
    id,
    'product-id': product,
    'structure-id': structureId,
    'structure-abbrev': abbrev,
    'structure-name': `${abbrev} area`,
    'injection-structures': injection.map((s) => ({
      id: s,
      abbreviation: '?',
      name: '?',
      color: 'FFFFFF',
    })),
    'injection-volume': '0.25',
    'injection-coordinates': [9000, 1500, 3000],
    'transgenic-line': line,
    gender: 'M',
    strain: 'C57BL/6J',
    name: `${id}-spec`,
  };
}

function apiRow(id: number, structureId: number, abbrev: string, line: string | null, injection: string, product = 5) {
  return {
    data_set_id: id,
    gender: 'F',
    injection_structures: injection,
    injection_volume: 0.1,
    injection_x: 8000,
    injection_y: 2000,
    injection_z: 7000,
    product_id: product,
    specimen_name: `spec-${id}`,
    strain: null,
    structure_abbrev: abbrev,
    structure_id: structureId,
    structure_name: `${abbrev} area`,
    transgenic_line: line === null ? null : { id: 1, name: line, description: 'x' },
    transgenic_line_id: line === null ? null : 1,
  };
}

const API_ROWS = [
  apiRow(1, 385, 'VISp', null, '385/593'),
  apiRow(2, 593, 'VISp1', 'Cux2-IRES-Cre', '593'),
  apiRow(3, 677, 'VISC', null, '677/385'), // primary VISC, touches VISp
  apiRow(4, 985, 'MOp', null, '985'),
  apiRow(5, 507, 'MOB', null, '507'),
  apiRow(6, 385, 'VISp', null, '385', 35), // another product
];

const criteriaOf = (url: string): string => new URL(url).searchParams.get('criteria') ?? '';
const isService = (url: string): boolean => criteriaOf(url).startsWith('service::');

const visPrimaryWild: ExperimentQuery = {
  regionIds: [669],
  line: { kind: 'wild-type' },
  primaryOnly: true,
};

describe('searchExperiments, service route', () => {
  it('builds the service criteria, URL-encoded, and normalises hyphenated rows', async () => {
    const { fake, client } = fakeClient(() => envelope([serviceRow(100141219, 385, 'VISp', '', [385, 593])]));
    const res = await client.searchExperiments({ regionIds: [669, 500], line: { kind: 'wild-type' }, primaryOnly: true }, tiny);
    // no product filter unless the user chose products (bsv applies none)
    expect(criteriaOf(fake.calls[0] ?? '')).toBe(
      'service::mouse_connectivity_injection_structure[injection_structures$eq669,500][primary_structure_only$eqtrue][transgenic_lines$eq0]',
    );
    expect(fake.calls[0]).not.toContain('[');
    expect(res.source).toBe('service');
    expect(res.fallbackReason).toBeNull();
    expect(res.experiments).toEqual([
      {
        id: 100141219,
        structureId: 385,
        structureAcronym: 'VISp',
        structureName: 'VISp area',
        injectionStructureIds: [385, 593],
        transgenicLine: null,
        injectionVolumeMm3: 0.25,
        injectionCoordUm: [9000, 1500, 3000],
        productId: 5,
        gender: 'M',
        strain: 'C57BL/6J',
        specimenName: '100141219-spec',
      },
    ]);
  });

  it('sends the chosen products and enforces them on the rows', async () => {
    const { fake, client } = fakeClient(() => envelope([serviceRow(1, 385, 'VISp'), { ...serviceRow(2, 385, 'VISp'), 'product-id': 35 }]));
    const res = await client.searchExperiments({ ...visPrimaryWild, productIds: [5, 31] }, tiny);
    expect(criteriaOf(fake.calls[0] ?? '')).toContain('[product_ids$eq5,31]');
    expect(res.experiments.map((e) => e.id)).toEqual([1]);
  });

  it('names a Cre line in quotes and sends primary_structure_only=false', async () => {
    const { fake, client } = fakeClient(() => envelope({}));
    const res = await client.searchExperiments({ regionIds: [385], line: { kind: 'line', name: 'Cux2-IRES-Cre' }, primaryOnly: false }, tiny);
    expect(res.experiments).toEqual([]);
    expect(criteriaOf(fake.calls[0] ?? '')).toContain("[primary_structure_only$eqfalse][transgenic_lines$eq'Cux2-IRES-Cre']");
  });

  it('msg: {} is an empty result from the service, with no fallback', async () => {
    const { fake, client } = fakeClient(() => envelope({}));
    const res = await client.searchExperiments(visPrimaryWild, tiny);
    expect(res).toEqual({ experiments: [], source: 'service', fallbackReason: null });
    expect(fake.calls).toHaveLength(1);
  });

  it('a success:false then success is retried on the service', async () => {
    const { fake, client } = fakeClient((_, i) => (i === 0 ? serviceFailure() : envelope([serviceRow(1, 385, 'VISp')])));
    const res = await client.searchExperiments(visPrimaryWild, tiny);
    expect(res.source).toBe('service');
    expect(res.experiments.map((e) => e.id)).toEqual([1]);
    expect(fake.calls).toHaveLength(2);
  });

  it('drops service rows outside the regions for primary-only queries (no VISC under VIS)', async () => {
    const { client } = fakeClient(() => envelope([serviceRow(1, 385, 'VISp'), serviceRow(2, 677, 'VISC')]));
    const res = await client.searchExperiments(visPrimaryWild, tiny);
    expect(res.experiments.map((e) => e.id)).toEqual([1]);
  });
});

describe('searchExperiments, ApiConnectivity fallback', () => {
  const failingService: FakeHandler = (url) => (isService(url) ? serviceFailure() : envelope(API_ROWS));

  it('falls back after the service keeps failing, filtering through the ontology', async () => {
    const { fake, client } = fakeClient(failingService);
    const res = await client.searchExperiments(visPrimaryWild, tiny);
    expect(res.source).toBe('api-connectivity');
    expect(res.fallbackReason).toContain('failed after 4 attempts');
    expect(res.experiments.map((e) => e.id)).toEqual([1, 6]); // 2 is a Cre line, 3 is VISC; 6 (product 35) is kept: no hidden product filter
    const only5 = await fakeClient(failingService).client.searchExperiments({ ...visPrimaryWild, productIds: [5] }, tiny);
    expect(only5.experiments.map((e) => e.id)).toEqual([1]);
    expect(fake.calls.filter(isService)).toHaveLength(4);
    expect(criteriaOf(fake.calls.at(-1) ?? '')).toBe("model::ApiConnectivity,rma::options[num_rows$eq'all']");
  });

  it('primary-only false also matches secondary injection structures; all lines', async () => {
    const { client } = fakeClient(failingService);
    const res = await client.searchExperiments({ regionIds: [385], line: { kind: 'all' }, primaryOnly: false }, tiny);
    expect(res.experiments.map((e) => e.id)).toEqual([1, 2, 3, 6]);
  });

  it('MO does not pick up MOB; a named line filters exactly', async () => {
    const { client } = fakeClient(failingService);
    const mo = await client.searchExperiments({ regionIds: [500], line: { kind: 'all' }, primaryOnly: true }, tiny);
    expect(mo.experiments.map((e) => e.id)).toEqual([4]);
    const cre = await client.searchExperiments({ regionIds: [669], line: { kind: 'line', name: 'Cux2-IRES-Cre' }, primaryOnly: true }, tiny);
    expect(cre.experiments.map((e) => e.id)).toEqual([2]);
  });

  it('offline with the list at hand: filters it at once, asks nothing (source cached-list)', async () => {
    const { client: listClient } = fakeClient(() => envelope(API_ROWS));
    const all = await listClient.fetchAllExperiments({}, tiny);
    const { fake, client } = fakeClient(failingService);
    const res = await client.searchExperiments(visPrimaryWild, tiny, { allExperiments: all, offline: true });
    expect(res.source).toBe('cached-list');
    expect(res.fallbackReason).toContain('offline');
    expect(res.experiments.map((e) => e.id)).toEqual([1, 6]);
    expect(fake.calls).toEqual([]);
  });

  it('offline without a list, or online with one, still asks the service first', async () => {
    const { fake, client } = fakeClient(() => envelope([serviceRow(7, 385, 'VISp')]));
    const offlineNoList = await client.searchExperiments(visPrimaryWild, tiny, { offline: true });
    expect(offlineNoList.source).toBe('service');
    const onlineWithList = await client.searchExperiments(visPrimaryWild, tiny, { allExperiments: [], offline: false });
    expect(onlineWithList.source).toBe('service');
    expect(fake.calls.filter(isService)).toHaveLength(2);
  });

  it('online with the list held, a failing service is asked once (no retries) and the list answers', async () => {
    const { client: listClient } = fakeClient(() => envelope(API_ROWS));
    const all = await listClient.fetchAllExperiments({}, tiny);
    const { fake, client } = fakeClient(failingService);
    const res = await client.searchExperiments(visPrimaryWild, tiny, { allExperiments: all, offline: false });
    expect(res.source).toBe('api-connectivity');
    expect(res.experiments.map((e) => e.id)).toEqual([1, 6]);
    expect(fake.calls.filter(isService)).toHaveLength(1);
    // without the list the service gets the retry policy's attempts before the download fallback
    const { fake: noList, client: noListClient } = fakeClient((url) => (isService(url) ? serviceFailure() : envelope(API_ROWS)));
    await noListClient.searchExperiments(visPrimaryWild, tiny);
    expect(noList.calls.filter(isService).length).toBeGreaterThan(1);
  });

  it('invalid service rows also trigger the fallback (without retrying them)', async () => {
    const { fake, client } = fakeClient((url) => (isService(url) ? envelope([{ id: 'nope' }]) : envelope(API_ROWS)));
    const res = await client.searchExperiments(visPrimaryWild, tiny);
    expect(res.source).toBe('api-connectivity');
    expect(res.fallbackReason).toContain('invalid');
    expect(fake.calls.filter(isService)).toHaveLength(1);
  });

  it('when both routes fail the error says so', async () => {
    const { client } = fakeClient((url) => (isService(url) ? serviceFailure() : jsonResponse({}, 500)));
    const err = await client.searchExperiments(visPrimaryWild, tiny).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllenError);
    expect((err as AllenError).message).toMatch(/connectivity service failed .* ApiConnectivity fallback/);
  });

  it('abort is not turned into a fallback', async () => {
    const ctl = new AbortController();
    const { fake, client } = fakeClient(() => 'hang');
    const p = client.searchExperiments(visPrimaryWild, tiny, { signal: ctl.signal });
    ctl.abort();
    const err = await p.catch((e: unknown) => e);
    expect((err as AllenError).kind).toBe('aborted');
    expect(fake.calls.filter((u) => !isService(u))).toHaveLength(0);
  });
});

describe('fetchAllExperiments and filterLists', () => {
  it('normalises ApiConnectivity rows: slash ids, line object or null', async () => {
    const { client } = fakeClient(() => envelope(API_ROWS));
    const all = await client.fetchAllExperiments();
    expect(all).toHaveLength(6);
    expect(all[0]).toMatchObject({
      id: 1,
      structureId: 385,
      injectionStructureIds: [385, 593],
      transgenicLine: null,
      injectionCoordUm: [8000, 2000, 7000],
      strain: null,
    });
    expect(all[1]?.transgenicLine).toBe('Cux2-IRES-Cre');
  });

  it('filterLists gives sorted distinct lines, structure counts and product counts', async () => {
    const { client } = fakeClient(() => envelope(API_ROWS));
    const lists = client.filterLists(await client.fetchAllExperiments());
    expect(lists.lines).toEqual(['Cux2-IRES-Cre']);
    expect(lists.injectedStructures).toEqual([
      { structureId: 385, count: 2 },
      { structureId: 507, count: 1 },
      { structureId: 593, count: 1 },
      { structureId: 677, count: 1 },
      { structureId: 985, count: 1 },
    ]);
    expect(lists.products).toEqual([
      { productId: 5, count: 5 },
      { productId: 35, count: 1 },
    ]);
    expect(filterLists([])).toEqual({ lines: [], injectedStructures: [], products: [] });
  });
});
