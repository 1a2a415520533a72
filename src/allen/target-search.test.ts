import { describe, expect, it } from 'vitest';
import { AllenError } from './errors.ts';
import { envelope, fakeClient, jsonResponse, serviceFailure } from './fake-fetch.ts';
import { criteriaOf, experiment, searchRow, tinyOntology } from './search-test-fixtures.ts';
import { targetHitsFromPsu, targetServiceCriteria, topLevelTargets, type TargetQuery } from './target-search.ts';

const cp: TargetQuery = { targetIds: [672], regionIds: [], line: { kind: 'all' }, primaryOnly: true, productIds: [] };
const isService = (url: string): boolean => criteriaOf(url).startsWith('service::');

describe('target search criteria', () => {
  it('asks the injection-structure service with target_domain; every injection (root) without a source filter', () => {
    expect(targetServiceCriteria(cp)).toBe(
      'service::mouse_connectivity_injection_structure[injection_structures$eq997][target_domain$eq672][primary_structure_only$eqtrue]',
    );
    expect(targetServiceCriteria({ ...cp, regionIds: [669, 500], line: { kind: 'wild-type' }, primaryOnly: false, productIds: [5, 35] }, 2000)).toBe(
      'service::mouse_connectivity_injection_structure[injection_structures$eq669,500][target_domain$eq672][primary_structure_only$eqfalse][transgenic_lines$eq0][product_ids$eq5,35][start_row$eq2000]',
    );
  });

  it('drops targets nested in another target', () => {
    expect(topLevelTargets([385, 669, 672, 593], tinyOntology)).toEqual([669, 672]);
  });
});

describe('searchTargets, service route', () => {
  it('ranks by sum (mm³), keeps num-voxels, drops rows without signal and rows the filters exclude', async () => {
    const { fake, client } = fakeClient(() =>
      envelope([
        searchRow(1, 385, 'VISp', { sum: 0.5, 'num-voxels': 3000 }),
        searchRow(2, 985, 'MOp', { sum: '1.25', 'num-voxels': null }),
        searchRow(3, 985, 'MOp', { sum: 0 }),
        searchRow(4, 985, 'MOp', { sum: 2, 'product-id': 35 }),
      ]),
    );
    const res = await client.searchTargets({ ...cp, productIds: [5] }, tinyOntology);
    expect(criteriaOf(fake.calls[0] ?? '')).toContain('[target_domain$eq672]');
    expect(res.source).toBe('service');
    expect(res.hits.map((h) => [h.experiment.id, h.sumMm3, h.numVoxels])).toEqual([
      [2, 1.25, null],
      [1, 0.5, 3000],
    ]);
  });

  it('primary only with a source filter keeps only primary injections inside the sources', async () => {
    const { client } = fakeClient(() =>
      envelope([searchRow(1, 385, 'VISp', { sum: 1 }), searchRow(2, 985, 'MOp', { sum: 2, 'injection-structures': [{ id: 385 }] })]),
    );
    const res = await client.searchTargets({ ...cp, regionIds: [669] }, tinyOntology);
    expect(res.hits.map((h) => h.experiment.id)).toEqual([1]);
    const secondary = await fakeClient(() => envelope([searchRow(2, 985, 'MOp', { sum: 2, 'injection-structures': [{ id: 385 }] })])).client.searchTargets(
      { ...cp, regionIds: [669], primaryOnly: false },
      tinyOntology,
    );
    expect(secondary.hits.map((h) => h.experiment.id)).toEqual([2]);
  });

  it('msg {} is an empty result; a page with total_rows beyond it asks for the next page', async () => {
    expect((await fakeClient(() => envelope({})).client.searchTargets(cp, tinyOntology)).hits).toEqual([]);
    const { fake, client } = fakeClient((url) =>
      criteriaOf(url).includes('start_row')
        ? envelope([searchRow(2, 985, 'MOp', { sum: 1 })], { start_row: 1, total_rows: 2 })
        : envelope([searchRow(1, 385, 'VISp', { sum: 2 })], { total_rows: 2 }),
    );
    const res = await client.searchTargets(cp, tinyOntology);
    expect(res.hits.map((h) => h.experiment.id)).toEqual([1, 2]);
    expect(criteriaOf(fake.calls[1] ?? '')).toContain('[start_row$eq1]');
  });

  it('a row without sum is a validation failure, which moves to the fallback', async () => {
    const { client } = fakeClient((url) => (isService(url) ? envelope([searchRow(1, 385, 'VISp')]) : envelope([])));
    const res = await client.searchTargets(cp, tinyOntology, { allExperiments: [] });
    expect(res.source).toBe('projection-structure-unionize');
    expect(res.fallbackReason).toContain('sum');
  });
});

describe('searchTargets, ProjectionStructureUnionize fallback', () => {
  const all = [
    experiment(1, 385, 'VISp'),
    experiment(2, 985, 'MOp'),
    experiment(3, 593, 'VISp1', undefined, { transgenicLine: 'Cux2-IRES-Cre' }),
    experiment(4, 985, 'MOp', undefined, { productId: 35 }),
  ];
  const psu = (id: number, structure: number, volume: number) => ({
    section_data_set_id: id,
    structure_id: structure,
    hemisphere_id: 3,
    is_injection: false,
    projection_volume: volume,
    volume: 0.5,
  });

  it('after the service keeps failing (success:false or msg {} errors), sums PSU rows over the top-level targets', async () => {
    const { fake, client } = fakeClient((url) =>
      isService(url)
        ? serviceFailure('Error in query: service::mouse_connectivity_injection_structure, Informatics service request failed')
        : envelope([psu(1, 669, 0.2), psu(1, 672, 0.3), psu(2, 672, 0.1), psu(3, 672, 0.9), psu(4, 672, 2)]),
    );
    const res = await client.searchTargets({ ...cp, targetIds: [672, 669, 385], line: { kind: 'wild-type' } }, tinyOntology, { allExperiments: all });
    expect(res.source).toBe('projection-structure-unionize');
    expect(res.fallbackReason).toContain('failed after 4 attempts');
    const psuUrl = fake.calls.find((u) => !isService(u)) ?? '';
    expect(criteriaOf(psuUrl)).toBe(
      'model::ProjectionStructureUnionize,rma::criteria,[structure_id$in672,669][is_injection$eqfalse][hemisphere_id$eq3][projection_volume$gt0],rma::options[num_rows$eq5000][start_row$eq0]',
    );
    // 3 is a Cre line; 4 passes (no product filter); 1 sums CP + VIS.
    expect(res.hits.map((h) => [h.experiment.id, Number(h.sumMm3.toFixed(6)), h.numVoxels])).toEqual([
      [4, 2, 500],
      [1, 0.5, 1000],
      [2, 0.1, 500],
    ]);
  });

  it('the source filter and products apply to the fallback as to the service', () => {
    const rows = [psu(1, 672, 0.3), psu(2, 672, 0.1), psu(4, 672, 2)];
    const hits = targetHitsFromPsu(rows, [672], { ...cp, regionIds: [500], productIds: [5] }, tinyOntology, all);
    expect(hits.map((h) => h.experiment.id)).toEqual([2]);
  });

  it('when both routes fail, the error names both and the attempts', async () => {
    const { client } = fakeClient((url) => (isService(url) ? serviceFailure() : jsonResponse({ error: 'x' }, 503)));
    const err = await client.searchTargets(cp, tinyOntology, { allExperiments: all }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllenError);
    const e = err as AllenError;
    expect(e.message).toContain('Target search for CP');
    expect(e.message).toContain('the connectivity service failed');
    expect(e.message).toContain('ProjectionStructureUnionize fallback');
    expect(e.attempts).toBe(8);
  });

  it('an abort is not a failure: no fallback, kind aborted', async () => {
    const ctl = new AbortController();
    const { fake, client } = fakeClient(() => 'hang');
    const pending = client.searchTargets(cp, tinyOntology, { signal: ctl.signal });
    ctl.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    expect(fake.calls).toHaveLength(1);
  });
});
