import { describe, expect, it } from 'vitest';
import { envelope, fakeClient, jsonResponse } from './fake-fetch.ts';
import { INJECTION_VOLUME_BATCH, injectionVolumeCriteria } from './injection-volumes.ts';

const row = (id: number, volume: number, extra: Record<string, unknown> = {}) => ({
  section_data_set_id: id,
  structure_id: 997,
  hemisphere_id: 3,
  is_injection: true,
  projection_volume: volume,
  ...extra,
});

/** The ids of a `section_data_set_id$in…` criteria in a request URL. */
function idsOf(url: string): number[] {
  const criteria = decodeURIComponent(new URL(url).searchParams.get('criteria') ?? '');
  const m = /section_data_set_id\$in([\d,]+)\]/.exec(criteria);
  return (m?.[1] ?? '').split(',').map(Number);
}

describe('fetchInjectionVolumes', () => {
  it('asks for the (997, hemisphere 3, is_injection) record of each experiment, in batches', async () => {
    const ids = Array.from({ length: INJECTION_VOLUME_BATCH * 2 + 3 }, (_, i) => 1000 + i);
    const { fake, client } = fakeClient((url) => envelope(idsOf(url).map((id) => row(id, id / 1e4))));
    const got = await client.fetchInjectionVolumes(ids);
    expect(fake.calls).toHaveLength(3);
    expect(idsOf(fake.calls[0] ?? '')).toHaveLength(INJECTION_VOLUME_BATCH);
    expect(got.get(1000)).toBeCloseTo(0.1);
    expect(got.get(1102)).toBeCloseTo(0.1102);
    const criteria = decodeURIComponent(new URL(fake.calls[0] ?? '').searchParams.get('criteria') ?? '');
    expect(criteria).toContain('[is_injection$eqtrue][structure_id$eq997][hemisphere_id$eq3]');
  });

  it('null for an experiment without the record; rows of other structures, hemispheres or non-injection are ignored', async () => {
    const { client } = fakeClient(() =>
      envelope([
        row(1, 0.25),
        row(2, 9, { structure_id: 315 }),
        row(2, 8, { hemisphere_id: 1 }),
        row(2, 7, { is_injection: false }),
        row(3, 0.5),
        row(3, 0.75), // duplicates: bsv takes the largest
        row(99, 1), // not asked for
      ]),
    );
    const got = await client.fetchInjectionVolumes([1, 2, 3]);
    expect([...got]).toEqual([
      [1, 0.25],
      [2, null],
      [3, 0.75],
    ]);
  });

  it('a batch that keeps failing rejects with the Allen error', async () => {
    const { client } = fakeClient(() => jsonResponse({}, 500));
    await expect(client.fetchInjectionVolumes([1])).rejects.toThrow(/Injection volumes of 1 experiment/);
  });

  it('pages with start_row after the options', () => {
    expect(injectionVolumeCriteria([5, 6], 2000)).toMatch(
      /\[section_data_set_id\$in5,6\].*rma::options\[num_rows\$eq'all'\]\[order\$eq'id'\]\[start_row\$eq2000\]$/,
    );
  });
});

describe('fetchProducts', () => {
  it('names the asked products and drops unknown rows', async () => {
    const { fake, client } = fakeClient(() =>
      envelope([
        { id: 5, name: 'Mouse Connectivity: Projection', abbreviation: 'Projection' },
        { id: 35, name: null, abbreviation: 'Cre' },
        { id: 77, name: 'not asked' },
      ]),
    );
    expect(await client.fetchProducts([35, 5, 5])).toEqual([
      { id: 5, name: 'Mouse Connectivity: Projection' },
      { id: 35, name: 'Cre' },
    ]);
    expect(decodeURIComponent(fake.calls[0] ?? '')).toContain('model::Product,rma::criteria,[id$in5,35]');
  });
});
