import { expect, test, type Page } from '@playwright/test';
import { checkFigureExports, svgFigureOnly, svgOfLink } from './export-checks.ts';
import { clearBrowserCache, fake, resultCount, waitReady, csvHeader, csvTableLines } from './helpers.ts';

/** Two structures with a handful of experiments each (distinct, neither under the other). */
async function twoSmallRegions(): Promise<string[]> {
  const world = await fake.world();
  const picks = world.structuresWithExperiments
    .filter((s) => s.count >= 2 && s.count <= 6 && s.hasVoxels)
    .sort((a, b) => a.acronym.localeCompare(b.acronym))
    .slice(0, 2)
    .map((s) => s.acronym);
  if (picks.length < 2) throw new Error('the fake world has no two small regions');
  return picks;
}

function figureReady(page: Page) {
  return expect(page.getByTestId('injections-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('a shared link draws every experiment with coordinates over the brain outline; CSV/SVG/PNG export', async ({ page }, testInfo) => {
  const regions = await twoSmallRegions();
  // How many experiments the query finds, from the experiments view of the same link.
  await page.goto(`/?v=1&r=${regions.join(',')}`);
  await waitReady(page);
  const total = await resultCount(page);
  expect(total).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Injections', exact: true }).click();
  await expect(page).toHaveURL(/view=inj/);
  await figureReady(page);
  const figure = page.getByTestId('injections-figure');
  const excluded = await page.getByTestId('injections-excluded').locator('li').count();
  const points = figure.locator('[data-panel="top"] circle.injection-point');
  await expect(points).toHaveCount(total - excluded);
  await expect(figure.locator('[data-panel="side"] circle.injection-point')).toHaveCount(total - excluded);
  // the brain outline is drawn in both panels
  await expect(figure.locator('[data-panel="top"] path')).toHaveCount(1);
  await expect(figure.locator('[data-panel="side"] path')).toHaveCount(1);
  // one legend colour per query region
  const fills = await points.evaluateAll((cs) => [...new Set(cs.map((c) => c.getAttribute('fill')))]);
  expect(fills.length).toBeLessThanOrEqual(regions.length);
  await expect(figure).toContainText(regions[0] ?? '');
  const tris = Number(await figure.getAttribute('data-outline-triangles'));
  console.log(
    `brain outline: ${tris} triangles, isosurface ${await figure.getAttribute('data-isosurface-ms')} ms, projection ${await figure.getAttribute('data-project-ms')} ms`,
  );
  expect(tris).toBeGreaterThan(1000);
  await expect(figure).toHaveScreenshot('injections-two-regions.png');

  // Tooltip on focus names the experiment.
  const firstId = await points.first().getAttribute('data-experiment-id');
  await points.first().locator('xpath=..').focus();
  await expect(page.getByTestId('injections-tooltip')).toContainText(`Experiment ${firstId}`);

  // every export carries its provenance and a link that reopens this view; the PNG at 2× and 1×
  const files = await checkFigureExports(page, (f) => testInfo.outputPath(f), 'injections', { view: 'inj', r: regions.join(',') });
  expect(csvHeader(files.csv).get('view')).toBe('Injection sites');
  const csv = csvTableLines(files.csv);
  expect(csv[0]).toBe('experiment_id,region,structure,ap_um,dv_um,ml_um,metadata_injection_volume_mm3');
  expect(csv).toHaveLength(1 + total - excluded);
  const ids = csv.slice(1).map((r) => r.split(',')[0]);
  expect(ids).toContain(firstId);
  expect(files.svg).toContain('Injection regions');
  expect(files.svg.match(/<circle [^>]*fill-opacity/g)).toHaveLength(2 * (total - excluded));
  // the SVG is the figure on screen, at its layout size
  const onScreen = figure.locator('svg.injections-svg');
  expect(files.layout).toEqual({ width: Number(await onScreen.getAttribute('width')), height: Number(await onScreen.getAttribute('height')) });
  // the link, opened in another tab, draws the same figure
  expect(await svgOfLink(page, page.url(), 'injections-figure')).toBe(svgFigureOnly(files.svg));
});

test('front view and equal sizing come from the URL; no query shows an empty state', async ({ page }) => {
  const regions = await twoSmallRegions();
  await page.goto(`/?v=1&view=inj&r=${regions[0]}&front=1&sz=eq`);
  await figureReady(page);
  const figure = page.getByTestId('injections-figure');
  await expect(figure.locator('[data-panel="front"]')).toHaveCount(1);
  const radii = await figure.locator('circle.injection-point').evaluateAll((cs) => [...new Set(cs.map((c) => c.getAttribute('r')))]);
  expect(radii).toEqual(['4']);
  await page.getByLabel('Front view (ML × DV)').uncheck();
  await expect(figure.locator('[data-panel="front"]')).toHaveCount(0);
  await expect(page).not.toHaveURL(/front=1/);

  await page.goto('/?v=1&view=inj');
  await expect(page.getByTestId('injections-figure')).toHaveAttribute('data-render-state', 'empty');
  await expect(page.getByTestId('injections-view')).toContainText('press Search');
});

test('when the atlas cannot be downloaded the sites are still drawn, with an error and a working retry', async ({ page }) => {
  const regions = await twoSmallRegions();
  await fake.configure({ failFirst: 1000, status: 503, match: 'annotation_' });
  await page.goto(`/?v=1&view=inj&r=${regions[0]}`);
  const figure = page.getByTestId('injections-figure');
  await expect(figure).toHaveAttribute('data-render-state', 'error', { timeout: 45_000 });
  await expect(figure.locator('[data-panel="top"] circle.injection-point').first()).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('brain outline could not be built');
  await fake.reset();
  await page.getByRole('alert').getByRole('button', { name: 'Retry' }).click();
  await figureReady(page);
  await expect(figure.locator('[data-panel="top"] path')).toHaveCount(1);
});
