// The three searches the fake serves besides Source Search, checked against the fake world's
// own served grids (NRRD routes) and metadata: Target Search `sum` / `num-voxels`, Spatial Search
// (density ≥ 0.1 at the seed voxel) and Injection Coordinate Search (`distance`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quirksOf } from '../quirks/quirks.ts';
import { getBytes, getJson, gunzip, parseNrrd, queryUrl } from '../test-helpers.ts';
import { GRID } from '../world/world.ts';
import { startFakeAllen } from './server.ts';
import type { FakeAllen } from './server.ts';

let fake: FakeAllen;
let base = '';
type Env = { success: boolean; total_rows: number; num_rows: number; msg: unknown };
type Row = Record<string, unknown>;
const rowsOf = (e: Env): Row[] => (Array.isArray(e.msg) ? (e.msg as Row[]) : []);
const ask = (rma: string): Promise<Env> => getJson<Env>(queryUrl(base, rma));

beforeAll(async () => {
  fake = await startFakeAllen({ port: 0, seed: 1, mode: 'builtin', sharedAllenDir: null, cacheDir: null, warm: false });
  base = fake.url;
});
afterAll(async () => {
  await fake.close();
});

/** A served grid (float32, AP fastest), read from the NRRD route like the app does. */
async function servedGrid(id: number, image = 'projection_density'): Promise<Float32Array> {
  const { response, bytes } = await getBytes(`${base}/grid_data/download_file/${id}?image=${image}&resolution=100`);
  expect(response.status).toBe(200);
  const raw = gunzip(parseNrrd(bytes).payload);
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
}

const gridded = (): number[] => {
  const q = quirksOf(fake.world);
  const dead = new Set([...q.missingGrid, ...q.corruptNrrd, ...q.corruptBoth]);
  return fake.world.experiments.map((e) => e.id).filter((id) => !dead.has(id));
};

describe('Target Search (injection-structure service with target_domain)', () => {
  it('sum = Σ density × 0.001 mm³ over the target’s voxels (descendants, both hemispheres) outside the injection site; num-voxels = valid voxels', async () => {
    const cp = fake.world.ontology.resolve('CP') ?? 0;
    const rows = rowsOf(await ask('service::mouse_connectivity_injection_structure[injection_structures$eq997][target_domain$eqCP]'));
    expect(rows.length).toBeGreaterThan(3);
    const sums = rows.map((r) => Number(r.sum));
    expect([...sums].sort((a, b) => b - a)).toEqual(sums);
    const inTarget = (label: number): boolean => label !== 0 && fake.world.ontology.isWithin(label, cp);
    for (const row of [rows[0], rows[Math.floor(rows.length / 2)], rows[rows.length - 1]]) {
      const id = Number(row?.id);
      const density = await servedGrid(id);
      const injection = await servedGrid(id, 'injection_fraction');
      let sum = 0;
      let voxels = 0;
      for (let idx = 0; idx < density.length; idx++) {
        if (!inTarget(fake.world.labels100[idx] ?? 0) || (injection[idx] ?? 0) > 0) continue;
        const v = density[idx] ?? 0;
        if (v === -1) continue;
        sum += v;
        voxels += 1;
      }
      expect(Number(row?.sum)).toBeCloseTo(sum * 0.001, 9);
      expect(row?.['num-voxels']).toBe(voxels);
    }
  });
});

describe('Spatial Search (service::mouse_connectivity_target_spatial)', () => {
  it('lists exactly the experiments whose served grid has density ≥ 0.1 at the seed voxel, densest first, with density and path', async () => {
    // A voxel in a projection of the first gridded experiment, away from its injection.
    const first = fake.world.experimentById.get(gridded()[0] ?? 0);
    if (!first) throw new Error('no experiment');
    const grid = await servedGrid(first.id);
    const inj = await servedGrid(first.id, 'injection_fraction');
    const idx = grid.findIndex((v, i) => v >= 0.15 && v < 0.5 && (inj[i] ?? 0) === 0);
    expect(idx).toBeGreaterThanOrEqual(0);
    const i = idx % GRID.nx;
    const j = Math.floor(idx / GRID.nx) % GRID.ny;
    const k = Math.floor(idx / (GRID.nx * GRID.ny));
    const seed = [i * 100 + 50, j * 100 + 30, k * 100 + 99];
    const env = await ask(`service::mouse_connectivity_target_spatial[seed_point$eq${seed.join(',')}]`);
    expect(env.success).toBe(true);
    const rows = rowsOf(env);
    const expected: Array<[number, number]> = [];
    for (const id of gridded()) {
      const v = (await servedGrid(id))[idx] ?? 0;
      if (v >= 0.1) expected.push([id, v]);
    }
    expected.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    // Quirk experiments whose grid cannot be downloaded are still known to the service.
    const downloadable = new Set(gridded());
    expect(rows.filter((r) => downloadable.has(Number(r.id))).map((r) => [r.id, r.density])).toEqual(expected);
    const d = rows.map((r) => Number(r.density));
    expect([...d].sort((a, b) => b - a)).toEqual(d);
    expect(d.every((v) => v >= 0.1)).toBe(true);
    expect(rows.some((r) => r.id === first.id)).toBe(true);
    for (const r of rows) {
      const path = r.path as Array<{ coord: number[] }>;
      expect(path[0]?.coord).toEqual(seed);
      expect(path[path.length - 1]?.coord).toEqual(r['injection-coordinates']);
      for (const key of ['structure-id', 'structure-abbrev', 'injection-volume', 'injection-coordinates', 'product-id', 'transgenic-line'])
        expect(r).toHaveProperty(key);
    }
  });

  it('filters line and products; answers msg {} outside the grid and success:false for bad input', async () => {
    const cp = fake.world.experiments[0]?.coordUm ?? [0, 0, 0];
    const all = rowsOf(await ask(`service::mouse_connectivity_target_spatial[seed_point$eq${cp.join(',')}]`));
    expect(all.length).toBeGreaterThan(0);
    const wt = rowsOf(await ask(`service::mouse_connectivity_target_spatial[seed_point$eq${cp.join(',')}][transgenic_lines$eq0][product_ids$eq5]`));
    expect(wt.every((r) => r['transgenic-line'] === '' && r['product-id'] === 5)).toBe(true);
    expect(wt.length).toBe(all.filter((r) => r['transgenic-line'] === '' && r['product-id'] === 5).length);
    expect(await ask('service::mouse_connectivity_target_spatial[seed_point$eq20000,100,100]')).toMatchObject({ success: true, total_rows: 0, msg: {} });
    for (const bad of ['[seed_point$eq1,2]', '[seed_point$eq1,2,3][colour$eqred]', '[seed_point$eq1,2,x]']) {
      const env = await ask(`service::mouse_connectivity_target_spatial${bad}`);
      expect(env.success).toBe(false);
      expect(String(env.msg)).toMatch(/^Error in query: service::mouse_connectivity_target_spatial/);
    }
    expect((await ask('service::mouse_connectivity_target_spatial[seed_point$eq1,2,3],rma::options[num_rows$eq5]')).success).toBe(false);
  });
});

describe('Injection Coordinate Search (service::mouse_connectivity_injection_coordinate)', () => {
  it('ranks every matching experiment by the Euclidean µm between its injection coordinate and the seed', async () => {
    const seed = [7000, 4000, 3000];
    const rows = rowsOf(await ask(`service::mouse_connectivity_injection_coordinate[seed_point$eq${seed.join(',')}]`));
    expect(rows).toHaveLength(fake.world.experiments.length);
    const d = rows.map((r) => Number(r.distance));
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    for (const r of rows.slice(0, 5)) {
      const c = r['injection-coordinates'] as number[];
      expect(Number(r.distance)).toBeCloseTo(Math.hypot((c[0] ?? 0) - 7000, (c[1] ?? 0) - 4000, (c[2] ?? 0) - 3000), 9);
    }
    const wt = rowsOf(await ask(`service::mouse_connectivity_injection_coordinate[seed_point$eq${seed.join(',')}][transgenic_lines$eq0]`));
    expect(wt.length).toBe(rows.filter((r) => r['transgenic-line'] === '').length);
    expect((await ask('service::mouse_connectivity_injection_coordinate[seed_point$eq1]')).success).toBe(false);
  });
});
