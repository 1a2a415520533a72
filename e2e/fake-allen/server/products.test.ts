// Products: model::Product and the product_ids filter of the search service, in the built-in world
// (synthetic products) and, where the shared fixtures exist, the real one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, queryUrl } from '../test-helpers.ts';
import { findSharedAllen } from '../world/shared-allen.ts';
import { startFakeAllen } from './server.ts';
import type { FakeAllen } from './server.ts';

type Env = { success: boolean; id: number; start_row: number; num_rows: number; total_rows: number; msg: unknown };
type Row = Record<string, unknown>;
const rowsOf = (e: Env): Row[] => (Array.isArray(e.msg) ? (e.msg as Row[]) : []);
const service = (params: string): string => `service::mouse_connectivity_injection_structure${params}`;

describe.each([['builtin', null] as const, ['real', findSharedAllen()] as const])('products (%s world)', (mode, shared) => {
  let fake: FakeAllen;
  let base = '';
  const skip = mode === 'real' && !shared;
  beforeAll(async () => {
    if (skip) return;
    fake = await startFakeAllen({ port: 0, seed: 1, mode, sharedAllenDir: shared, cacheDir: null, warm: false });
    base = fake.url;
  });
  afterAll(async () => {
    if (!skip) await fake.close();
  });

  it.skipIf(skip)('model::Product lists every product with id, name and abbreviation; [id$in…] and [id$eq…] filter', async () => {
    const all = await getJson<Env>(queryUrl(base, 'model::Product'));
    expect(all).toMatchObject({ success: true, id: 0, start_row: 0 });
    const ids = rowsOf(all).map((r) => r.id);
    const used = new Set(fake.world.experiments.map((e) => e.productId));
    for (const id of used) expect(ids).toContain(id);
    for (const r of rowsOf(all)) {
      expect(typeof r.name).toBe('string');
      expect(typeof r.abbreviation).toBe('string');
    }
    expect(rowsOf(all).find((r) => r.id === 5)?.name).toBe('Mouse Connectivity: Projection');
    const two = await getJson<Env>(queryUrl(base, 'model::Product,rma::criteria,[id$in5,35]'));
    expect(
      rowsOf(two)
        .map((r) => r.id)
        .sort((a, b) => Number(a) - Number(b)),
    ).toEqual([5, 35]);
    expect(two.total_rows).toBe(2);
    const one = await getJson<Env>(queryUrl(base, "model::Product,rma::criteria,[id$eq5],rma::options[num_rows$eq'all']"));
    expect(rowsOf(one).map((r) => r.id)).toEqual([5]);
    const scoped = await getJson<Env>(`${base}/api/v2/data/Product/query.json?criteria=${encodeURIComponent('[id$eq35]')}`);
    expect(rowsOf(scoped).map((r) => r.id)).toEqual([35]);
  });

  it.skipIf(skip)('several products: sources with two or more experiments mostly have two products', () => {
    const bySource = new Map<number, Set<number>>();
    const counts = new Map<number, number>();
    for (const e of fake.world.experiments) {
      bySource.set(e.structureId, (bySource.get(e.structureId) ?? new Set()).add(e.productId));
      counts.set(e.structureId, (counts.get(e.structureId) ?? 0) + 1);
    }
    const multi = [...counts].filter(([, n]) => n >= 2).map(([id]) => id);
    const withTwo = multi.filter((id) => (bySource.get(id)?.size ?? 0) >= 2);
    if (mode === 'builtin') {
      const other = fake.world.experiments.filter((e) => e.productId !== 5).length / fake.world.experiments.length;
      expect(other).toBeGreaterThan(0.25);
      expect(other).toBeLessThan(0.45);
      expect(withTwo).toEqual(multi);
      expect(new Set(fake.world.experiments.map((e) => e.productId)).size).toBeGreaterThanOrEqual(5);
    } else {
      expect(new Set(fake.world.experiments.map((e) => e.productId))).toEqual(new Set([5, 31, 35, 36, 42, 44, 45]));
    }
  });

  it.skipIf(skip)('the search service filters by product_ids, and returns every product without it', async () => {
    const acronym = mode === 'builtin' ? 'Isocortex' : 'VISp';
    const regionId = fake.world.ontology.resolve(acronym) ?? -1;
    const expected = fake.world.experiments.filter((e) => [e.structureId, ...e.injectionStructureIds].some((s) => fake.world.ontology.isWithin(s, regionId)));
    const all = rowsOf(await getJson<Env>(queryUrl(base, service(`[injection_structures$eq${acronym}]`))));
    expect(all.map((r) => r.id).sort()).toEqual(expected.map((e) => e.id).sort());
    expect(new Set(all.map((r) => r['product-id'])).size).toBeGreaterThanOrEqual(2);
    const some = rowsOf(await getJson<Env>(queryUrl(base, service(`[injection_structures$eq${acronym}][product_ids$eq5,35]`))));
    expect(some.map((r) => r.id).sort()).toEqual(
      expected
        .filter((e) => e.productId === 5 || e.productId === 35)
        .map((e) => e.id)
        .sort(),
    );
    expect(some.length).toBeLessThan(all.length);
    const only5 = rowsOf(await getJson<Env>(queryUrl(base, service(`[injection_structures$eq${acronym}][product_ids$eq5]`))));
    expect(only5.every((r) => r['product-id'] === 5)).toBe(true);
    expect(only5.length).toBe(expected.filter((e) => e.productId === 5).length);
  });
});
