import { expect, test, type Page } from '@playwright/test';
import { xmlProblem } from '../src/render/xml-check.ts';
import { checkFigureExports, layoutOf, svgFigureOnly, svgOfLink } from './export-checks.ts';
import { clearBrowserCache, fake, smallRegion, csvTableLines } from './helpers.ts';

function figureReady(page: Page) {
  return expect(page.getByTestId('threshold-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
}

async function significant(page: Page): Promise<number> {
  const text = (await page.getByTestId('threshold-summary').locator('strong').textContent()) ?? '';
  const n = Number.parseInt(text, 10);
  if (!Number.isFinite(n)) throw new Error(`unexpected summary "${text}"`);
  return n;
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('a threshold link marks significant bins; changing the method changes the count; exports', async ({ page }, testInfo) => {
  const region = smallRegion(await fake.world(), 2, 5).acronym;
  await page.goto(`/?v=1&view=thr&r=${region}&t=CP&n=4&px=20&tm=pct&tv=90`);
  await figureReady(page);
  const fig = page.getByTestId('threshold-figure');
  await expect(fig.getByTestId('cell-caption')).toHaveCount(4);
  await expect(fig.getByTestId('cell-caption').first()).toContainText('above threshold');
  const atP90 = await significant(page);
  await expect(page.getByTestId('threshold-summary')).toContainText('region bins are above T');
  expect(atP90).toBeGreaterThan(0);
  await expect(fig).toHaveScreenshot('threshold-p90.png');

  // Percentile 90 → relative 0.5 of the maximum: a different set of bins.
  await page.getByLabel('Threshold method').selectOption('relative');
  await expect(page).toHaveURL(/tm=rel/);
  await figureReady(page);
  await expect.poll(() => significant(page)).not.toBe(atP90);
  const relative = await significant(page);

  // every export (SVG, PNG at 2× and 4×, CSV) carries its provenance and a link that reopens this
  // view, the method changed on screen included
  const files = await checkFigureExports(page, (f) => testInfo.outputPath(f), 'threshold', { view: 'thr', r: region, t: 'CP', n: '4', tm: 'rel' }, [2, 4]);
  const lines = csvTableLines(files.csv);
  expect(lines[0]).toBe('group,slice,slice_ap_um,slab_start_um,slab_end_um,row,col,dv_um,ml_um,value,region_fraction');
  expect(lines.length - 1).toBe(relative);
  expect(xmlProblem(files.svg)).toBeNull();
  expect(files.svg).toContain('above threshold');
  // the SVG is the grid on screen, at its layout size
  expect(files.layout).toEqual(await layoutOf(page, 'threshold-figure'));
  // the link, opened in another tab, draws the same grid
  expect(await svgOfLink(page, page.url(), 'threshold-figure')).toBe(svgFigureOnly(files.svg));

  // The slice grid shares the settings: switching keeps n=4 and reuses the aggregate (the same
  // query result: it reports where the threshold view's aggregate came from, and nothing is fetched).
  const from = await fig.getAttribute('data-aggregate-from');
  expect(from).toMatch(/^(worker|restored|computed)$/);
  await fake.reset();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Slices', exact: true }).click();
  await expect(page.getByTestId('slice-grid-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  await expect(page.getByTestId('slice-column-label')).toHaveCount(4);
  await expect(page).toHaveURL(/view=slices/);
  await expect(page.getByTestId('slice-grid-figure')).toHaveAttribute('data-aggregate-from', from ?? '');
  expect(await fake.requests({ path: '/grid_data/' })).toHaveLength(0);
});

test('an out-of-range threshold is clamped with a notice', async ({ page }) => {
  const region = smallRegion(await fake.world(), 2, 5).acronym;
  await page.goto(`/?v=1&view=thr&r=${region}&t=CP&tm=rel&tv=7`);
  await expect(page.getByText('The relative threshold must be at most 1')).toBeVisible();
  await figureReady(page);
});
