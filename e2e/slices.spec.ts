import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { xmlProblem } from '../src/render/xml-check.ts';
import { exportFile, expectCsvProvenance, expectPngExport, expectSvgProvenance, pngFacts, setExportScale } from './export-checks.ts';
import { canvasStats, clearBrowserCache, fake, loseWebGl, smallRegion, csvTableLines } from './helpers.ts';

/** Two small query regions (few experiments each) and a target every fake brain has. */
async function smallQuery(): Promise<{ regions: string[]; target: string }> {
  const world = await fake.world();
  const first = smallRegion(world, 2, 5);
  const second = world.structuresWithExperiments
    .filter((s) => s.count >= 2 && s.count <= 5 && s.hasVoxels && s.acronym !== first.acronym)
    .sort((a, b) => a.acronym.localeCompare(b.acronym))[0];
  return { regions: second ? [first.acronym, second.acronym] : [first.acronym], target: 'CP' };
}

function figureReady(page: Page, testId = 'slice-grid-figure') {
  return expect(page.getByTestId(testId)).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
}

async function download(page: Page, name: string): Promise<{ file: string; text: string }> {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export' }).getByRole('button', { name, exact: true }).click(),
  ]);
  const path = await dl.path();
  return { file: dl.suggestedFilename(), text: path ? await readFile(path, name === 'PNG' ? 'latin1' : 'utf8') : '' };
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('a slice grid link draws rows × slices; plane and colormap changes redraw and reach the URL; exports', async ({ page }, testInfo) => {
  const timings: string[] = [];
  page.on('console', (m) => {
    if (m.text().startsWith('computeSlices:')) timings.push(m.text());
  });
  const { regions, target } = await smallQuery();
  await page.goto(`/?v=1&view=slices&r=${regions.join(',')}&t=${target}&n=4&px=20`);
  await figureReady(page);
  const fig = page.getByTestId('slice-grid-figure');
  await expect(fig.getByTestId('slice-row-label')).toHaveCount(regions.length);
  await expect(fig.getByTestId('slice-column-label')).toHaveCount(4);
  await expect(fig.getByTestId('slice-column-label').first()).toContainText('ARA level');
  await expect(fig.getByTestId('slice-row-label').first()).toContainText(regions[0] ?? '');
  await expect(fig.getByTestId('scale-bar')).toContainText('mm');
  await expect(fig.getByTestId('color-bar-label')).toContainText('density');
  await expect(fig).toHaveScreenshot('slice-grid-coronal.png');
  console.log(timings.join('\n'));

  // Hover readout over the middle of the second panel of the first row.
  const label = await fig.getByTestId('slice-column-label').nth(1).boundingBox();
  if (!label) throw new Error('no column label');
  const hoverAt = { x: label.x + label.width / 2, y: label.y + label.height + 80 };
  await page.mouse.move(hoverAt.x, hoverAt.y);
  await expect(page.getByTestId('grid-hover')).toContainText('µm (CCF)');
  const coronalReadout = await page.getByTestId('grid-hover').textContent();

  // Plane → sagittal: new slices, URL changes.
  await page.getByLabel('Plane').selectOption('sagittal');
  await expect(page).toHaveURL(/pl=sag/);
  await figureReady(page);
  await expect(fig.getByTestId('slice-column-label').first()).toContainText('ML');
  // The readout under the still pointer describes the new figure: as a fresh hover there says.
  const kept = await page.getByTestId('grid-hover').textContent();
  expect(kept).not.toBe(coronalReadout);
  await page.mouse.move(hoverAt.x, hoverAt.y + 30);
  await page.mouse.move(hoverAt.x, hoverAt.y);
  await expect(page.getByTestId('grid-hover')).toHaveText(kept ?? '');
  // Colormap → viridis.
  await page.getByLabel('Colormap').selectOption('viridis');
  await expect(page).toHaveURL(/cm=viridis/);
  await figureReady(page);

  const csv = await download(page, 'CSV');
  expect(csv.file).toBe(`slices-${target}-sagittal.csv`);
  const lines = csvTableLines(csv.text);
  expect(lines[0]).toBe('group,slice,slice_ml_um,slab_start_um,slab_end_um,row,col,dv_um,ap_um,value,region_fraction');
  // 20 × 20 bins (stretch) per slice and group.
  expect(lines.length - 1).toBe(regions.length * 4 * 20 * 20);
  const svg = await download(page, 'SVG');
  expect(svg.text).toContain('<svg');
  expect(xmlProblem(svg.text)).toBeNull();
  expect(svg.text).toContain(regions[0] ?? '');
  const png = await download(page, 'PNG');
  expect(png.text.slice(1, 4)).toBe('PNG');

  // provenance in every file; the PNG at 1× and 4× is exactly scale × the figure's layout size (the SVG's)
  const url = page.url();
  expectSvgProvenance(svg.text, url);
  expectCsvProvenance(csv.text, url);
  const size = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg.text);
  const layout = { width: Math.round(Number(size?.[1])), height: Math.round(Number(size?.[2])) };
  expect(layout.width).toBeGreaterThan(100);
  expectPngExport(pngFacts(Buffer.from(png.text, 'latin1')), 2, layout, url);
  for (const scale of [1, 4] as const) {
    await setExportScale(page, scale);
    const facts = pngFacts((await exportFile(page, 'PNG', testInfo.outputPath(`slices-${scale}x.png`))).bytes);
    expectPngExport(facts, scale, layout, url);
    console.log(`slice grid PNG at ${scale}×: ${facts.width}×${facts.height} px (layout ${layout.width}×${layout.height} CSS px)`);
  }
});

test('a lost WebGL context comes back with the same figure drawn', async ({ page }) => {
  const { regions, target } = await smallQuery();
  await page.goto(`/?v=1&view=slices&r=${regions.join(',')}&t=${target}&n=4&px=20`);
  await figureReady(page);
  const canvas = page.getByTestId('slice-grid-figure').locator('canvas');
  const before = await canvasStats(canvas);
  expect(before.inked).toBeGreaterThan(0);
  const restore = await loseWebGl(canvas);
  await expect.poll(async () => (await canvasStats(canvas)).hash).not.toBe(before.hash);
  await restore();
  await expect.poll(async () => (await canvasStats(canvas)).hash).toBe(before.hash);
  await figureReady(page);
});

test('hostile slice parameters are clamped with a notice, and the controls say why', async ({ page }) => {
  const { regions, target } = await smallQuery();
  await page.goto(`/?v=1&view=slices&r=${regions[0]}&t=${target}&n=0&px=10000&cs=abc,99999&cl=5,1&sm=-3`);
  await expect(page.getByText('Number of slices must be at least 1')).toBeVisible();
  await expect(page.getByText('Number of pixels must be at most 200')).toBeVisible();
  await figureReady(page);
  await expect(page.getByTestId('slice-column-label')).toHaveCount(1);
  const slices = page.getByLabel('Number of slices');
  await slices.fill('500');
  await expect(page.getByText('Number of slices must be at most 30')).toBeVisible();
  await slices.blur();
  await expect(page).toHaveURL(/n=30/);
});

test('no target or no query gives an empty state, not a crash', async ({ page }) => {
  const { regions } = await smallQuery();
  await page.goto(`/?v=1&view=slices&r=${regions[0]}`);
  await expect(page.getByTestId('slice-grid-figure')).toHaveAttribute('data-render-state', 'empty');
  await expect(page.getByText('Choose a target region')).toBeVisible();
  await page.goto(`/?v=1&view=slices&t=CP`);
  await expect(page.getByTestId('slice-grid-figure')).toHaveAttribute('data-render-state', 'empty');
  await expect(page.getByText('No experiments in the query')).toBeVisible();
});

test('AP-bin rows, custom slices, slice averaging, per-group limits, smoothing and normalize-by-group all apply', async ({ page }) => {
  const { regions, target } = await smallQuery();
  await page.goto(`/?v=1&view=slices&r=${regions.join(',')}&t=${target}&g=ap&gb=2&cs=4000,5000&sa=1&cl=group&sm=1&nbg=1&ro=0&px=12`);
  await figureReady(page);
  const fig = page.getByTestId('slice-grid-figure');
  await expect(fig.getByTestId('slice-row-label')).toHaveCount(2);
  await expect(fig.getByTestId('slice-row-label').first()).toContainText(/^AP \d+ µm \(CCF\)/);
  await expect(fig.getByTestId('slice-column-label')).toHaveText(['AP 4000 µmARA level 41', 'AP 5000 µmARA level 51']);
  await expect(fig.getByTestId('color-bar-label')).toContainText('scaled');
  await expect(fig.getByTestId('color-bar-label')).toContainText('max');
  const csv = await download(page, 'CSV');
  const lines = csvTableLines(csv.text);
  expect(lines.length - 1).toBe(2 * 2 * 12 * 12);
  // slab of ±(1 + 0.5) × 100 µm around each custom slice
  expect(lines[1]?.split(',').slice(2, 5)).toEqual(['4000', '3850', '4150']);
  // the AP bins are named in the header with their edges and centres, and the rows show their edges
  expect(csv.text).toMatch(/# group AP \d+ µm: \d+ used: [\d ]+; 0 excluded; AP bin \[[\d.]+, [\d.]+\) µm \(injection coordinate\), centre [\d.]+ µm/);
  await expect(fig.getByTestId('slice-row-label').first()).toContainText(/bin \d+–\d+ µm/);
  // per-slice region means: one row per slice and group
  const means = await download(page, 'Region means CSV');
  expect(csvTableLines(means.text)).toHaveLength(1 + 2 * 2);
});
