import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { clearBrowserCache, fake, smallSources, csvHeader, csvTableLines } from './helpers.ts';
import { expectCsvProvenance, expectSvgProvenance, pngFacts, renderSvg } from './export-checks.ts';

/** Two injection regions with few experiments (fast downloads) and two targets with voxels. */
async function smallMatrix(): Promise<{ sources: string[]; targets: string[] }> {
  const world = await fake.world();
  const sources = smallSources(world, 2);
  const targets = world.goodTargets.map((t) => t.acronym).slice(0, 2);
  if (sources.length < 2 || targets.length < 2) throw new Error('the fake world has no small matrix');
  return { sources, targets };
}

async function figureReady(page: Page): Promise<void> {
  await expect(page.getByTestId('matrix-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
}

/**
 * The colour bar beside the table spans the grid's body rows (it was 170 px beside a 2-row grid,
 * and grew with a long label): its bar lies within the rows, covers at least `cover` of them, and
 * every label and tick text is no longer than the bar.
 */
async function expectBarBesideGrid(page: Page, cover = 0.95): Promise<void> {
  const grid = await page.getByTestId('matrix-figure').locator('tbody').boundingBox();
  const svg = page.getByTestId('matrix-color-bar');
  const bar = await svg.locator('rect[fill="none"]').boundingBox();
  if (!grid || !bar) throw new Error('no grid or colour bar box');
  console.log(`grid rows ${grid.y.toFixed(1)}–${(grid.y + grid.height).toFixed(1)} px, colour bar ${bar.y.toFixed(1)}–${(bar.y + bar.height).toFixed(1)} px`);
  expect(bar.y).toBeGreaterThanOrEqual(grid.y - 1);
  expect(bar.y + bar.height).toBeLessThanOrEqual(grid.y + grid.height + 1);
  expect(bar.height).toBeGreaterThanOrEqual(cover * grid.height);
  // its ticks and its label (level, wrapped) stay beside the rows: half a tick label may poke out
  const spans = await svg.locator('text').evaluateAll((ts) => ts.map((t) => [t.getBoundingClientRect().top, t.getBoundingClientRect().bottom]));
  expect(Math.min(...spans.map((s) => s[0] ?? 0))).toBeGreaterThanOrEqual(grid.y - 8);
  expect(Math.max(...spans.map((s) => s[1] ?? 0))).toBeLessThanOrEqual(grid.y + grid.height + 8);
}

/** The colour bar's texts, one line each, joined with spaces (its label wraps between words). */
const colourBarText = (page: Page) =>
  page
    .getByTestId('matrix-color-bar')
    .locator('text')
    .allTextContents()
    .then((ts) => ts.join(' '));

async function columnValues(page: Page, col: number): Promise<number[]> {
  const cells = page
    .getByTestId('matrix-figure')
    .locator('tbody tr')
    .locator(`td:nth-of-type(${col + 1}) button`);
  return (await cells.allTextContents()).map((t) => (t === 'n/a' ? Number.NaN : Number(t)));
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('a matrix link draws sources × targets; sorting, CSV export and a cell opening the slice grid', async ({ page }, testInfo) => {
  const { sources, targets } = await smallMatrix();
  await page.goto(`/?v=1&view=matrix&r=${sources.join(',')}&tg=${targets.join(',')}`);
  await figureReady(page);
  const figure = page.getByTestId('matrix-figure');
  const ms = await figure.getAttribute('data-compute-ms');
  testInfo.annotations.push({ type: 'connectivityMatrix ms', description: ms ?? '' });
  console.log(`connectivityMatrix worker calls: ${ms} ms (${sources.length} × ${targets.length})`);

  await expect(figure.locator('tbody tr')).toHaveCount(sources.length);
  await expect(figure.locator('thead th[scope="col"] button')).toHaveText(targets);
  const values = [...(await columnValues(page, 0)), ...(await columnValues(page, 1))];
  expect(values.some((v) => v > 0)).toBe(true);
  await expectBarBesideGrid(page);
  await expect(figure).toHaveScreenshot('matrix-two-by-two.png');
  // the longest label (÷ row max then ÷ column max) wraps to the bar instead of growing it
  await page.getByLabel('Row / column normalisation').selectOption('both');
  await expect(page).toHaveURL(/mn=both/);
  await figureReady(page);
  await expect.poll(() => colourBarText(page)).toContain('Mean projection density, ÷ row max then ÷ column max');
  await expectBarBesideGrid(page);
  await figure.screenshot({ path: testInfo.outputPath('matrix-two-by-two-both.png') });
  await page.getByLabel('Row / column normalisation').selectOption('none');
  await expect(page).not.toHaveURL(/mn=both/);
  await figureReady(page);

  // Sort the rows by the first target, largest first (header button, then keyboard Enter).
  const head = figure.getByRole('button', { name: targets[0] ?? '', exact: true });
  await head.click();
  await expect(page).toHaveURL(new RegExp(`sr=-${targets[0] ?? ''}`));
  await expect(figure.locator('thead th[aria-sort="descending"]')).toHaveCount(1);
  const sorted = await columnValues(page, 0);
  expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
  await head.focus();
  await head.press('Enter');
  await expect(figure.locator('thead th[aria-sort="ascending"]')).toHaveCount(1);
  // the address bar follows (URL writes are throttled): the exports below name this URL
  await expect(page).toHaveURL(new RegExp(`sr=${targets[0] ?? ''}(&|$)`));
  const asc = await columnValues(page, 0);
  expect(asc).toEqual([...asc].sort((a, b) => a - b));

  // CSV of the matrix: one row per cell, in display order, after the provenance block.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'CSV' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  const url = page.url();
  expectCsvProvenance(text, url);
  expect(csvHeader(text).get('metric (bsv metric)')).toBe('mean');
  const csv = csvTableLines(text);
  expect(csv[0]).toBe('source,target,target_hemisphere,metric,value,drawn_value,target_voxels,experiments_used');
  expect(csv).toHaveLength(1 + sources.length * targets.length);
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'SVG' }).click(),
  ]);
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('Mean projection density');
  expectSvgProvenance(svg, url);
  // opened as a file: no text leaves the figure (the title and the colour-bar label were clipped)
  const drawn = await renderSvg(page, svg);
  expect(drawn.clipped).toEqual([]);
  testInfo.attachments.push({ name: 'matrix.svg.png', contentType: 'image/png', body: drawn.png });
  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'PNG' }).click(),
  ]);
  const png = readFileSync(await pngDownload.path());
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  // the PNG carries the same provenance as the SVG (text chunks), at the chosen scale's dpi
  const facts = pngFacts(png);
  expect(facts.text.get('Source')).toBe(url);
  expect(facts.text.get('Software')).toMatch(/^Brain Street View for the browser \d+\.\d+\.\d+/);
  expect(facts.text.get('Comment')).toContain('ccf2017-mcc2019');
  expect(facts.dpi).toEqual({ x: 192, y: 192 });

  // A cell opens the slice grid for its pair: the query becomes the source, the target is shared.
  const firstRow = (await figure.locator('tbody tr').first().locator('th button').textContent())?.replace(/[▲▼\s]/g, '') ?? '';
  await figure.locator('tbody tr').first().locator('td button').first().click();
  await expect(page).toHaveURL(/view=slices/);
  const slicesUrl = new URL(page.url());
  expect(slicesUrl.searchParams.get('r')).toBe(firstRow);
  expect(slicesUrl.searchParams.get('t')).toBe(targets[0]);
  await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Slices' })).toHaveAttribute('aria-current', 'page');
  // The click was one history entry: Back returns to the matrix with its query.
  await page.goBack();
  await expect(page).toHaveURL(/view=matrix/);
  expect(new URL(page.url()).searchParams.get('r')).toBe(sources.join(','));
  await expect(figure).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
});

test('the projectome link of a cell, and empty states', async ({ page }) => {
  const { sources, targets } = await smallMatrix();
  await page.goto('/?v=1&view=matrix');
  await expect(page.getByTestId('matrix-figure')).toHaveAttribute('data-render-state', 'empty');
  await expect(page.getByTestId('matrix-view')).toContainText('Search for one or more injection regions');

  await page.goto(`/?v=1&view=matrix&r=${sources[0] ?? ''}&tg=${targets[0] ?? ''},NOTAREGION`);
  await figureReady(page);
  await expect(page.getByTestId('matrix-dropped-targets')).toContainText('NOTAREGION (not in the ontology)');
  // one row: the shortest readable bar, ending at the row and rising into the header, inside the table
  const table = await page.getByTestId('matrix-figure').locator('table').boundingBox();
  const row = await page.getByTestId('matrix-figure').locator('tbody').boundingBox();
  const bar = await page.getByTestId('matrix-color-bar').locator('rect[fill="none"]').boundingBox();
  if (!table || !row || !bar) throw new Error('no table, row or colour bar box');
  expect(bar.y).toBeGreaterThanOrEqual(table.y - 1);
  const tops = await page
    .getByTestId('matrix-color-bar')
    .locator('text')
    .evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().top));
  expect(Math.min(...tops)).toBeGreaterThanOrEqual(table.y - 1);
  expect(Math.abs(bar.y + bar.height - (row.y + row.height))).toBeLessThanOrEqual(1.5);
  expect(bar.height).toBeGreaterThan(row.height);
  await page.getByTestId('matrix-figure').screenshot({ path: test.info().outputPath('matrix-one-row.png') });
  await page.getByTestId('matrix-figure').locator('td button').first().focus();
  await page.getByRole('button', { name: 'Open in projectome' }).click();
  await expect(page).toHaveURL(/view=proj/);
  const url = new URL(page.url());
  expect(url.searchParams.get('t')).toBe(targets[0]);
  expect(url.searchParams.get('s')).toBe(sources[0]);
});

test('without targets the columns are the major brain divisions (several mask batches)', async ({ page }, testInfo) => {
  const { sources } = await smallMatrix();
  await page.goto(`/?v=1&view=matrix&r=${sources.join(',')}`);
  await figureReady(page);
  const figure = page.getByTestId('matrix-figure');
  const heads = await figure.locator('thead th[scope="col"] button').allTextContents();
  const dropped =
    (await page.getByTestId('matrix-dropped-targets').count()) > 0 ? ((await page.getByTestId('matrix-dropped-targets').textContent()) ?? '') : '';
  // Every default division is either a column or reported as left out.
  for (const t of ['Isocortex', 'OLF', 'HPF', 'CTXsp', 'STR', 'PAL', 'TH', 'HY', 'MB', 'P', 'MY', 'CB'])
    expect(heads.includes(t) || dropped.includes(`${t} (`)).toBe(true);
  expect(heads.length).toBeGreaterThan(8);
  const ms = await figure.getAttribute('data-compute-ms');
  testInfo.annotations.push({ type: 'connectivityMatrix ms (default targets)', description: ms ?? '' });
  console.log(`connectivityMatrix worker calls: ${ms} ms (${sources.length} × ${heads.length}, default targets)`);
  await page.getByLabel('Row / column normalisation').selectOption('row');
  await expect(page).toHaveURL(/mn=row/);
  await expect(figure).toHaveAttribute('data-render-state', 'ready');
  await expect.poll(() => colourBarText(page)).toContain('Mean projection density, ÷ row max');
  await expectBarBesideGrid(page);
});
