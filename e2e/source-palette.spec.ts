// One source palette (URL `pal`) across the views: the projectome figure, its legend, its export
// and the source table beside it show the same colours; so do the injection sites, the 3D legend
// and the query's region chips. Colours are read from computed styles and checked against the
// palettes' literal values (not the app's constants).
import { expect, test, type Locator } from '@playwright/test';
import { exportFile } from './export-checks.ts';
import { clearBrowserCache, fake, FAKE_ALLEN_URL } from './helpers.ts';
import { canvasPixels, canvasReady, freshPixels, pixelDiff, projUrl, smallProjectome } from './projectome-helpers.ts';

const OKABE_ITO = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#f0e442'];
const TAB10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** '#rrggbb' → the computed-style spelling 'rgb(r, g, b)'. */
function css(hex: string): string {
  const n = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  return `rgb(${n.join(', ')})`;
}
const cssList = (hexes: readonly string[], n: number) => hexes.slice(0, n).map(css);

const background = (l: Locator) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
const fill = (l: Locator) => l.evaluate((el) => getComputedStyle(el).fill);

/** Acronym → '#rrggbb' from the fake Allen's structure graph (color_hex_triplet), as the app reads it. */
async function ontologyColours(): Promise<Map<string, string>> {
  const body = (await (await fetch(`${FAKE_ALLEN_URL}/api/v2/structure_graph_download/1.json`)).json()) as { msg: Node[] };
  interface Node {
    acronym: string;
    color_hex_triplet: string;
    children: Node[];
  }
  const out = new Map<string, string>();
  const walk = (n: Node) => {
    out.set(n.acronym, `#${n.color_hex_triplet.toLowerCase().padStart(6, '0')}`);
    n.children.forEach(walk);
  };
  body.msg.forEach(walk);
  return out;
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('pal=okabe-ito colours the projectome figure, legend, export and source table alike; the control switches palettes', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const { target, sources } = await smallProjectome();
  // a low colour ceiling (50th percentile) makes the overlays strong enough to tell palettes apart
  await page.goto(projUrl(target, sources, '&pct=50&pal=okabe-ito'));
  await canvasReady(page);
  const select = page.getByLabel('Source colours');
  await expect(select).toHaveValue('okabe-ito');

  const legend = () => Promise.all(sources.map((a) => background(page.getByTestId(`legend-dot-${a}`))));
  // the upstream table lists the sources above its minimum projection volume (a typed source may not be there)
  const upstream = page.getByTestId('upstream-table');
  await expect(upstream.getByRole('checkbox', { checked: true }).first()).toBeVisible();
  const listed = (await upstream.getByRole('checkbox').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''))).map((l) =>
    l.replace(/^Show /, ''),
  );
  const shown = sources.filter((a) => listed.includes(a));
  expect(shown.length, `sources in the table: ${shown.join(', ')}`).toBeGreaterThanOrEqual(2);
  const unticked = listed.find((a) => !sources.includes(a)) ?? '';
  const table = () => Promise.all(shown.map((a) => background(page.getByTestId(`source-swatch-${a}`))));
  /** The colours the table's sources must have: their place among all the sources of the set. */
  const tableExpected = (palette: readonly string[]) => shown.map((a) => css(palette[sources.indexOf(a) % palette.length] ?? ''));
  expect(await legend()).toEqual(cssList(OKABE_ITO, sources.length));
  expect(await table()).toEqual(tableExpected(OKABE_ITO));
  // an unticked source of the table is not drawn: it shows no colour
  expect(await background(page.getByTestId(`source-swatch-${unticked}`))).toBe('rgba(0, 0, 0, 0)');
  // the SVG export draws the legend in the same colours
  const svg = (await exportFile(page, 'SVG')).bytes.toString('utf8');
  for (const hex of OKABE_ITO.slice(0, sources.length)) expect(svg).toContain(`fill="${hex}"`);
  const okabe = await canvasPixels(page);
  await page.locator('.projectome-stage').screenshot({ path: testInfo.outputPath('projectome-okabe-ito.png') });
  await page.locator('aside').screenshot({ path: testInfo.outputPath('projectome-controls-okabe-ito.png') });

  // keyboard: the select is reachable and changes with the arrow keys (okabe-ito → ontology)
  await select.focus();
  await expect(select).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(select).toHaveValue('ontology');
  await expect(page).toHaveURL(/[?&]pal=ontology(&|$)/);
  await canvasReady(page);
  const allen = await ontologyColours();
  const expected = sources.map((a) => css(allen.get(a) ?? 'missing'));
  await expect.poll(legend).toEqual(expected);
  expect(await table()).toEqual(shown.map((a) => css(allen.get(a) ?? 'missing')));
  await expect.poll(async () => pixelDiff(okabe, await canvasPixels(page), 8).pixels).toBeGreaterThan(500);
  await page.locator('.projectome-stage').screenshot({ path: testInfo.outputPath('projectome-ontology.png') });

  // back to the default: the key leaves the link, and the frame is that of a link without it
  await select.selectOption('tab10');
  await expect(page).not.toHaveURL(/pal=/);
  await canvasReady(page);
  await expect.poll(legend).toEqual(cssList(TAB10, sources.length));
  expect(await table()).toEqual(tableExpected(TAB10));
  const plain = await freshPixels(page, projUrl(target, sources, '&pct=50'));
  expect(pixelDiff(plain.pixels, await canvasPixels(page), 2).pixels).toBe(0);
  const fromOkabe = pixelDiff(plain.pixels, okabe, 2);
  console.log(`okabe-ito vs tab10 frame: ${fromOkabe.pixels} pixels differ (max ${fromOkabe.max} levels)`);
  expect(fromOkabe.pixels).toBeGreaterThan(500);
  expect(fromOkabe.max).toBeGreaterThan(40);
});

test('the injection sites, the 3D legend and the region chips share the palette, which the link keeps across views', async ({ page }) => {
  test.setTimeout(120_000);
  const world = await fake.world();
  const regions = world.structuresWithExperiments
    .filter((s) => s.count >= 2 && s.count <= 6 && s.hasVoxels)
    .sort((a, b) => a.acronym.localeCompare(b.acronym))
    .slice(0, 2)
    .map((s) => s.acronym);
  expect(regions).toHaveLength(2);
  await page.goto(`/?v=1&view=inj&r=${regions.join(',')}&pal=okabe-ito`);
  const figure = page.getByTestId('injections-figure');
  await expect(figure).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  const injections = () => Promise.all(regions.map((r) => fill(figure.locator(`[data-testid="injections-legend-swatch"][data-region^="${r} ("]`))));
  const chips = () => Promise.all(regions.map((r) => background(page.getByRole('list', { name: 'Chosen regions' }).getByTestId(`region-swatch-${r}`))));
  expect(await injections()).toEqual(cssList(OKABE_ITO, 2));
  expect(await chips()).toEqual(cssList(OKABE_ITO, 2));
  // the points are drawn in their region's colour
  await expect(figure.locator('[data-panel="top"] circle.injection-point').first()).toBeVisible();
  const pointFills = await figure.locator('[data-panel="top"] circle.injection-point').evaluateAll((els) => els.map((el) => getComputedStyle(el).fill));
  expect(new Set(pointFills)).toEqual(new Set(cssList(OKABE_ITO, 2)));

  // the 3D view keeps the palette (a display preference of every view)
  await page.getByRole('button', { name: '3D', exact: true }).click();
  await expect(page).toHaveURL(/view=3d/);
  await expect(page).toHaveURL(/[?&]pal=okabe-ito(&|$)/);
  const brain = page.getByTestId('brain-3d-figure');
  await expect(brain).toHaveAttribute('data-render-state', 'ready', { timeout: 60_000 });
  const legend3d = () =>
    Promise.all(
      regions.map((r) =>
        background(
          page
            .getByTestId('brain-3d-legend')
            .locator('li', { hasText: `${r} (` })
            .locator('.swatch'),
        ),
      ),
    );
  expect(await legend3d()).toEqual(cssList(OKABE_ITO, 2));
  await expect(page.getByLabel('Source colours')).toHaveValue('okabe-ito');

  // switching here redraws the scene and every view follows
  await page.getByLabel('Source colours').selectOption('tab10');
  await expect(page).not.toHaveURL(/pal=/);
  await expect(brain).toHaveAttribute('data-render-state', 'ready', { timeout: 60_000 });
  await expect.poll(legend3d).toEqual(cssList(TAB10, 2));
  expect(await chips()).toEqual(cssList(TAB10, 2));
  await page.getByRole('button', { name: 'Injections', exact: true }).click();
  await expect(figure).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  expect(await injections()).toEqual(cssList(TAB10, 2));
});

test('an invalid palette gives a notice and tab10', async ({ page }) => {
  const { target, sources } = await smallProjectome();
  await page.goto(projUrl(target, sources, '&pal=rainbow'));
  await expect(page.getByTestId('url-notices')).toContainText('Ignored an invalid source palette "rainbow" (use pal=tab10, okabe-ito, ontology)');
  await canvasReady(page);
  await expect(page.getByLabel('Source colours')).toHaveValue('tab10');
  expect(await background(page.getByTestId(`legend-dot-${sources[0] ?? ''}`))).toBe(css(TAB10[0] ?? ''));
});
