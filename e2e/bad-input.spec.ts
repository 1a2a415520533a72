// Bad input never crashes the app and always says what happened: structures without experiments,
// targets without upstream sources, empty results, hostile or oversized URL parameters, and an
// experiment whose injection volume is 0 under injection-volume normalisation.
// (Unknown acronyms with suggestions and script tags in `r`/`line` are in url.spec.ts.)
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, projectomeOfSize, projectomeReady, projectomeUrl } from './chaos-helpers.ts';
import { FAKE_ALLEN_URL, fake, waitReady } from './helpers.ts';

/** Structures (leaves of well-known areas) that no experiment was injected into in the fake world. */
const WITHOUT_EXPERIMENTS = ['FRP1', 'MOp1', 'PERI1', 'VISp1'];
/** Targets that no experiment projects into above the default minimum volume. */
const WITHOUT_UPSTREAM = ['PERI', 'CA2', 'IG', 'FC'];

async function firstWithoutExperiments(): Promise<string> {
  const world = await fake.world();
  const used = new Set(world.structuresWithExperiments.map((s) => s.acronym));
  const pick = WITHOUT_EXPERIMENTS.find((a) => !used.has(a));
  if (!pick) throw new Error('every candidate structure has experiments in the fake world');
  return pick;
}

async function firstWithoutUpstream(): Promise<string> {
  for (const a of WITHOUT_UPSTREAM) if ((await fake.upstream(a)).sources.length === 0) return a;
  throw new Error('every candidate target has upstream sources in the fake world');
}

let errors: string[] = [];
test.beforeEach(async ({ page }) => {
  await fake.reset();
  errors = collectPageErrors(page);
});
test.afterEach(() => {
  expect(errors).toEqual([]);
});

test('a structure with no experiments: an empty result that says so, and a projectome source that says so', async ({ page }) => {
  const empty = await firstWithoutExperiments();
  await page.goto(`/?v=1&r=${empty}`);
  await waitReady(page);
  await expect(page.getByTestId('result-count')).toHaveText('0 experiments');
  await expect(page.getByTestId('experiments-view')).toContainText('No experiments match this query');
  await expect(page.getByTestId('download-button')).toHaveCount(0);

  // As the only projectome source: a message naming it, not a blank canvas.
  await page.goto(`/?v=1&view=proj&t=MOs&s=${empty}`);
  await expect(page.getByTestId('projectome-view')).toHaveAttribute('data-render-state', 'error', { timeout: 30_000 });
  await expect(page.getByRole('alert')).toContainText('No experiment can be averaged');
  await expect(page.getByRole('alert')).toContainText(empty);

  // Next to a source with experiments: drawn, and the empty source is counted as 0.
  const pick = await projectomeOfSize(8);
  await page.goto(projectomeUrl({ target: pick.target, sources: [...pick.sources, { acronym: empty }] }));
  await projectomeReady(page);
  await expect(page.getByTestId(`legend-count-${empty}`)).toHaveText('0 exp.');
  await expect(page.getByTestId('projectome-experiments')).toHaveText('8 of 8 experiments');
});

test('a target with no upstream sources says so and offers to type sources', async ({ page }) => {
  const target = await firstWithoutUpstream();
  await page.goto(`/?v=1&view=proj&t=${target}`);
  await expect(page.getByText('No upstream sources above this minimum projection volume.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('projectome-view')).toContainText('Tick one or more upstream sources (or type one)');
  await expect(page.getByRole('combobox', { name: 'Add a source' })).toBeEnabled();
});

test('empty results: a line with no experiments in the region', async ({ page }) => {
  const world = await fake.world();
  // The rarest line: it has no experiment in a well-populated region.
  const rare = [...world.lines].sort((a, b) => a.count - b.count)[0];
  if (!rare) throw new Error('no lines');
  await page.goto(`/?v=1&r=MOs&line=${encodeURIComponent(rare.name)}`);
  await waitReady(page);
  await expect(page.getByTestId('result-count')).toHaveText('0 experiments');
  await expect(page.getByTestId('experiments-view')).toContainText('Try all mouse lines');
});

test('thousands of regions, huge and negative numbers fall back with notices', async ({ page }) => {
  const many = Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'VISp' : 'MOs')).join(',');
  await page.goto(`/?v=1&r=${many}`);
  await waitReady(page);
  await expect(page.getByTestId('url-notices')).toContainText('The link is too long');

  const sixty = Array.from({ length: 60 }, (_, i) => ['VISp', 'MOs', 'CP'][i % 3]).join(',');
  await page.goto(`/?v=1&r=${sixty}`);
  await waitReady(page);
  await expect(page.getByTestId('url-notices')).toContainText('The link names 60 regions; only the first 50 are used.');
  await expect(page.getByRole('list', { name: 'Chosen regions' })).toContainText('CP');

  const pick = await projectomeOfSize(8);
  await page.goto(
    `${projectomeUrl(pick)}&ap=99999999999999999999&min=-3&th=-1&pct=1e999&hide=${encodeURIComponent('<img src=x onerror=alert(1)>')}&norm=%3Cb%3E`,
  );
  const notices = page.getByTestId('url-notices');
  await expect(notices).toContainText('AP position');
  await expect(notices).toContainText('minimum projection volume');
  await expect(notices).toContainText('Ignored an unknown normalisation');
  await projectomeReady(page);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.getByTestId('ap-label')).toHaveText(/^AP \d+ µm/);
});

/** Answers the fake's RMA queries whose decoded URL contains `match` with their rows edited. */
async function rewriteRows<Row>(page: Page, match: string, edit: (row: Row) => void): Promise<void> {
  await page.route(
    (url) => url.href.startsWith(FAKE_ALLEN_URL) && decodeURIComponent(url.href).includes(match),
    async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { msg: Row[] };
      body.msg.forEach(edit);
      await route.fulfill({
        status: response.status(),
        headers: { 'access-control-allow-origin': '*' },
        contentType: 'application/json',
        body: JSON.stringify(body),
      });
    },
  );
}

test('an experiment with injection volume 0 is left out of an injection-volume mean, never divided by', async ({ page }) => {
  const pick = await projectomeOfSize(12);
  const zeroed = pick.sources[0]?.experimentIds[0];
  if (zeroed === undefined) throw new Error('no experiment');
  const expectLeftOut = async () => {
    await projectomeReady(page);
    await expect(page.getByTestId('projectome-experiments')).toHaveText('11 of 12 experiments (1 missing)');
    const colorbar = await page.locator('.colorbar').getAttribute('aria-label');
    expect(colorbar).toMatch(/ceiling \d/);
    expect(colorbar).not.toMatch(/Infinity|NaN/);
  };
  // The metadata divisor (norm=meta): the list of all experiments reports 0 mm³ for that one experiment.
  await rewriteRows<{ data_set_id: number; injection_volume: number }>(page, 'model::ApiConnectivity', (row) => {
    if (row.data_set_id === zeroed) row.injection_volume = 0;
  });
  await page.goto(`${projectomeUrl(pick)}&norm=meta`);
  await expectLeftOut();
  // The PSU divisor (norm=inj, bsv's): its injection record reports 0 mm³.
  await rewriteRows<{ section_data_set_id: number; projection_volume: number }>(page, '[is_injection$eqtrue][structure_id$eq997]', (row) => {
    if (row.section_data_set_id === zeroed) row.projection_volume = 0;
  });
  // (the first visit never asked for PSU volumes, so none is cached yet)
  await page.goto(`${projectomeUrl(pick)}&norm=inj`);
  await expectLeftOut();
});
