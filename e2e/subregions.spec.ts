import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { checkFigureExports, svgFigureOnly, svgOfLink } from './export-checks.ts';
import { clearBrowserCache, fake, FAKE_ALLEN_URL, csvTableLines } from './helpers.ts';

interface Node {
  readonly acronym: string;
  readonly children: readonly Node[];
}

/** Children of a structure, read from the fake server's ontology (independent of the app). */
async function childrenOf(acronym: string): Promise<string[]> {
  const body = (await (await fetch(`${FAKE_ALLEN_URL}/api/v2/structure_graph_download/1.json`)).json()) as { msg: Node[] };
  const stack = [...body.msg];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.acronym === acronym) return n.children.map((c) => c.acronym);
    stack.push(...n.children);
  }
  throw new Error(`${acronym} is not in the fake ontology`);
}

/** Leaf descendants of a structure in the fake server's ontology. */
async function leavesOf(acronym: string): Promise<string[]> {
  const body = (await (await fetch(`${FAKE_ALLEN_URL}/api/v2/structure_graph_download/1.json`)).json()) as { msg: Node[] };
  const leaves = (n: Node): string[] => (n.children.length === 0 ? [n.acronym] : n.children.flatMap(leaves));
  const stack = [...body.msg];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.acronym === acronym) return n.children.flatMap(leaves);
    stack.push(...n.children);
  }
  throw new Error(`${acronym} is not in the fake ontology`);
}

/** Small injection regions that project into CP (a child of STR's child STRd). */
async function smallSources(n: number, minExperiments = 1): Promise<string[]> {
  const world = await fake.world();
  const counts = new Map(world.structuresWithExperiments.map((s) => [s.acronym, s.count]));
  const cp = world.goodTargets.find((t) => t.acronym === 'CP');
  const small = (cp?.sources ?? [])
    .map((s) => s.acronym)
    .filter((a) => a !== 'CP' && (counts.get(a) ?? 99) <= 4 && (counts.get(a) ?? 0) >= minExperiments)
    .sort()
    .slice(0, n);
  if (small.length < n) throw new Error('the fake world has too few small sources of CP');
  return small;
}

async function figureReady(page: Page): Promise<void> {
  await expect(page.getByTestId('subregions-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
}

async function download(page: Page, name: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Export' }).getByRole('button', { name }).click()]);
  return readFileSync(await d.path(), 'utf8');
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('a subregions link measures every child of the target: chart, table and CSV', async ({ page }, testInfo) => {
  const [source = ''] = await smallSources(1, 2);
  const children = await childrenOf('STR');
  await page.goto(`/?v=1&view=sub&r=${source}&t=STR`);
  await figureReady(page);
  const ms = await page.getByTestId('subregions-figure').getAttribute('data-compute-ms');
  testInfo.annotations.push({ type: 'subregions ms', description: ms ?? '' });
  console.log(`subregions worker calls: ${ms} ms (${children.length} children, 5 slices, 1 group)`);

  const rows = page.getByTestId('subregions-table').locator('tbody tr');
  await expect(rows).toHaveCount(children.length);
  await expect(rows.locator('th')).toHaveText(children);
  await expect(page.getByTestId('subregions-figure').locator('svg rect').first()).toBeVisible();
  await expect(page.getByTestId('subregions-figure')).toHaveScreenshot('subregions-str.png');

  const withVoxels = (await rows.locator('td:nth-of-type(2)').allTextContents()).filter((v) => Number(v) > 0).length;
  // every export (SVG, PNG at 2× and 1×, CSV) carries its provenance and a link that reopens this view
  const files = await checkFigureExports(page, (f) => testInfo.outputPath(f), 'subregions', { view: 'sub', r: source, t: 'STR' });
  const csv = csvTableLines(files.csv);
  expect(csv[0]).toBe('SubregionID,SubregionName,SubregionAcronym,GlobalMeanIntensity,TotalVoxelCount,SDAcrossExperiments,NExperiments');
  expect(csv).toHaveLength(1 + withVoxels);
  expect(withVoxels).toBeGreaterThan(0);

  // Error bars across experiments: N is the source's experiment count in the fake world (every
  // fake grid has data in STR), in the label, the figure, the table and the CSV.
  const world = await fake.world();
  const nExperiments = world.structuresWithExperiments.find((s) => s.acronym === source)?.count ?? 0;
  expect(nExperiments).toBeGreaterThan(1);
  const label = `SD across ${nExperiments} experiments`;
  await expect(page.getByTestId('subregions-error-bars')).toContainText(`Error bars: ${label}`);
  await expect(page.getByTestId('subregions-figure')).toContainText(`error bars: ${label}`);
  // the panel's legend counts the experiments averaged: the same N
  await expect(page.getByTestId('subregions-figure')).toContainText(`STR: all experiments (${nExperiments} experiments)`);
  await expect(page.getByTestId('subregion-n').first()).toHaveText(`(N = ${nExperiments})`);
  // one notation per Mean ± SD column: every cell to the same decimals, a power of ten only in the header
  const meanCells = (await rows.locator('td:nth-of-type(3) > span[title]').allTextContents()).filter((t) => t !== '—');
  expect(meanCells.length).toBeGreaterThan(1);
  // (an exact zero reads "0")
  const decimals = new Set(
    meanCells.flatMap((t) =>
      t
        .split(' ± ')
        .filter((v) => v !== '0')
        .map((v) => v.split('.')[1]?.length ?? 0),
    ),
  );
  console.log(`subregion means: ${meanCells.join(' | ')}`);
  expect(meanCells.every((t) => !t.includes('×') && !/e-?\d/.test(t))).toBe(true);
  expect(decimals.size).toBe(1);
  const sds: number[] = [];
  for (const line of csv.slice(1)) {
    const cells = line.split(',');
    expect(cells.at(-1)).toBe(String(nExperiments));
    sds.push(Number(cells.at(-2)));
  }
  expect(sds.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  expect(sds.some((v) => v > 0)).toBe(true);
  console.log(`SD across experiments per subregion of STR (${source}, N = ${nExperiments}): ${sds.map((v) => v.toPrecision(3)).join(' ')}`);
  expect(files.svg).toContain('Mean projection density per subregion of STR');
  // a bar label for every subregion of the table
  for (const line of csv.slice(1)) expect(files.svg).toContain(`>${line.split(',')[2] ?? ''}<`);
  // the link, opened in another tab, draws the same chart
  expect(await svgOfLink(page, page.url(), 'subregions-figure')).toBe(svgFigureOnly(files.svg));
});

test('grouping by query region gives one column per region; empty states', async ({ page }) => {
  const sources = await smallSources(2);
  await page.goto(`/?v=1&view=sub&r=${sources.join(',')}&t=STR&sg=region&sn=3`);
  await figureReady(page);
  const csv = csvTableLines(await download(page, 'CSV'));
  expect(csv[0]).toBe(
    `SubregionID,SubregionName,SubregionAcronym,GlobalMeanIntensity,TotalVoxelCount,${sources.map((s) => `MeanIntensity_${s},VoxelCount_${s}`).join(',')},${sources.map((s) => `SDAcrossExperiments_${s},NExperiments_${s}`).join(',')}`,
  );
  await expect(page.getByTestId('subregions-table').locator('thead th')).toHaveCount(3 + sources.length + 3);

  // Grouping by injection AP (bins): the URL follows and every group gets a mean column.
  await page.getByLabel('Group experiments by').selectOption('AP');
  await expect(page).toHaveURL(/sg=AP/);
  await figureReady(page);
  expect(await page.getByTestId('subregions-table').locator('thead th', { hasText: 'Mean' }).count()).toBeGreaterThan(0);

  await page.goto(`/?v=1&view=sub&r=${sources[0] ?? ''}`);
  await expect(page.getByTestId('subregions-figure')).toHaveAttribute('data-render-state', 'empty');
  await expect(page.getByTestId('subregions-view')).toContainText('Choose a target region');
  await page.goto(`/?v=1&view=sub&r=${sources[0] ?? ''}&t=CP`);
  await expect(page.getByTestId('subregions-view')).toContainText('has no child structures');
  // a target without children explains what to do and offers its parent, which has subregions
  await expect(page.getByTestId('subregions-view')).toContainText('Choose a target that has subregions');
  await page.getByRole('button', { name: 'Measure the subregions of STRd' }).click();
  await expect(page).toHaveURL(/t=STRd/);
  await figureReady(page);
  await expect(page.getByTestId('subregions-table').locator('tbody tr th')).toHaveText(await childrenOf('STRd'));
});

test('more subregions than one batch of masks (8): every leaf gets its error bar across the same experiments', async ({ page }) => {
  const [source = ''] = await smallSources(1, 2);
  let target = '';
  let leaves: string[] = [];
  for (const t of ['STR', 'HPF', 'CTXsp', 'OLF', 'Isocortex']) {
    leaves = await leavesOf(t);
    if (leaves.length > 8 && leaves.length <= 60) {
      target = t;
      break;
    }
  }
  expect(target).not.toBe('');
  const world = await fake.world();
  const n = world.structuresWithExperiments.find((s) => s.acronym === source)?.count ?? 0;
  await page.goto(`/?v=1&view=sub&r=${source}&t=${target}&sl=leaves`);
  await figureReady(page);
  const rows = page.getByTestId('subregions-table').locator('tbody tr');
  await expect(rows).toHaveCount(leaves.length);
  await expect(page.getByTestId('subregions-error-bars')).toContainText(`Error bars: SD across ${n} experiments`);
  const csv = csvTableLines(await download(page, 'CSV'));
  expect(csv.length).toBeGreaterThan(9);
  for (const line of csv.slice(1)) expect(line.split(',').at(-1)).toBe(String(n));
  console.log(`${target} leaves: ${leaves.length}, N = ${n}, worker ms ${await page.getByTestId('subregions-figure').getAttribute('data-compute-ms')}`);
});
