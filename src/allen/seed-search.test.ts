import { describe, expect, it } from 'vitest';
import { AllenError } from './errors.ts';
import { envelope, fakeClient, serviceFailure } from './fake-fetch.ts';
import { criteriaOf, experiment, searchRow, tinyOntology } from './search-test-fixtures.ts';
import { COORDINATE_SERVICE, coordinateHitsFromList, seedServiceCriteria, SPATIAL_SERVICE, type SeedQuery } from './seed-search.ts';

const seed: SeedQuery = { seedUm: [6900, 5050, 6450], line: { kind: 'all' }, productIds: [] };
const isService = (url: string): boolean => criteriaOf(url).startsWith('service::');
const path = (n: number) => Array.from({ length: n }, (_, i) => ({ coord: [6900 + i * 100, 5050, 6450], density: 0.5 }));

describe('seed search criteria', () => {
  it('names the service, the seed in whole µm, line and products', () => {
    expect(seedServiceCriteria(SPATIAL_SERVICE, seed)).toBe('service::mouse_connectivity_target_spatial[seed_point$eq6900,5050,6450]');
    expect(
      seedServiceCriteria(COORDINATE_SERVICE, { seedUm: [6900.4, 5050, 6450.6], line: { kind: 'line', name: 'Cux2-IRES-Cre' }, productIds: [5] }, 2000),
    ).toBe(
      "service::mouse_connectivity_injection_coordinate[seed_point$eq6900,5050,6451][transgenic_lines$eq'Cux2-IRES-Cre'][product_ids$eq5][start_row$eq2000]",
    );
  });
});

describe('searchSpatial', () => {
  it('reads path and density, ranks by density, enforces line and products', async () => {
    const { fake, client } = fakeClient(() =>
      envelope([
        searchRow(1, 385, 'VISp', { path: path(3), density: 0.2 }),
        searchRow(2, 985, 'MOp', { path: path(5), density: '0.75' }),
        searchRow(3, 985, 'MOp', { path: [], density: 0.9, 'transgenic-line': 'Cux2-IRES-Cre' }),
        searchRow(4, 985, 'MOp', { density: 0.95, 'product-id': 35 }),
      ]),
    );
    const hits = await client.searchSpatial({ ...seed, line: { kind: 'wild-type' }, productIds: [5] }, tinyOntology);
    expect(criteriaOf(fake.calls[0] ?? '')).toBe(
      'service::mouse_connectivity_target_spatial[seed_point$eq6900,5050,6450][transgenic_lines$eq0][product_ids$eq5]',
    );
    expect(hits.map((h) => [h.experiment.id, h.densityAtSeed, h.pathPoints])).toEqual([
      [2, 0.75, 5],
      [1, 0.2, 3],
    ]);
    expect(hits[0]?.experiment.injectionCoordUm).toEqual([9000, 1500, 3000]);
  });

  it('keeps the service order when it reports no density, and msg {} is no experiment', async () => {
    const hits = await fakeClient(() => envelope([searchRow(7, 385, 'VISp'), searchRow(5, 985, 'MOp')])).client.searchSpatial(seed, tinyOntology);
    expect(hits.map((h) => [h.experiment.id, h.densityAtSeed, h.pathPoints])).toEqual([
      [7, null, 0],
      [5, null, 0],
    ]);
    expect(await fakeClient(() => envelope({})).client.searchSpatial(seed, tinyOntology)).toEqual([]);
  });

  it('a service that keeps answering success:false fails with kind service after the retries', async () => {
    const { fake, client } = fakeClient(() => serviceFailure('Error in query: service::mouse_connectivity_target_spatial, Informatics service request failed'));
    const err = await client.searchSpatial(seed, tinyOntology).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllenError);
    expect(err).toMatchObject({ kind: 'service', attempts: 4 });
    expect((err as AllenError).message).toContain('Spatial search at CCF 6900, 5050, 6450 µm');
    expect(fake.calls).toHaveLength(4);
  });
});

describe('searchInjectionCoordinate', () => {
  it('uses the row distance, computes it when absent, nearest first', async () => {
    const { client } = fakeClient(() =>
      envelope([searchRow(1, 385, 'VISp', { distance: 900 }), searchRow(2, 985, 'MOp', { 'injection-coordinates': [6900, 5050, 6750] })]),
    );
    const res = await client.searchInjectionCoordinate(seed, tinyOntology);
    expect(res.source).toBe('service');
    expect(res.hits.map((h) => [h.experiment.id, h.distanceUm])).toEqual([
      [2, 300],
      [1, 900],
    ]);
  });

  it('falls back to the experiment list (Euclidean µm) when the service fails, honouring the filters', async () => {
    const all = [
      experiment(1, 385, 'VISp', [6900, 5050, 7450]),
      experiment(2, 985, 'MOp', [7200, 5450, 6450]),
      experiment(3, 985, 'MOp', [6900, 5050, 6450], { productId: 35 }),
    ];
    const { fake, client } = fakeClient((url) => (isService(url) ? serviceFailure() : envelope([])));
    const res = await client.searchInjectionCoordinate({ ...seed, productIds: [5] }, tinyOntology, { allExperiments: all });
    expect(res.source).toBe('api-connectivity');
    // the list is held: the service is asked once, without the retries' backoff
    expect(res.fallbackReason).toContain('Informatics service request failed');
    expect(res.hits.map((h) => [h.experiment.id, h.distanceUm])).toEqual([
      [2, 500],
      [1, 1000],
    ]);
    expect(fake.calls.every(isService)).toBe(true);
    expect(fake.calls).toHaveLength(1);
    expect(coordinateHitsFromList(all, seed).map((h) => h.experiment.id)).toEqual([3, 2, 1]);
  });

  it('offline with the list at hand, answers from it without asking the service (source cached-list)', async () => {
    const all = [experiment(1, 385, 'VISp', [6900, 5050, 7450]), experiment(2, 985, 'MOp', [7200, 5450, 6450])];
    const { fake, client } = fakeClient(() => serviceFailure());
    const res = await client.searchInjectionCoordinate(seed, tinyOntology, { allExperiments: all, offline: true });
    expect(res.source).toBe('cached-list');
    expect(res.fallbackReason).toContain('offline');
    expect(res.hits.map((h) => h.experiment.id)).toEqual([2, 1]);
    expect(fake.calls).toEqual([]);
  });
});
