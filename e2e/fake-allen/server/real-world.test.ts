// Runs only where the real Allen fixtures exist (BSV_SHARED_ALLEN, ../shared/allen or /work/shared/allen).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quirksOf } from '../quirks/quirks.ts';
import { getJson, queryUrl } from '../test-helpers.ts';
import { findSharedAllen } from '../world/shared-allen.ts';
import { startFakeAllen } from './server.ts';
import type { FakeAllen } from './server.ts';

const shared = findSharedAllen();
type Env = { success: boolean; total_rows: number; msg: unknown };
type Row = Record<string, unknown>;
const rowsOf = (e: Env): Row[] => (Array.isArray(e.msg) ? (e.msg as Row[]) : []);

describe.skipIf(!shared)('real ontology and metadata', () => {
  let fake: FakeAllen;
  let base = '';
  beforeAll(async () => {
    fake = await startFakeAllen({ port: 0, seed: 1, mode: 'real', cacheDir: null, warm: false });
    base = fake.url;
  });
  afterAll(async () => {
    await fake.close();
  });

  it('serves the 2,992 ApiConnectivity rows verbatim', async () => {
    const env = await getJson<Env>(queryUrl(base, "model::ApiConnectivity,rma::options[num_rows$eq'all']"));
    expect(env.total_rows).toBe(2992);
    const row = rowsOf(env).find((r) => r.data_set_id === 113884251);
    expect(row).toMatchObject({ injection_volume: 0.2471359492, injection_x: 6040, injection_y: 4540, injection_z: 7300, structure_id: 629 });
  });

  it('service rows match the web-app export for experiment 113884251', async () => {
    const env = await getJson<Env>(
      queryUrl(base, 'service::mouse_connectivity_injection_structure[injection_structures$eqVAL][primary_structure_only$eqtrue]'),
    );
    const row = rowsOf(env).find((r) => r.id === 113884251);
    expect(row).toMatchObject({
      'structure-abbrev': 'VAL',
      'structure-color': 'ff8084',
      'injection-volume': 0.2471359492,
      'injection-coordinates': [6040, 4540, 7300],
      'transgenic-line': '',
    });
    const injected = (row?.['injection-structures'] as Array<{ id: number }>).map((s) => s.id).sort((a, b) => a - b);
    expect(injected).toEqual([262, 629, 718, 733, 1020]);
  });

  it('VIS excludes VISC and MO excludes MOB', async () => {
    const vis = rowsOf(
      await getJson<Env>(queryUrl(base, 'service::mouse_connectivity_injection_structure[injection_structures$eqVIS][primary_structure_only$eqtrue]')),
    );
    const mo = rowsOf(
      await getJson<Env>(queryUrl(base, 'service::mouse_connectivity_injection_structure[injection_structures$eqMO][primary_structure_only$eqtrue]')),
    );
    expect(vis.length).toBeGreaterThan(282);
    expect(vis.some((r) => r['structure-abbrev'] === 'VISC')).toBe(false);
    expect(mo.some((r) => r['structure-abbrev'] === 'MOB')).toBe(false);
    expect(mo.some((r) => r['structure-abbrev'] === 'MOs')).toBe(true);
  });

  it('PSU for CP covers every experiment and has several upstream sources', async () => {
    const rma = (extra: string): string =>
      `model::ProjectionStructureUnionize,rma::criteria,[structure_id$eq672][is_injection$eqfalse][hemisphere_id$eq3]${extra},rma::options[num_rows$eq'all']`;
    const all = await getJson<Env>(queryUrl(base, rma('')));
    expect(all.total_rows).toBe(2992);
    const strong = rowsOf(await getJson<Env>(queryUrl(base, rma('[projection_volume$gt0.001]'))));
    const sources = new Set(strong.map((r) => fake.world.experimentById.get(Number(r.section_data_set_id))?.structureId));
    expect(sources.size).toBeGreaterThanOrEqual(3);
  });

  it('injection volume is positive for every experiment but the noInjectionRecord quirk (one long $in query)', async () => {
    const ids = fake.world.experiments.map((e) => e.id);
    const env = await getJson<Env>(
      queryUrl(
        base,
        `model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$in${ids.join(',')}][is_injection$eqtrue][hemisphere_id$eq3][structure_id$eq997],rma::options[num_rows$eq'all']`,
      ),
    );
    const missing = new Set(ids);
    for (const r of rowsOf(env)) missing.delete(Number(r.section_data_set_id));
    expect([...missing]).toEqual(quirksOf(fake.world).noInjectionRecord);
    expect(rowsOf(env).every((r) => Number(r.projection_volume) > 0)).toBe(true);
  });
});
