// The three searches beside the source search: Target Search, Spatial Search (typed point, a voxel
// picked in the projectome or a slice panel, and the cached grids) and Injection Coordinate
// Search — against the fake Allen server, each also with its service failing. Expected numbers
// come from the fake's summaries and served files (decoded by the independent oracle).
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { decodeNrrd, parseAppCsv } from './oracle/index.ts';
import { clearBrowserCache, downloadSettled, fake, FAKE_ALLEN_URL, smallRegion, waitReady } from './helpers.ts';

const ready = (page: Page, testId: string, timeout = 30_000) => expect(page.getByTestId(testId)).toHaveAttribute('data-render-state', 'ready', { timeout });
const column = (table: Locator, testId: string) => table.getByTestId(testId).allTextContents();
const rowIds = async (table: Locator): Promise<number[]> =>
  await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-experiment-id'))));

async function downloadCsv(page: Page, scope: Locator): Promise<{ file: string; text: string }> {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    scope.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'CSV', exact: true }).click(),
  ]);
  const path = await dl.path();
  return { file: dl.suggestedFilename(), text: path ? await readFile(path, 'utf8') : '' };
}

/** ApiConnectivity row of one experiment, from the fake. */
async function metadata(id: number): Promise<{ injection_x: number; injection_y: number; injection_z: number }> {
  const url = `${FAKE_ALLEN_URL}/api/v2/data/query.json?criteria=${encodeURIComponent(`model::ApiConnectivity,rma::criteria,[data_set_id$eq${id}]`)}`;
  const env = (await (await fetch(url)).json()) as { msg: Array<{ injection_x: number; injection_y: number; injection_z: number }> };
  const row = env.msg[0];
  if (!row) throw new Error(`no ApiConnectivity row for ${id}`);
  return row;
}

/** The served projection_density grid of an experiment (NRRD route, oracle decoder). */
async function servedGrid(id: number): Promise<Float32Array> {
  const res = await fetch(`${FAKE_ALLEN_URL}/grid_data/download_file/${id}?image=projection_density&resolution=100`);
  const v = decodeNrrd(new Uint8Array(await res.arrayBuffer()));
  return v.data as Float32Array;
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('target search: ranked by projection volume in the target as the fake defines it, source filter, add to query, CSV', async ({ page }) => {
  const expected = (await fake.upstream('CP', 0)).experiments
    .slice()
    .sort((a, b) => b.projectionVolumeMm3 - a.projectionVolumeMm3 || a.experimentId - b.experimentId);
  await page.goto('/?v=1&search=target&tgt=CP');
  await ready(page, 'target-search');
  const panel = page.getByTestId('target-search');
  const table = panel.getByTestId('target-search-table');
  await expect(panel.getByTestId('result-count')).toHaveText(new RegExp(`^${expected.length} experiments with signal in CP`));
  await expect(panel.getByTestId('fallback-note')).toHaveCount(0);
  const ids = await rowIds(table);
  expect(ids.slice(0, 10)).toEqual(expected.slice(0, 10).map((e) => e.experimentId));
  const volumes = (await column(table, 'target-volume')).slice(0, 10).map(Number);
  volumes.forEach((v, i) => expect(v).toBeCloseTo(expected[i]?.projectionVolumeMm3 ?? NaN, 3));
  await expect(table.locator('tbody tr a').first()).toHaveAttribute(
    'href',
    `https://connectivity.brain-map.org/projection/experiment/${expected[0]?.experimentId}`,
  );

  // CSV: provenance block, then every row with the exact volume.
  const csv = await downloadCsv(page, panel);
  expect(csv.file).toBe('target-search-CP.csv');
  const doc = parseAppCsv(csv.text);
  expect(doc.header.get('view')).toContain('Target search');
  expect(doc.header.get('targets')).toContain('CP');
  expect(doc.header.get('sources (bsv target_regions + regions)')).toBe('every injection');
  expect(doc.header.get('answered by')).toBe('service::mouse_connectivity_injection_structure with target_domain');
  expect(doc.header.get('url')).toContain('search=target&tgt=CP');
  expect(doc.columns).toContain('projection_volume_in_target_mm3');
  expect(doc.rows).toHaveLength(expected.length);
  const col = (name: string) => doc.columns.indexOf(name);
  doc.rows.slice(0, 20).forEach((r, i) => {
    expect(Number(r[col('experiment_id')])).toBe(expected[i]?.experimentId);
    expect(Number(r[col('projection_volume_in_target_mm3')])).toBeCloseTo(expected[i]?.projectionVolumeMm3 ?? NaN, 9);
  });
  await expect(table.locator('tbody tr').first()).toContainText('Mouse Connectivity');
  await expect(panel).toHaveScreenshot('target-search.png', { mask: [page.getByTestId('url-notices')] });

  // A row's injection structure joins the query: the target search keeps only experiments injected there (bsv's intersection).
  const source = expected[0]?.structureId ?? 0;
  const sourceRow = table.locator('tbody tr').first();
  const acronym = ((await sourceRow.getByRole('cell').nth(2).textContent()) ?? '').trim();
  await sourceRow.getByRole('button', { name: new RegExp(`^Add ${acronym.replace(/[-/]/g, '.')} `) }).click();
  await expect(page).toHaveURL(new RegExp(`r=${acronym.replace(/[-/]/g, '.')}`));
  await ready(page, 'target-search');
  await expect(panel.getByTestId('target-sources')).toContainText(`only experiments injected in ${acronym}`);
  const narrowed = expected.filter((e) => e.structureId === source).length;
  expect(Number.parseInt((await panel.getByTestId('result-count').textContent()) ?? '', 10)).toBeGreaterThanOrEqual(narrowed);
  await expect(table.locator('tbody tr').first().getByRole('button')).toHaveText('in query');
});

test('target search with the service failing: the ProjectionStructureUnionize fallback gives the same ranking; both failing say what still works', async ({
  page,
}) => {
  const expected = (await fake.upstream('CP', 0)).experiments
    .slice()
    .sort((a, b) => b.projectionVolumeMm3 - a.projectionVolumeMm3 || a.experimentId - b.experimentId);
  await fake.configure({ successFalseRate: 1, match: 'target_domain' });
  await page.goto('/?v=1&search=target&tgt=CP');
  await ready(page, 'target-search');
  const panel = page.getByTestId('target-search');
  await expect(panel.getByTestId('fallback-note')).toBeVisible();
  expect((await rowIds(panel.getByTestId('target-search-table'))).slice(0, 10)).toEqual(expected.slice(0, 10).map((e) => e.experimentId));
  const failed = await fake.requests({ path: 'target_domain', fault: 'success-false' });
  expect(failed.length).toBe(4);

  await fake.configure({ successFalseRate: 0, match: null, failAlways: ['target_domain', 'ProjectionStructureUnionize'] });
  await page.goto('/?v=1&search=target&tgt=TH');
  await expect(panel).toHaveAttribute('data-render-state', 'error', { timeout: 30_000 });
  await expect(panel.getByRole('alert')).toContainText('The target search failed.');
  await expect(panel.getByRole('alert')).toContainText('ProjectionStructureUnionize fallback');
  await expect(panel.getByRole('alert')).toContainText('still work');
});

test('spatial search at a voxel: the cached grids list at once what the served grids say, and Allen agrees; with the service failing the cached list still works', async ({
  page,
}) => {
  const world = await fake.world();
  const region = smallRegion(world, 2, 4);
  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
  await waitReady(page);
  const ids = await rowIds(page.getByTestId('experiments-table'));
  await page.getByTestId('download-button').click();
  await downloadSettled(page);

  // The seed: the densest voxel of the first experiment's served grid.
  const grids = new Map<number, Float32Array>();
  for (const id of ids) grids.set(id, await servedGrid(id));
  const g0 = grids.get(ids[0] ?? 0) ?? new Float32Array();
  let at = 0;
  g0.forEach((v, i) => {
    if (v > (g0[at] ?? 0)) at = i;
  });
  const seed = [at % 132, Math.floor(at / 132) % 80, Math.floor(at / (132 * 80))].map((k) => k * 100 + 50);
  const expected = ids
    .map((id) => ({ id, d: grids.get(id)?.[at] ?? 0 }))
    .filter((x) => x.d >= 0.1)
    .sort((a, b) => b.d - a.d || a.id - b.id);
  expect(expected.length).toBeGreaterThan(0);

  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}&search=spatial&seed=${seed.join(',')}`);
  await ready(page, 'spatial-search');
  const panel = page.getByTestId('spatial-search');
  await expect(panel.getByTestId('cached-share')).toContainText(`${expected.length} of the ${ids.length} grids cached here`);
  await expect(panel.getByTestId('cached-share')).toContainText(`the cache holds ${ids.length} of ${world.experimentCount.toLocaleString('en')} experiments`);
  const cachedTable = panel.getByTestId('spatial-cached-table');
  expect(await rowIds(cachedTable)).toEqual(expected.map((x) => x.id));
  expect((await column(cachedTable, 'cached-density')).map(Number)).toEqual(expected.map((x) => Number(x.d.toPrecision(4))));
  // Allen's list (the fake: density ≥ 0.1 at the seed voxel) holds every cached hit, with the same density.
  const serviceTable = panel.getByTestId('spatial-service-table');
  const serviceIds = await rowIds(serviceTable);
  const serviceDensity = (await column(serviceTable, 'service-density')).map(Number);
  for (const x of expected) expect(serviceDensity[serviceIds.indexOf(x.id)]).toBe(Number(x.d.toPrecision(4)));
  await expect(cachedTable.locator('tbody tr td:nth-child(5)')).toHaveText(expected.map(() => 'yes'));
  const doc = parseAppCsv((await downloadCsv(page, panel)).text);
  expect(doc.header.get('seed point (CCF µm AP, DV, ML)')).toBe(seed.join(', '));
  expect(doc.header.get('cached grids')).toBe(`${ids.length} density grids cached in this browser`);
  const byId = new Map(doc.rows.map((r) => [Number(r[doc.columns.indexOf('experiment_id')]), r]));
  for (const x of expected) {
    expect(Number(byId.get(x.id)?.[doc.columns.indexOf('density_at_seed_cached_grid')])).toBe(x.d);
    expect(Number(byId.get(x.id)?.[doc.columns.indexOf('density_at_seed_allen')])).toBe(x.d);
    expect(byId.get(x.id)?.[doc.columns.indexOf('listed_by_allen')]).toBe('yes');
  }
  await expect(serviceTable.locator('tbody tr').first()).toContainText('Mouse Connectivity');
  await expect(panel).toHaveScreenshot('spatial-search.png');

  // Allen's service down: the cached list still answers, and the message says so.
  await fake.configure({ failAlways: ['mouse_connectivity_target_spatial'] });
  await page.goto(`/?v=1&search=spatial&seed=${seed.map((v) => v + 10).join(',')}`);
  await ready(page, 'spatial-search');
  await expect(panel.getByRole('alert')).toContainText("Allen's spatial search service failed.");
  await expect(panel.getByRole('alert')).toContainText('from the grids cached in this browser, still works');
  expect(await rowIds(panel.getByTestId('spatial-cached-table'))).toEqual(expected.map((x) => x.id));
});

test('a voxel picked in the projectome (click, or Enter on the focused section) opens the spatial search there; Back returns', async ({ page }) => {
  const up = await fake.upstream('SCs');
  const world = await fake.world();
  const counts = new Map(world.structuresWithExperiments.map((s) => [s.acronym, s.count]));
  const sources = up.sources
    .map((s) => s.acronym)
    .filter((a) => a !== 'SCs' && (counts.get(a) ?? 99) <= 8)
    .slice(0, 2);
  const link = `/?v=1&view=proj&t=SCs&s=${sources.join(',')}`;
  await page.goto(link);
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  const ap = Number(((await page.getByTestId('ap-label').textContent()) ?? '').match(/\d+/)?.[0]);
  const canvas = page.getByTestId('projectome-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  // The hover readout names the voxel under the pointer; the click searches that voxel.
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.25);
  const readout = (await page.getByTestId('hover-readout').textContent()) ?? '';
  const [, dv, ml] = /DV (\d+) · ML (\d+)/.exec(readout) ?? [];
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.25);
  const snap = (v: string | undefined): number => Math.floor(Number(v) / 100) * 100 + 50;
  await expect(page).toHaveURL(new RegExp(`search=spatial&seed=${ap + 50},${snap(dv)},${snap(ml)}$`));
  await ready(page, 'spatial-search');
  await expect(page.getByTestId('cached-share')).toContainText(/of the \d+ grids cached here/);
  await expect(page.getByTestId('spatial-voxel')).toContainText(`Voxel AP ${ap}–${ap + 100}`);

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`view=proj&t=SCs&s=${sources.join(',')}`));
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  const picker = page.getByTestId('projectome-view').getByTestId('voxel-picker');
  await picker.focus();
  await expect(picker.getByTestId('voxel-mark')).toBeVisible();
  await picker.press('ArrowLeft');
  await picker.press('Enter');
  await expect(page).toHaveURL(new RegExp(`search=spatial&seed=${ap + 50},\\d+,\\d+$`));
  await ready(page, 'spatial-search');
});

test('a voxel picked in a slice panel searches at that slice (click and keyboard)', async ({ page }) => {
  const world = await fake.world();
  const region = smallRegion(world, 2, 5);
  await page.goto(`/?v=1&view=slices&r=${encodeURIComponent(region.acronym)}&t=CP&n=4&px=20`);
  const fig = page.getByTestId('slice-grid-figure');
  await expect(fig).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  const label = (await fig.getByTestId('slice-column-label').nth(1).textContent()) ?? '';
  const position = Number(/AP (\d+)/.exec(label)?.[1]);
  const box = await fig.locator('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  // A pixel inside the second panel: move along its middle until the readout names that slice.
  const slice = `AP ${position} µm slice`;
  let clicked = false;
  for (let x = box.x + box.width * 0.2; x < box.x + box.width * 0.7 && !clicked; x += 6) {
    await page.mouse.move(x, box.y + box.height * 0.45);
    if (((await page.getByTestId('grid-hover').textContent()) ?? '').includes(slice)) {
      await page.mouse.click(x, box.y + box.height * 0.45);
      clicked = true;
    }
  }
  expect(clicked).toBe(true);
  await expect(page).toHaveURL(new RegExp(`search=spatial&seed=${Math.floor(position / 100) * 100 + 50},\\d+,\\d+$`));
  await ready(page, 'spatial-search');
  await page.goBack();
  await expect(fig).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  const picker = fig.getByTestId('voxel-picker');
  await picker.focus();
  await picker.press('Enter');
  await expect(page).toHaveURL(/search=spatial&seed=\d+,\d+,\d+$/);
  await ready(page, 'spatial-search');
});

test('injection coordinate search: nearest first with the Euclidean distance; the fallback when the service fails; bad links give notices', async ({
  page,
}) => {
  const world = await fake.world();
  const region = smallRegion(world, 2, 5);
  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
  await waitReady(page);
  const anchor = (await rowIds(page.getByTestId('experiments-table')))[0] ?? 0;
  const m = await metadata(anchor);
  const seed = [m.injection_x + 120, m.injection_y - 80, m.injection_z + 40];
  await page.goto(`/?v=1&search=coordinate&seed=${seed.join(',')}&dmax=1500`);
  await ready(page, 'coordinate-search');
  const panel = page.getByTestId('coordinate-search');
  const table = panel.getByTestId('coordinate-search-table');
  const ids = await rowIds(table);
  expect(ids).toContain(anchor);
  const distances = (await column(table, 'distance')).map(Number);
  expect([...distances].sort((a, b) => a - b)).toEqual(distances);
  expect(distances.every((d) => d <= 1500)).toBe(true);
  for (const [i, id] of ids.slice(0, 4).entries()) {
    const r = await metadata(id);
    expect(distances[i]).toBe(Math.round(Math.hypot(r.injection_x - (seed[0] ?? 0), r.injection_y - (seed[1] ?? 0), r.injection_z - (seed[2] ?? 0))));
  }
  await expect(panel.getByTestId('result-count')).toContainText(`within 1500 µm of AP ${seed[0]}, DV ${seed[1]}, ML ${seed[2]} µm (CCF)`);
  const doc = parseAppCsv((await downloadCsv(page, panel)).text);
  expect(doc.header.get('answered by')).toBe('service::mouse_connectivity_injection_coordinate');
  expect(doc.rows.map((r) => Number(r[doc.columns.indexOf('experiment_id')]))).toEqual(ids);
  expect(Math.round(Number(doc.rows[0]?.[doc.columns.indexOf('distance_um')]))).toBe(distances[0]);
  await expect(table.locator('tbody tr').first()).toContainText('Mouse Connectivity');
  await expect(panel).toHaveScreenshot('coordinate-search.png');

  // A narrower distance reaches the URL; the service down → the experiment list's coordinates.
  await panel.getByLabel('within (µm)').fill('600');
  await expect(page).toHaveURL(/dmax=600/);
  await fake.configure({ failAlways: ['mouse_connectivity_injection_coordinate'] });
  await page.goto(`/?v=1&search=coordinate&seed=${seed.join(',')}&dmax=1500`);
  await ready(page, 'coordinate-search');
  await expect(panel.getByTestId('fallback-note')).toBeVisible();
  expect(await rowIds(table)).toEqual(ids);

  // A bad link: the notices say what was dropped; the search by injection region is shown.
  await page.goto('/?v=1&search=retrograde&seed=1,2');
  await waitReady(page);
  await expect(page.getByTestId('url-notices')).toContainText('Unknown search "retrograde"');
  await expect(page.getByTestId('url-notices')).toContainText('Ignored the point "1,2"');
  await expect(page.getByRole('tab', { name: 'Injection region' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Injection region' }).press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Target' })).toBeFocused();
  await expect(page).toHaveURL(/search=target/);
});
