// Issue #11: every number the app exports follows bsv's / AllenSDK's definitions, checked against
// an independent oracle (e2e/oracle: scalar loops over the fake server's served files, sharing no
// code with src/compute or workers). Each test opens a shared link, exports the view's CSV through
// its button, and compares every number with the oracle at relative 1e-4. The fake world carries
// the hard cases: several products, PSU injection volumes ≠ metadata ones, parents present only
// through descendants (TH), a missing, a corrupt-NRRD, a corrupt-everywhere grid and an experiment
// without an injection record inside one query (world.quirks).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { WorldInfo } from './fake-allen/control.ts';
import { FAKE_ALLEN_URL, clearBrowserCache, fake, smallSources } from './helpers.ts';
import {
  apBins,
  assignToRegions,
  groupMeans,
  loadOracleWorld,
  parseAppCsv,
  planGroup,
  projectome,
  grid,
  psuInjectionVolume,
  regionMask,
  searchExperiments,
  sliceRegionMeans,
  subregionStats,
  targetStats,
  type AppCsv,
  type OracleWorld,
} from './oracle/index.ts';

const REL = 1e-4;
let w: OracleWorld;
let world: WorldInfo;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  await fake.reset();
  world = await fake.world();
  w = await loadOracleWorld(FAKE_ALLEN_URL);
});

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

async function ready(page: Page, testId: string): Promise<void> {
  await expect(page.getByTestId(testId)).toHaveAttribute('data-render-state', 'ready', { timeout: 120_000 });
}

/** Clicks an export button (in the view's Export group) and parses the CSV it downloads. */
async function exportCsv(page: Page, button: string): Promise<AppCsv> {
  const bar = page.getByRole('group', { name: 'Export' });
  const [download] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name: button, exact: true }).click()]);
  return parseAppCsv(readFileSync(await download.path(), 'utf8'));
}

/** `actual` (CSV text, '' = no data) equals `expected` (NaN = no data) to relative 1e-4. */
function expectClose(actual: string | undefined, expected: number, what: string): void {
  if (!Number.isFinite(expected)) {
    expect(actual ?? '', `${what}: no data`).toBe('');
    return;
  }
  const a = Number(actual);
  expect(Number.isFinite(a), `${what}: "${actual}" is a number`).toBe(true);
  const tol = Math.max(Math.abs(expected) * REL, 1e-12);
  expect(Math.abs(a - expected), `${what}: app ${a} vs oracle ${expected}`).toBeLessThanOrEqual(tol);
}

const column = (csv: AppCsv, name: string): number => {
  const i = csv.columns.indexOf(name);
  if (i < 0) throw new Error(`CSV has no column ${name}: ${csv.columns.join(',')}`);
  return i;
};

interface GroupLine {
  readonly label: string;
  readonly used: number[];
  readonly excluded: number[];
  readonly rest: string;
}

/** '# group <label>: <n> used: 1 2; <m> excluded: 3 (reason); 4 (reason); <detail>' lines. */
function groupLines(csv: AppCsv): GroupLine[] {
  return csv.comments.flatMap((c) => {
    const m = /^group (.+?): (\d+) used(?:: ([\d ]+))?; (\d+) excluded(.*)$/.exec(c);
    if (!m) return [];
    const used = (m[3] ?? '').trim() === '' ? [] : (m[3] ?? '').trim().split(' ').map(Number);
    const rest = m[5] ?? '';
    const excluded = Number(m[4]) === 0 ? [] : [...rest.matchAll(/(?:^: |; )(\d+) \(/g)].map((x) => Number(x[1]));
    return [{ label: m[1] ?? '', used, excluded, rest }];
  });
}

const sorted = (ids: readonly number[]): number[] => [...ids].sort((a, b) => a - b);

/** The query's experiments per region, as the app assigns them (first region holding the primary structure). */
function regionGroups(regions: readonly string[], products: readonly number[] = []) {
  const ids = searchExperiments(w, { regions, products, line: { kind: 'all' }, primaryOnly: true });
  return assignToRegions(w, regions, ids, true)
    .regions.filter((r) => r.ids.length > 0)
    .map((r) => ({ label: r.region, ids: r.ids }));
}

test('an 8 × 4 matrix (a descendant-only parent among the targets), ÷ PSU injection volume: mean, max and volume', async ({ page }) => {
  const sources = smallSources(world, 8);
  const th = world.descendantOnlyTargets[0]?.acronym;
  expect(th, 'the fake world has a parent with voxels only through its descendants').toBeTruthy();
  const targets = [
    th ?? '',
    ...world.goodTargets
      .map((t) => t.acronym)
      .filter((t) => t !== th && !sources.includes(t))
      .slice(0, 3),
  ];
  expect(sources).toHaveLength(8);
  expect(targets).toHaveLength(4);
  const groups = regionGroups(sources);
  const means = await groupMeans(w, groups, { normalization: 'psu', subtract: false });
  const masks = targets.map((t) => regionMask(w, t, 'both'));

  for (const [metric, key] of [
    ['mean', 'mean'],
    ['max', 'max'],
    ['vol', 'volumeMm3'],
  ] as const) {
    await page.goto(`/?v=1&view=matrix&r=${sources.join(',')}&tg=${targets.join(',')}&norm=inj${metric === 'mean' ? '' : `&mx=${metric}`}`);
    await ready(page, 'matrix-figure');
    const csv = await exportCsv(page, 'CSV');
    expect(csv.header.get('normalisation')).toMatch(/^injection-volume: /);
    const [src, tgt, value, voxels] = ['source', 'target', 'value', 'target_voxels'].map((c) => column(csv, c)) as [number, number, number, number];
    expect(csv.rows).toHaveLength(groups.length * targets.length);
    for (const row of csv.rows) {
      const g = means.findIndex((m) => m.label === row[src]);
      const t = targets.indexOf(row[tgt] ?? '');
      expect(g >= 0 && t >= 0, `row ${row.join(',')} names a known source and target`).toBe(true);
      const stats = targetStats(means[g]?.mean ?? new Float64Array(0), masks[t] ?? new Uint8Array(0));
      expectClose(row[value], stats[key], `${metric} ${row[src]} → ${row[tgt]}`);
      expect(Number(row[voxels]), `${row[tgt]} voxels`).toBe(masks[t]?.reduce((n, v) => n + v, 0));
    }
    // the header names exactly the experiments behind every row
    for (const line of groupLines(csv).filter((l) => !l.label.startsWith('('))) {
      const m = means.find((x) => x.label === line.label);
      expect(sorted(line.used), `${line.label}: experiments used`).toEqual(sorted(m?.used ?? []));
    }
  }
  console.log(
    `matrix 8×4: ${groups.length} sources × ${targets.length} targets (${targets.join(', ')}), ${means.reduce((n, m) => n + m.used.length, 0)} experiments`,
  );
});

test('two source groups with hemisphere subtraction: left, right and both-hemisphere target means', async ({ page }) => {
  const sources = smallSources(world, 4).slice(2, 4);
  const targets = world.goodTargets.map((t) => t.acronym).slice(0, 3);
  const groups = regionGroups(sources);
  expect(groups).toHaveLength(2);
  const means = await groupMeans(w, groups, { normalization: 'none', subtract: true });
  for (const hemisphere of ['left', 'right', 'both'] as const) {
    await page.goto(`/?v=1&view=matrix&r=${sources.join(',')}&tg=${targets.join(',')}&hemi=sub${hemisphere === 'both' ? '' : `&mh=${hemisphere}`}`);
    await ready(page, 'matrix-figure');
    const csv = await exportCsv(page, 'CSV');
    expect(csv.header.get('hemispheres')).toMatch(/^subtract the other hemisphere/);
    const [src, tgt, value] = ['source', 'target', 'value'].map((c) => column(csv, c)) as [number, number, number];
    for (const row of csv.rows) {
      const m = means.find((x) => x.label === row[src]);
      const stats = targetStats(m?.mean ?? new Float64Array(0), regionMask(w, row[tgt] ?? '', hemisphere));
      expectClose(row[value], stats.mean, `${hemisphere}: ${row[src]} → ${row[tgt]}`);
    }
    expect(csv.rows).toHaveLength(groups.length * targets.length);
  }
});

test('AP grouping in 3 bins with a missing, a corrupt and a record-less experiment among the members: bins, members and per-slice region means', async ({
  page,
}) => {
  const q = world.quirks;
  const all = searchExperiments(w, { regions: [q.acronym], products: [], line: { kind: 'all' }, primaryOnly: true });
  for (const id of [...q.missingGrid, ...q.corruptNrrd, ...q.corruptBoth, ...q.noInjectionRecord]) expect(all, `quirk ${id} is in the query`).toContain(id);
  const plan = await planGroup(w, all, 'psu');
  const bins = apBins(w, plan.kept, 3);
  const means = await groupMeans(
    w,
    bins.map((b, k) => ({ label: `bin ${k}`, ids: b.members })),
    { normalization: 'psu', subtract: false },
  );
  // the target where this query's projections are strongest, so the comparison is not of zeros
  const candidates = [...world.goodTargets.map((t) => t.acronym), ...world.descendantOnlyTargets.map((t) => t.acronym)];
  const strength = (t: string): number => {
    const mask = regionMask(w, t, 'both');
    return means.reduce((sum, m) => sum + (Number.isFinite(targetStats(m.mean, mask).mean) ? targetStats(m.mean, mask).mean : 0), 0);
  };
  const target = [...new Set(candidates)].sort((a, b) => strength(b) - strength(a))[0] ?? '';
  const chunks = 4;

  await page.goto(`/?v=1&view=slices&r=${q.acronym}&t=${target}&g=ap&gb=3&n=${chunks}&norm=inj`);
  await ready(page, 'slice-grid-figure');
  const csv = await exportCsv(page, 'Region means CSV');

  // bins: edges, centres, members used, members left out (the missing and corrupt-everywhere grids)
  const lines = groupLines(csv);
  const binLines = lines.filter((l) => !l.label.startsWith('('));
  expect(binLines).toHaveLength(bins.length);
  binLines.forEach((line, k) => {
    const b = bins[k];
    const edges = /AP bin \[([-\d.e]+), ([-\d.e]+)[)\]] µm \(injection coordinate\), centre ([-\d.e]+) µm/.exec(line.rest);
    expect(edges, `bin ${k} states its edges and centre: ${line.rest}`).not.toBeNull();
    expectClose(edges?.[1], b?.lo ?? NaN, `bin ${k} lower edge`);
    expectClose(edges?.[2], b?.hi ?? NaN, `bin ${k} upper edge`);
    expectClose(edges?.[3], b?.centreUm ?? NaN, `bin ${k} centre`);
    expect(sorted([...line.used, ...line.excluded]), `bin ${k} members`).toEqual(sorted(b?.members ?? []));
    expect(sorted(line.used), `bin ${k} used`).toEqual(sorted(means[k]?.used ?? []));
  });
  const usedAll = binLines.flatMap((l) => l.used);
  for (const id of q.corruptNrrd) expect(usedAll, `corrupt NRRD ${id} recovered from the zip route`).toContain(id);
  const failed = binLines.flatMap((l) => l.excluded);
  for (const id of [...q.missingGrid, ...q.corruptBoth]) expect(failed, `${id} left out of the means`).toContain(id);
  const leftOut = lines.find((l) => l.label.startsWith('('));
  for (const id of q.noInjectionRecord) expect(leftOut?.excluded ?? [], `${id} (no injection record) left out before grouping`).toContain(id);
  expect(leftOut?.rest ?? '').toMatch(/no injection record/);

  // per-slice region means of each bin
  const expected = sliceRegionMeans(
    w,
    means.map((m) => m.mean),
    target,
    { chunks, hemisphere: 'fold-sum' },
  );
  const [grp, slice, start, end, mean] = ['group', 'slice', 'slab_start_um', 'slab_end_um', 'region_mean'].map((c) => column(csv, c)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  expect(csv.rows).toHaveLength(chunks * bins.length);
  for (const row of csv.rows) {
    const k = Number(row[slice]) - 1;
    const g = binLines.findIndex((l) => l.label === row[grp]);
    const chunk = expected[k];
    expectClose(row[start], chunk?.startUm ?? NaN, `slice ${k + 1} start`);
    expectClose(row[end], chunk?.endUm ?? NaN, `slice ${k + 1} end`);
    expectClose(row[mean], chunk?.mean[g] ?? NaN, `slice ${k + 1}, ${row[grp]}: region mean`);
  }
  console.log(
    `AP bins of ${q.acronym} into ${target}: ${bins.map((b) => b.members.length).join('/')} members, ${failed.length} failed, ${plan.excluded.length} without an injection record`,
  );
});

test('the projectome CSV: per-AP target mean and max of every source, and the percentile ceiling', async ({ page }) => {
  const good = world.goodTargets.find((t) => t.sources.filter((s) => s.experimentIds.length >= 1 && s.experimentIds.length <= 6).length >= 3);
  expect(good, 'a target with three small upstream sources').toBeDefined();
  const target = good?.acronym ?? '';
  const sources = (good?.sources ?? [])
    .filter((s) => s.experimentIds.length <= 6)
    .slice(0, 3)
    .map((s) => s.acronym);
  const groups = regionGroups(sources);
  const means = await groupMeans(w, groups, { normalization: 'none', subtract: false });
  const expected = projectome(
    w,
    means.map((m) => m.mean),
    target,
    { percentile: 99 },
  );

  await page.goto(`/?v=1&view=proj&t=${target}&s=${sources.join(',')}`);
  await ready(page, 'projectome-view');
  const csv = await exportCsv(page, 'CSV');
  expectClose(csv.header.get('colour ceiling (density)'), expected.ceiling, 'ceiling in the header');
  const [ap, apUm, src, mean, max, ceiling] = ['ap_index', 'ap_um', 'source', 'target_mean', 'target_max', 'ceiling'].map((c) => column(csv, c)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  expect(csv.rows).toHaveLength((expected.apLast - expected.apFirst + 1) * groups.length);
  for (const row of csv.rows) {
    const slice = expected.perAp.find((s) => s.apIndex === Number(row[ap]));
    const s = groups.findIndex((g) => g.label === row[src]);
    expect(slice, `AP index ${row[ap]} is in the target's extent`).toBeDefined();
    expect(Number(row[apUm])).toBe((slice?.apIndex ?? NaN) * 100);
    expectClose(row[mean], slice?.mean[s] ?? NaN, `AP ${row[apUm]} ${row[src]} mean`);
    expectClose(row[max], slice?.max[s] ?? NaN, `AP ${row[apUm]} ${row[src]} max`);
    expectClose(row[ceiling], expected.ceiling, 'ceiling');
  }
  // the ceiling on screen, to 4 significant digits
  await expect(page.getByTestId('ceiling')).toHaveText(String(Number(expected.ceiling.toPrecision(4))));
});

test('the Products filter: the experiment list, its PSU injection volumes and a matrix follow it', async ({ page }) => {
  // a structure with experiments of several products
  const byStructure = new Map<number, Set<number>>();
  for (const e of w.experiments) byStructure.set(e.structureId, (byStructure.get(e.structureId) ?? new Set()).add(e.productId));
  const region = world.structuresWithExperiments
    .filter((s) => s.hasVoxels && s.count >= 3 && s.count <= 14 && s.acronym !== world.quirks.acronym && (byStructure.get(s.id)?.size ?? 0) >= 2)
    .sort((a, b) => a.acronym.localeCompare(b.acronym))[0];
  expect(region, 'a structure with experiments of two products').toBeDefined();
  const acronym = region?.acronym ?? '';
  const product = Math.min(...(byStructure.get(region?.id ?? 0) ?? []));

  for (const products of [[], [product]]) {
    const expectedIds = searchExperiments(w, { regions: [acronym], products, line: { kind: 'all' }, primaryOnly: true });
    await page.goto(`/?v=1&r=${acronym}${products.length ? `&prod=${products.join(',')}` : ''}`);
    await ready(page, 'experiments-view');
    await expect(page.getByTestId('result-count')).toHaveText(`${expectedIds.length} experiment${expectedIds.length === 1 ? '' : 's'}`);
    // the PSU volumes have arrived when no cell says "…"
    await expect(page.getByTestId('psu-volume').filter({ hasText: '…' })).toHaveCount(0);
    const csv = await exportCsv(page, 'CSV');
    expect(csv.header.get('products')).toBe(products.length ? String(product) : 'every product (no product filter, as bsv)');
    const [id, prod, psu, meta] = ['experiment_id', 'product_id', 'injection_volume_psu_mm3', 'injection_volume_metadata_mm3'].map((c) => column(csv, c)) as [
      number,
      number,
      number,
      number,
    ];
    expect(sorted(csv.rows.map((r) => Number(r[id])))).toEqual(expectedIds);
    for (const row of csv.rows) {
      const e = w.experimentById.get(Number(row[id]));
      expect(Number(row[prod])).toBe(e?.productId);
      const v = await psuInjectionVolume(w, Number(row[id]));
      if (v === null) expect(row[psu]).toBe('none');
      else expectClose(row[psu], v, `PSU injection volume of ${row[id]}`);
      expectClose(row[meta], e?.injectionVolume ?? NaN, `metadata injection volume of ${row[id]}`);
    }
  }
  // numbers follow the filter too: a one-row matrix with and without it
  const target = world.goodTargets[0]?.acronym ?? '';
  for (const products of [[], [product]]) {
    const means = await groupMeans(w, regionGroups([acronym], products), { normalization: 'none', subtract: false });
    await page.goto(`/?v=1&view=matrix&r=${acronym}&tg=${target}${products.length ? `&prod=${product}` : ''}`);
    await ready(page, 'matrix-figure');
    const csv = await exportCsv(page, 'CSV');
    expectClose(
      csv.rows[0]?.[column(csv, 'value')],
      targetStats(means[0]?.mean ?? new Float64Array(0), regionMask(w, target, 'both')).mean,
      `${acronym} → ${target}, products ${products.join(' ') || 'all'}`,
    );
    expect(sorted(groupLines(csv)[0]?.used ?? [])).toEqual(sorted(means[0]?.used ?? []));
  }
});

test('subregions of STR ÷ PSU injection volume: each child’s mean, and the SD across experiments with its N', async ({ page }) => {
  // an injection region projecting into CP (a descendant of STR) with the most experiments of the small ones
  const counts = new Map(world.structuresWithExperiments.map((s) => [s.acronym, s.count]));
  const cp = world.goodTargets.find((t) => t.acronym === 'CP');
  const source =
    (cp?.sources ?? [])
      .map((s) => s.acronym)
      .filter((a) => a !== 'CP' && (counts.get(a) ?? 0) >= 3 && (counts.get(a) ?? 99) <= 6)
      .sort()[0] ?? '';
  expect(source, 'a source of CP with 3–6 experiments').not.toBe('');
  await page.goto(`/?v=1&view=sub&r=${source}&t=STR&norm=inj`);
  await ready(page, 'subregions-figure');
  const csv = await exportCsv(page, 'CSV');

  const ids = searchExperiments(w, { regions: [source], products: [], line: { kind: 'all' }, primaryOnly: true });
  const [mean] = await groupMeans(w, [{ label: source, ids }], { normalization: 'psu', subtract: false });
  const plan = await planGroup(w, ids, 'psu');
  const used = mean?.used ?? [];
  expect(used.length).toBeGreaterThanOrEqual(2);
  // each experiment's grid ÷ its PSU injection volume (−1 = no data stays no data)
  const grids = await Promise.all(
    used.map(async (id) => {
      const d = (await grid(w, id)) ?? new Float32Array(0);
      const divisor = plan.divisors.get(id) ?? NaN;
      return Float64Array.from(d, (v) => (v === -1 || Number.isNaN(v) ? NaN : v / divisor));
    }),
  );
  // the windows the app measured, as its CSV states them ("5 coronal slabs: [a, b) [c, d) … µm")
  const slabs = csv.header.get('slices') ?? '';
  const windows = [...slabs.matchAll(/\[([-\d.e]+), ([-\d.e]+)\)/g)].map((m) => ({ startUm: Number(m[1]), endUm: Number(m[2]) }));
  expect(windows.length, `windows in "${slabs}"`).toBeGreaterThan(0);

  const [acr, bar, cells, sd, n] = ['SubregionAcronym', 'GlobalMeanIntensity', 'TotalVoxelCount', 'SDAcrossExperiments', 'NExperiments'].map((c) =>
    column(csv, c),
  ) as [number, number, number, number, number];
  const children = csv.rows.map((r) => r[acr] ?? '');
  expect(children.length).toBeGreaterThan(1);
  const expected = subregionStats(w, children, windows, mean?.mean ?? new Float64Array(0), grids);
  let spreads = 0;
  csv.rows.forEach((row, k) => {
    const e = expected[k];
    const name = row[acr] ?? '';
    expect(Number(row[cells]), `${name}: cells in the windows`).toBe(e?.cells);
    expectClose(row[bar], e?.bar ?? NaN, `${name}: mean`);
    expectClose(row[sd], e?.sd ?? NaN, `${name}: SD across experiments`);
    expect(Number(row[n]), `${name}: N`).toBe(e?.n);
    if (Number.isFinite(e?.sd ?? NaN) && (e?.sd ?? 0) > 0) spreads++;
  });
  expect(spreads, 'at least one child with a spread to compare').toBeGreaterThan(0);
  console.log(
    `subregions of STR from ${source} (${used.length} experiments ÷ PSU): ${expected.map((e) => `${e.acronym} ${e.bar.toPrecision(3)} ± ${e.sd.toPrecision(3)} (N ${e.n})`).join(', ')}`,
  );
});
