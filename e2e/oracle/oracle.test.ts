// The oracle against the fake Allen server (started in-process), in both world modes: decoding
// routes, the quirk experiments, PSU injection volumes, group means, masks, search, bins,
// projectome and slice means, checked against hand-computable values or the served answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAllen } from '../fake-allen/control.ts';
import type { WorldInfo } from '../fake-allen/control.ts';
import { startFakeAllen } from '../fake-allen/server/server.ts';
import type { FakeAllen } from '../fake-allen/server/server.ts';
import { findSharedAllen } from '../fake-allen/world/shared-allen.ts';
import {
  apBins,
  grid,
  gridFromNrrd,
  gridFromZip,
  groupMeans,
  loadOracleWorld,
  NX,
  NY,
  psuInjectionVolume,
  regionMask,
  searchExperiments,
  sliceRegionMeans,
  projectome,
  targetStats,
  VOXELS,
} from './index.ts';
import type { OracleWorld } from './index.ts';

type Row = Record<string, unknown>;
const rows = async (base: string, rma: string): Promise<Row[]> => {
  const env = (await (await fetch(`${base}/api/v2/data/query.json?criteria=${encodeURIComponent(rma)}`)).json()) as { msg: unknown };
  return Array.isArray(env.msg) ? (env.msg as Row[]) : [];
};
/** Bytewise equality (vitest's toEqual walks a 1.2 M-element array for seconds). */
const sameBytes = (a: Float32Array | null | string, b: Float32Array | null | string): boolean =>
  a instanceof Float32Array &&
  b instanceof Float32Array &&
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const ids = (list: Row[], key: string): number[] => list.map((r) => Number(r[key])).sort((a, b) => a - b);

describe.each([['builtin', null] as const, ['real', findSharedAllen()] as const])('oracle (%s world)', (mode, shared) => {
  let fake: FakeAllen;
  let w: OracleWorld;
  let info: WorldInfo;
  let members: number[] = [];
  let normal = 0;
  const skip = mode === 'real' && !shared;
  beforeAll(async () => {
    if (skip) return;
    fake = await startFakeAllen({ port: 0, seed: 1, mode, sharedAllenDir: shared, cacheDir: null, warm: false });
    [w, info] = await Promise.all([loadOracleWorld(fake.url), fakeAllen(fake.url).world()]);
    members = w.experiments.filter((e) => e.structureId === info.quirks.structureId).map((e) => e.id);
    const q = info.quirks;
    const quirky = new Set([...q.missingGrid, ...q.corruptNrrd, ...q.corruptBoth, ...q.noInjectionRecord]);
    normal = members.find((id) => !quirky.has(id)) ?? 0;
  }, 60_000);
  afterAll(async () => {
    if (!skip) await fake.close();
  });

  it.skipIf(skip)('loads ontology, every experiment, annotation_100 and products from the served files', () => {
    expect(w.experiments).toHaveLength(info.experimentCount);
    expect(w.ontology.size).toBe(info.structureCount);
    expect(w.annotation).toHaveLength(VOXELS);
    expect(w.products.find((p) => p.id === 5)?.name).toBe('Mouse Connectivity: Projection');
    expect(members.length).toBeGreaterThanOrEqual(7);
  });

  it.skipIf(skip)('NRRD and zip decode to the same grid for a normal experiment', async () => {
    const [a, b] = await Promise.all([gridFromNrrd(w, normal), gridFromZip(w, normal)]);
    if (typeof a === 'string' || typeof b === 'string') throw new Error(`decode failed: ${String(a)} / ${String(b)}`);
    expect(sameBytes(a, b)).toBe(true);
    expect(a.includes(-1)).toBe(true);
    expect(a.some((v) => v > 0.5)).toBe(true);
    expect(sameBytes(await grid(w, normal), a)).toBe(true);
    expect(w.gridRoutes.get(normal)).toEqual({ route: 'nrrd', notes: [] });
  });

  it.skipIf(skip)('corruptNrrd is served by the zip route; missingGrid and corruptBoth give null', async () => {
    const [corrupt = 0] = info.quirks.corruptNrrd;
    const [missing = 0] = info.quirks.missingGrid;
    const [both = 0] = info.quirks.corruptBoth;
    expect(typeof (await gridFromNrrd(w, corrupt))).toBe('string');
    const viaZip = await gridFromZip(w, corrupt);
    expect(sameBytes(await grid(w, corrupt), viaZip)).toBe(true);
    expect(w.gridRoutes.get(corrupt)?.route).toBe('zip');
    expect(await grid(w, missing)).toBeNull();
    expect(w.gridRoutes.get(missing)).toEqual({ route: 'failed', notes: ['nrrd: HTTP 404', 'zip: HTTP 404'] });
    expect(await grid(w, both)).toBeNull();
    expect(w.gridRoutes.get(both)?.route).toBe('failed');
    expect(w.gridRoutes.get(both)?.notes[1]).toBe('zip: density.raw is 4814832 bytes, expected 4815360');
  });

  it.skipIf(skip)('psuInjectionVolume: null for noInjectionRecord, the served PSU row for the others', async () => {
    const batch = await rows(
      fake.url,
      `model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$in${members.join(',')}][is_injection$eqtrue][structure_id$eq997][hemisphere_id$eq3],rma::options[num_rows$eq'all']`,
    );
    for (const id of members) {
      const row = batch.find((r) => r.section_data_set_id === id);
      expect(await psuInjectionVolume(w, id)).toBe(row ? Number(row.projection_volume) : null);
    }
    expect(await psuInjectionVolume(w, info.quirks.noInjectionRecord[0] ?? 0)).toBeNull();
    expect(batch).toHaveLength(members.length - 1);
  });

  it.skipIf(skip)('group means: exclusions with reasons, and hand-checked voxels', async () => {
    const q = info.quirks;
    const [g] = await groupMeans(w, [{ label: 'quirks', ids: members }], { normalization: 'psu', subtract: false });
    // Planning exclusions first, then failed downloads, each in input order.
    expect(g?.excluded).toEqual([
      ...q.noInjectionRecord.map((id) => ({ id, reason: 'no injection record' })),
      ...members.filter((id) => q.missingGrid.includes(id) || q.corruptBoth.includes(id)).map((id) => ({ id, reason: 'download failed' })),
    ]);
    expect(g?.used).toEqual(members.filter((id) => ![q.noInjectionRecord, q.missingGrid, q.corruptBoth].flat().includes(id)));
    expect(g?.used).toContain(q.corruptNrrd[0]);

    const d = await grid(w, normal);
    const psu = await psuInjectionVolume(w, normal);
    const meta = w.experimentById.get(normal);
    if (!d || psu === null || !meta) throw new Error('normal experiment incomplete');
    const [none, byPsu, byMeta, sub] = await Promise.all([
      groupMeans(w, [{ label: 'one', ids: [normal] }], { normalization: 'none', subtract: false }),
      groupMeans(w, [{ label: 'one', ids: [normal] }], { normalization: 'psu', subtract: false }),
      groupMeans(w, [{ label: 'one', ids: [normal] }], { normalization: 'metadata', subtract: false }),
      groupMeans(w, [{ label: 'one', ids: [normal] }], { normalization: 'psu', subtract: true }),
    ]);
    const peak = d.reduce((best, v, i) => (v > (d[best] ?? -Infinity) ? i : best), 0);
    const noData = d.indexOf(-1);
    expect(none[0]?.mean[peak]).toBe(d[peak]);
    expect(none[0]?.mean[noData]).toBeNaN();
    expect(byPsu[0]?.mean[peak]).toBeCloseTo((d[peak] ?? 0) / psu, 12);
    expect(byMeta[0]?.mean[peak]).toBeCloseTo((d[peak] ?? 0) / meta.injectionVolume, 12);
    // Subtraction at the injection peak (in the injected half by construction) and in the other half.
    const ml = Math.floor(peak / (NX * NY));
    const mirror = peak + NX * NY * (113 - 2 * ml);
    const left = meta.z < 5700;
    expect(ml < 57).toBe(left);
    const expected = (d[mirror] ?? 0) === -1 ? NaN : ((d[peak] ?? 0) - (d[mirror] ?? 0)) / psu;
    expect(sub[0]?.mean[peak]).toBeCloseTo(expected, 12);
    expect(sub[0]?.mean[mirror]).toBe(0);
  });

  it.skipIf(skip)('masks: a descendant-only parent (TH) has voxels; left + right = both', () => {
    const [left, right, both] = (['left', 'right', 'both'] as const).map((h) => regionMask(w, 'TH', h));
    const count = (m: Uint8Array | undefined) => (m ?? new Uint8Array()).reduce((t, v) => t + v, 0);
    expect(w.annotation.includes(549)).toBe(false);
    expect(count(both)).toBeGreaterThan(0);
    expect(count(left) + count(right)).toBe(count(both));
    expect(left?.findIndex((v, i) => v === 1 && Math.floor(i / (NX * NY)) >= 57)).toBe(-1);
  });

  it.skipIf(skip)('search agrees with the fake search service (primary only, any injection, products, wild type)', async () => {
    const acronym = info.quirks.acronym;
    const service = (p: string) => rows(fake.url, `service::mouse_connectivity_injection_structure[injection_structures$eq${acronym}]${p}`);
    const all = { regions: [acronym], products: [], line: { kind: 'all' }, primaryOnly: false } as const;
    expect(searchExperiments(w, { ...all, primaryOnly: true })).toEqual(ids(await service('[primary_structure_only$eqtrue]'), 'id'));
    expect(searchExperiments(w, { ...all, primaryOnly: true })).toEqual([...members].sort((a, b) => a - b));
    expect(searchExperiments(w, all)).toEqual(ids(await service(''), 'id'));
    expect(searchExperiments(w, { ...all, products: [5] })).toEqual(ids(await service('[product_ids$eq5]'), 'id'));
    expect(searchExperiments(w, { ...all, line: { kind: 'wild-type' } })).toEqual(ids(await service('[transgenic_lines$eq0]'), 'id'));
  });

  it.skipIf(skip)('AP bins of the quirk structure: every member once, at least two bins, ascending', () => {
    const bins = apBins(w, members, 3);
    expect(bins.length).toBeGreaterThanOrEqual(2);
    expect(bins.flatMap((b) => b.members).sort()).toEqual([...members].sort());
    for (let k = 1; k < bins.length; k++) expect(bins[k]?.lo).toBeGreaterThan(bins[k - 1]?.lo ?? Infinity);
  });

  it.skipIf(skip)('projectome and slice means agree with per-slab target statistics and with hand values', async () => {
    const [g] = await groupMeans(w, [{ label: 'one', ids: [normal] }], { normalization: 'none', subtract: false });
    if (!g) throw new Error('no group');
    const mask = regionMask(w, 'TH', 'both');
    const p = projectome(w, [g.mean], 'TH');
    expect(p.perAp).toHaveLength(p.apLast - p.apFirst + 1);
    const mid = p.perAp[Math.floor(p.perAp.length / 2)];
    const slab = mask.map((v, i) => (v === 1 && i % NX === mid?.apIndex ? 1 : 0));
    const stats = targetStats(g.mean, slab);
    expect(mid?.mean[0]).toBe(stats.mean);
    expect(mid?.max[0]).toBe(stats.max);
    expect(mid?.apUm).toBe((mid?.apIndex ?? 0) * 100);
    expect(p.ceiling).toBeGreaterThan(0);
    // Constant volumes: 'both' gives the constant; fold-sum adds the mirror, NaN terms dropped.
    const ones = new Float64Array(VOXELS).fill(1);
    const leftOnly = ones.map((_, i) => (Math.floor(i / (NX * NY)) < 57 ? 1 : NaN));
    const chunks = sliceRegionMeans(w, [ones, leftOnly], 'TH', { chunks: 3, hemisphere: 'fold-sum' });
    expect(chunks.map((c) => c.mean)).toEqual([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    expect(chunks[0]?.startUm).toBe(p.apFirst * 100);
    expect(chunks[2]?.endUm).toBe((p.apLast + 1) * 100);
    const perSlab = sliceRegionMeans(w, [g.mean], 'TH', { chunks: p.apLast - p.apFirst + 1, hemisphere: 'both' });
    perSlab.forEach((c, k) => {
      const s = targetStats(
        g.mean,
        mask.map((v, i) => (v === 1 && i % NX === p.apFirst + k ? 1 : 0)),
      );
      if (Number.isNaN(s.mean)) expect(c.mean[0]).toBeNaN();
      else expect(c.mean[0]).toBeCloseTo(s.mean, 12);
    });
  });
});
