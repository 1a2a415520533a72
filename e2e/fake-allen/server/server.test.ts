import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAllen } from '../control.ts';
import { quirksOf } from '../quirks/quirks.ts';
import { getBytes, getJson, gunzip, gzipDeclaredSize, parseNrrd, queryUrl } from '../test-helpers.ts';
import { injectionRatio } from '../world/injection-ratio.ts';
import { startFakeAllen } from './server.ts';
import type { FakeAllen } from './server.ts';

let fake: FakeAllen;
let base = '';
type Env = { success: boolean; id: number; start_row: number; num_rows: number; total_rows: number; msg: unknown };
type Row = Record<string, unknown>;
const rowsOf = (e: Env): Row[] => (Array.isArray(e.msg) ? (e.msg as Row[]) : []);
const service = (params: string): string => `service::mouse_connectivity_injection_structure${params}`;
const GRID_BYTES = 132 * 80 * 114 * 4;

beforeAll(async () => {
  fake = await startFakeAllen({ port: 0, seed: 3, mode: 'builtin', sharedAllenDir: null, cacheDir: null, warm: false });
  base = fake.url;
});
afterAll(async () => {
  await fake.close();
});

describe('experiment search service', () => {
  it('answers the envelope with hyphenated rows, descendants included, VISC not in VIS', async () => {
    const env = await getJson<Env>(queryUrl(base, service('[injection_structures$eqVIS][primary_structure_only$eqtrue]')));
    expect(env).toMatchObject({ success: true, id: 0, start_row: 0 });
    const rows = rowsOf(env);
    expect(env.num_rows).toBe(rows.length);
    expect(env.total_rows).toBe(rows.length);
    const inVis = fake.world.experiments.filter((e) => fake.world.ontology.isWithin(e.structureId, 669));
    expect(rows.map((r) => r.id).sort()).toEqual(inVis.map((e) => e.id).sort());
    expect(rows.some((r) => r['structure-id'] === 385)).toBe(true);
    expect(rows.some((r) => r['structure-abbrev'] === 'VISC')).toBe(false);
    const first = rows[0] ?? {};
    for (const key of [
      'id',
      'name',
      'product-id',
      'structure-id',
      'structure-abbrev',
      'structure-name',
      'structure-color',
      'injection-structures',
      'injection-volume',
      'injection-coordinates',
      'transgenic-line',
      'gender',
      'strain',
      'sum',
      'num-voxels',
    ]) {
      expect(first).toHaveProperty(key);
    }
    expect(first['injection-coordinates']).toHaveLength(3);
  });

  it('MO does not include MOB, and ids work like acronyms', async () => {
    const byAcronym = rowsOf(await getJson<Env>(queryUrl(base, service('[injection_structures$eqMO][primary_structure_only$eqtrue]'))));
    const byId = rowsOf(await getJson<Env>(queryUrl(base, service('[injection_structures$eq500][primary_structure_only$eqtrue]'), 'q')));
    expect(byAcronym.length).toBeGreaterThan(0);
    expect(byId.map((r) => r.id)).toEqual(byAcronym.map((r) => r.id));
    expect(byAcronym.some((r) => r['structure-abbrev'] === 'MOB')).toBe(false);
  });

  it('answers msg {} (an object) for a structure with no experiments', async () => {
    const env = await getJson<Env>(queryUrl(base, service('[injection_structures$eqVS]')));
    expect(env.success).toBe(true);
    expect(env.msg).toEqual({});
    expect(env.total_rows).toBe(0);
  });

  it('filters wild type ($eq0) and a named line', async () => {
    const wt = rowsOf(await getJson<Env>(queryUrl(base, service('[injection_structures$eqVISp][transgenic_lines$eq0]'))));
    const cre = rowsOf(await getJson<Env>(queryUrl(base, service("[injection_structures$eqVISp][transgenic_lines$eq'Rbp4-Cre_KL100']"))));
    expect(wt.length).toBeGreaterThan(0);
    expect(cre.length).toBeGreaterThan(0);
    expect(wt.every((r) => r['transgenic-line'] === '')).toBe(true);
    expect(cre.every((r) => r['transgenic-line'] === 'Rbp4-Cre_KL100')).toBe(true);
  });

  it('target search ranks by sum in the target domain', async () => {
    const rows = rowsOf(await getJson<Env>(queryUrl(base, service('[injection_structures$eqIsocortex][target_domain$eqCP]'))));
    expect(rows.length).toBeGreaterThan(0);
    const sums = rows.map((r) => Number(r.sum));
    expect([...sums].sort((a, b) => b - a)).toEqual(sums);
    expect(sums.every((s) => s > 0)).toBe(true);
  });

  it('answers HTTP 200 success:false for unparseable queries and rma::options on the service', async () => {
    for (const rma of [
      'model::ProjectionStructureUnionize,rma::criteria,[structure_id$eq',
      service('[injection_structures$eqVISp],rma::options[num_rows$eq5]'),
      'model::Nope',
    ]) {
      const response = await fetch(queryUrl(base, rma));
      expect(response.status).toBe(200);
      const env = (await response.json()) as Env;
      expect(env.success).toBe(false);
      expect(String(env.msg)).toMatch(/^Error in query: /);
    }
  });
});

describe('ApiConnectivity and ProjectionStructureUnionize', () => {
  it('ApiConnectivity returns every experiment with underscore keys, and pages', async () => {
    const all = await getJson<Env>(queryUrl(base, "model::ApiConnectivity,rma::options[num_rows$eq'all']"));
    expect(all.total_rows).toBe(fake.world.experiments.length);
    expect(rowsOf(all)).toHaveLength(fake.world.experiments.length);
    expect(rowsOf(all)[0]).toHaveProperty('injection_x');
    expect(rowsOf(all)[0]).toHaveProperty('data_set_id');
    const page = await getJson<Env>(queryUrl(base, 'model::ApiConnectivity,rma::options[num_rows$eq5][start_row$eq10]'));
    expect(page).toMatchObject({ start_row: 10, num_rows: 5, total_rows: fake.world.experiments.length });
    expect(rowsOf(page).map((r) => r.data_set_id)).toEqual(
      rowsOf(all)
        .slice(10, 15)
        .map((r) => r.data_set_id),
    );
  });

  it('injection volume (997, hemisphere 3, is_injection) is positive for every experiment; metadata = PSU ÷ a 0.7–1.3 ratio', async () => {
    const ids = fake.world.experiments.map((e) => e.id);
    const env = await getJson<Env>(
      queryUrl(
        base,
        `model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$in${ids.join(',')}][is_injection$eqtrue][hemisphere_id$eq3][structure_id$eq997],rma::options[num_rows$eq'all']`,
      ),
    );
    const rows = rowsOf(env);
    // The noInjectionRecord quirk has no is_injection=true rows.
    expect(rows.map((r) => Number(r.section_data_set_id)).sort()).toEqual(ids.filter((id) => !quirksOf(fake.world).noInjectionRecord.includes(id)).sort());
    const meta = rowsOf(await getJson<Env>(queryUrl(base, "model::ApiConnectivity,rma::options[num_rows$eq'all']")));
    for (const r of rows) {
      const id = Number(r.section_data_set_id);
      expect(Number(r.projection_volume)).toBeGreaterThan(0);
      const metadata = Number(meta.find((m) => m.data_set_id === id)?.injection_volume);
      expect(Number(r.projection_volume) / metadata).toBeCloseTo(injectionRatio(fake.world, id), 9);
    }
  });

  it('injection-volume query: ~50 ids by $in with $eq criteria, bracket groups joined or comma-separated, model-scoped', async () => {
    const ids = fake.world.experiments.slice(0, 50).map((e) => e.id);
    const criteria = [`[section_data_set_id$in${ids.join(',')}]`, '[is_injection$eqtrue]', '[structure_id$eq997]', '[hemisphere_id$eq3]'];
    const forms = [
      `model::ProjectionStructureUnionize,rma::criteria,${criteria.join('')},rma::options[num_rows$eq'all']`,
      `model::ProjectionStructureUnionize,rma::criteria,${criteria.join(',')},rma::options[num_rows$eq'all']`,
      `model::ProjectionStructureUnionize,rma::criteria,${[...criteria].reverse().join('')},rma::options[num_rows$eq'all']`,
    ];
    const answers = await Promise.all(forms.map((rma) => getJson<Env>(queryUrl(base, rma))));
    answers.push(
      await getJson<Env>(`${base}/api/v2/data/ProjectionStructureUnionize/query.json?criteria=${encodeURIComponent(criteria.join(''))}&num_rows=all`),
    );
    const noRecord = quirksOf(fake.world).noInjectionRecord;
    const expected = ids.filter((id) => !noRecord.includes(id));
    for (const env of answers) {
      expect(env.success).toBe(true);
      const rows = rowsOf(env);
      expect(rows.map((r) => r.section_data_set_id)).toEqual(expected);
      expect(rows.every((r) => r.is_injection === true && r.structure_id === 997 && r.hemisphere_id === 3)).toBe(true);
    }
    expect(rowsOf(answers[1] as Env)).toEqual(rowsOf(answers[0] as Env));
  });

  it('upstream query for CP returns rows from at least three source structures, with structures included', async () => {
    const env = await getJson<Env>(
      queryUrl(
        base,
        "model::ProjectionStructureUnionize,rma::criteria,[structure_id$eq672][is_injection$eqfalse][hemisphere_id$eq3][projection_volume$gt0.001],rma::include,structure,rma::options[num_rows$eq'all']",
      ),
    );
    const rows = rowsOf(env);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => Number(r.projection_volume) > 0.001 && r.structure_id === 672)).toBe(true);
    expect((rows[0]?.structure as Row | undefined)?.acronym).toBe('CP');
    const sources = new Set(rows.map((r) => fake.world.experimentById.get(Number(r.section_data_set_id))?.structureId));
    expect(sources.size).toBeGreaterThanOrEqual(3);
    const summary = await fakeAllen(base).upstream('CP', 0.001);
    expect(summary.experiments.map((e) => e.experimentId).sort()).toEqual(rows.map((r) => r.section_data_set_id).sort());
  });

  it('pages PSU rows with plain URL params and defaults to 50 rows', async () => {
    const id = fake.world.experiments[0]?.id ?? 0;
    const rma = `model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$eq${id}]`;
    const all = await getJson<Env>(`${queryUrl(base, rma)}&num_rows=all`);
    const page = await getJson<Env>(`${queryUrl(base, rma)}&num_rows=3&start_row=2`);
    const dflt = await getJson<Env>(queryUrl(base, rma));
    expect(all.total_rows).toBeGreaterThan(50);
    expect(page).toMatchObject({ start_row: 2, num_rows: 3, total_rows: all.total_rows });
    expect(rowsOf(page).map((r) => r.id)).toEqual(
      rowsOf(all)
        .slice(2, 5)
        .map((r) => r.id),
    );
    expect(dflt.num_rows).toBe(50);
  });
});

describe('downloads', () => {
  it('serves the ontology as msg: [root]', async () => {
    const env = await getJson<Env>(`${base}/api/v2/structure_graph_download/1.json`);
    const msg = env.msg as Array<{ id: number; children: unknown[] }>;
    expect(env.success).toBe(true);
    expect(msg).toHaveLength(1);
    expect(msg[0]?.id).toBe(997);
    expect(msg[0]?.children.length).toBeGreaterThan(0);
  });

  it('serves grids as gzip NRRD and as zip, with identical voxels', async () => {
    const id = fake.world.experiments[2]?.id ?? 0;
    const nrrd = await getBytes(`${base}/grid_data/download_file/${id}?image=projection_density&resolution=100`);
    expect(nrrd.response.headers.get('content-length')).toBe(String(nrrd.bytes.length));
    const parsed = parseNrrd(nrrd.bytes);
    expect(parsed.headerText.split('\n')[0]).toBe('NRRD0004');
    expect(Object.fromEntries(parsed.fields)).toMatchObject({
      type: 'float',
      dimension: '3',
      space: 'left-posterior-superior',
      sizes: '132 80 114',
      'space directions': '(100,0,0) (0,100,0) (0,0,100)',
      kinds: 'domain domain domain',
      endian: 'little',
      encoding: 'gzip',
      'space origin': '(0,0,0)',
    });
    const raw = gunzip(parsed.payload);
    expect(raw.length).toBe(GRID_BYTES);
    const values = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    expect(values.includes(-1)).toBe(true);
    expect(values.reduce((m, v) => Math.max(m, v), -Infinity)).toBeLessThanOrEqual(1);
    const zip = await getBytes(`${base}/grid_data/download/${id}?include=density`);
    const files = unzipSync(zip.bytes);
    expect(files['density.raw']?.length).toBe(4_815_360);
    const mhd = new TextDecoder().decode(files['density.mhd']);
    expect(mhd).toContain('DimSize = 132 80 114');
    expect(mhd).toContain('ElementType = MET_FLOAT');
    expect(mhd).toContain('ElementDataFile = density.raw');
    expect(Buffer.from(files['density.raw'] ?? new Uint8Array()).equals(Buffer.from(raw))).toBe(true);
  });

  it('injection_fraction marks exactly the PSU injection-site voxels', async () => {
    const id = fake.world.experiments[4]?.id ?? 0;
    const { bytes } = await getBytes(`${base}/grid_data/download_file/${id}?image=injection_fraction&resolution=100`);
    const raw = gunzip(parseNrrd(bytes).payload);
    const values = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    const inSite = values.filter((v) => v === 1).length;
    expect(values.every((v) => v === 0 || v === 1 || v === -1)).toBe(true);
    const env = await getJson<Env>(
      queryUrl(
        base,
        `model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$eq${id}][structure_id$eq997][hemisphere_id$eq3][is_injection$eqtrue]`,
      ),
    );
    expect(inSite).toBeGreaterThan(0);
    expect(Number(rowsOf(env)[0]?.volume)).toBeCloseTo(inSite * 0.001, 9);
  });

  it('answers 404 for an unknown experiment', async () => {
    expect((await fetch(`${base}/grid_data/download_file/1?image=projection_density&resolution=100`)).status).toBe(404);
    expect((await fetch(`${base}/grid_data/download/1?include=density`)).status).toBe(404);
  });

  it('serves annotations at 100, 50 and 25 µm', async () => {
    const path = '/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_';
    for (const [res, sizes] of [
      [100, [132, 80, 114]],
      [50, [264, 160, 228]],
      [25, [528, 320, 456]],
    ] as const) {
      const { bytes } = await getBytes(`${base}${path}${res}.nrrd`);
      const parsed = parseNrrd(bytes);
      expect(parsed.fields.get('type')).toBe('unsigned int');
      expect(parsed.fields.get('sizes')).toBe(sizes.join(' '));
      expect(parsed.fields.get('space directions')).toBe(`(${res},0,0) (0,${res},0) (0,0,${res})`);
      const expected = sizes[0] * sizes[1] * sizes[2] * 4;
      if (res === 25) expect(gzipDeclaredSize(parsed.payload)).toBe(expected);
      else expect(gunzip(parsed.payload).length).toBe(expected);
      if (res === 100) {
        const raw = gunzip(parsed.payload);
        expect(Buffer.from(raw).equals(Buffer.from(fake.world.labels100.buffer))).toBe(true);
      }
    }
  });
});

describe('control summary', () => {
  it('world() lists structures with experiments, the traps and targets with their upstream sources', async () => {
    const w = await fakeAllen(base).world();
    expect(w.mode).toBe('builtin');
    expect(w.structuresWithExperiments.reduce((t, s) => t + s.count, 0)).toBe(w.experimentCount);
    expect(w.traps.map((t) => [t.acronym, t.notUnder])).toEqual([
      ['VIS', 'VISC'],
      ['MO', 'MOB'],
    ]);
    const cp = w.goodTargets.find((t) => t.acronym === 'CP');
    expect(cp?.sources.length).toBeGreaterThanOrEqual(3);
    const ids = await fakeAllen(base).experimentIdsForTarget(672, w.minVolumeMm3);
    expect(ids.length).toBe(cp?.experimentCount);
  });
});

describe('CORS and the request log', () => {
  it('sends CORS headers and answers preflight', async () => {
    const r = await fetch(`${base}/api/v2/structure_graph_download/1.json`);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-expose-headers')).toContain('Content-Length');
    const pre = await fetch(`${base}/grid_data/download/1`, {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-test' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    expect(pre.headers.get('access-control-allow-headers')).toBe('x-test');
  });

  it('records requests with status, bytes and experiment id', async () => {
    const control = fakeAllen(base);
    await control.reset();
    const id = fake.world.experiments[1]?.id ?? 0;
    const { bytes } = await getBytes(`${base}/grid_data/download_file/${id}?image=projection_density&resolution=100`);
    await fetch(`${base}/nope`);
    await fetch(`${base}/grid_data/download/1`, { method: 'OPTIONS' });
    const log = (await control.requests()).filter((e) => e.method !== 'OPTIONS');
    expect(await control.requests({ method: 'OPTIONS' })).toHaveLength(1);
    expect(log.map((e) => [e.seq, e.path, e.status])).toEqual([
      [log[0]?.seq, `/grid_data/download_file/${id}`, 200],
      [(log[0]?.seq ?? 0) + 1, '/nope', 404],
    ]);
    expect(log[0]).toMatchObject({ method: 'GET', fault: null, bytes: bytes.length, experimentId: id });
    expect(await control.requests({ path: 'grid_data', method: 'GET' })).toHaveLength(1);
  });
});
