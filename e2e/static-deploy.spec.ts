// The production build served as plain static files (scripts/static-server.ts: no proxy, base
// path /bsv/), as on a lab web server or GitHub Pages. The annotation volumes come from the first
// download source that serves them: the download host directly (here the fake, which can refuse
// CORS like a host that sends no headers), the site's own copy that `npm run fetch-atlas` put in
// the build output, then the configured mirror (the same files on another origin, with CORS).
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { clearBrowserCache, fake, FAKE_ALLEN_URL, smallProjectome, smallRegion } from './helpers.ts';

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4173);
const STATIC_PORT = Number(process.env.E2E_STATIC_PORT ?? APP_PORT + 20);
const SITE = `http://127.0.0.1:${STATIC_PORT}/bsv/`;
const SITE_COPY = `${SITE}allen-download`;
const MIRROR = `http://localhost:${STATIC_PORT}/bsv/allen-download`;
const DOWNLOAD_PATHS = '/informatics-archive/';

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto(SITE);
  await clearBrowserCache(page);
});

/** Requests the page (and its worker) made to `prefix`. */
function requestsTo(context: BrowserContext, prefix: string): string[] {
  const seen: string[] = [];
  context.on('request', (r) => {
    if (r.url().startsWith(prefix)) seen.push(r.url());
  });
  return seen;
}

/** The site has no copy of the annotations (as before `npm run fetch-atlas`). */
const withoutSiteCopy = (context: BrowserContext) => context.route(`${SITE_COPY}/**`, (route) => route.fulfill({ status: 404, body: 'Not found' }));

async function atlasSources(page: Page) {
  await page.getByRole('button', { name: 'Cache', exact: true }).click();
  return page.getByTestId('atlas-source');
}

async function slicesLink(): Promise<string> {
  const region = smallRegion(await fake.world(), 2, 5);
  return `${SITE}?v=1&view=slices&r=${region.acronym}&t=CP&n=2&px=16`;
}

test('no CORS on the download host: a projectome link draws from the copy fetch-atlas put next to the build, asking the host once', async ({ page }) => {
  test.slow(); // a cold projectome, then a reload
  const csp: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) csp.push(m.text());
  });
  await fake.configure({ noCors: [DOWNLOAD_PATHS] });
  const { target, sources } = await smallProjectome();
  await page.goto(`${SITE}?v=1&view=proj&t=${target}&s=${sources.join(',')}`);
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  await page.screenshot({ path: '/tmp/static-deploy-projectome.png' });

  const lines = await atlasSources(page);
  await expect(lines).toHaveCount(2);
  for (const line of await lines.all()) {
    await expect(line).toHaveAttribute('data-source', 'same-origin');
    await expect(line).toHaveAttribute('data-from', 'network');
    await expect(line).toContainText(`downloaded from same-origin ${SITE_COPY}`);
  }
  await expect(lines.first()).toContainText(`after direct ${FAKE_ALLEN_URL}: network error`);
  await page.getByTestId('cache-panel').screenshot({ path: '/tmp/static-deploy-cache-panel.png' });
  // the refused host was asked once (no retries against it), the API as usual: the 50 µm
  // annotation is loaded after the 100 µm one (the drawn sections need the target's mask first)
  // and goes straight to the source that served
  const annotations = await fake.requests({ path: 'annotation_' });
  expect(annotations.map((r) => r.path.split('/').pop()).sort()).toEqual(['annotation_100.nrrd']);
  expect(csp).toEqual([]);

  // a reload draws from the target's stored mask and sections: no atlas is read (backend/mask-cache.ts)
  await page.reload();
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  await expect(await atlasSources(page)).toHaveCount(0);
  // a target never drawn needs both atlases: read from the cache, and still saying where they came from
  const other = (await fake.world()).goodTargets.find((t) => t.acronym !== target)?.acronym ?? '';
  expect(other).not.toBe('');
  await fake.reset();
  await page.goto(`${SITE}?v=1&view=proj&t=${other}&s=${sources.join(',')}`);
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  const again = await atlasSources(page);
  await expect(again).toHaveCount(2);
  for (const line of await again.all()) {
    await expect(line).toHaveAttribute('data-from', 'cache');
    await expect(line).toHaveAttribute('data-source', 'same-origin');
  }
  expect(await fake.requests({ path: 'annotation_' }), 'no atlas asked of the host again').toEqual([]);
});

test('the download host sends CORS: the annotation comes from it directly, the site needs no copy', async ({ page, context }) => {
  await withoutSiteCopy(context);
  const siteCopy = requestsTo(context, SITE_COPY);
  await page.goto(await slicesLink());
  await expect(page.getByTestId('slice-grid-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  const line = (await atlasSources(page)).first();
  await expect(line).toHaveAttribute('data-source', 'direct');
  await expect(line).toContainText(`100 µm annotation: downloaded from direct ${FAKE_ALLEN_URL}`);
  await expect(line).not.toContainText('after');
  expect(siteCopy).toEqual([]);
  expect((await fake.requests({ path: 'annotation_100' })).map((r) => r.status)).toEqual([200]);
});

test('no CORS and no copy on the site: the configured mirror serves', async ({ page, context }) => {
  await fake.configure({ noCors: [DOWNLOAD_PATHS] });
  await withoutSiteCopy(context);
  await page.goto(await slicesLink());
  await expect(page.getByTestId('slice-grid-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  const line = (await atlasSources(page)).first();
  await expect(line).toHaveAttribute('data-source', 'mirror');
  await expect(line).toContainText(`downloaded from mirror ${MIRROR}, after direct ${FAKE_ALLEN_URL}: network error`);
  await expect(line).toContainText(`same-origin ${SITE_COPY}: HTTP 404`);
});

test('when no source serves, the view says so and names every source tried and the fix', async ({ page, context }) => {
  await fake.configure({ noCors: [DOWNLOAD_PATHS] });
  await withoutSiteCopy(context);
  await context.route(`${MIRROR}/**`, (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto(await slicesLink());
  const figure = page.getByTestId('slice-grid-figure');
  await expect(figure).toHaveAttribute('data-render-state', 'error', { timeout: 45_000 });
  const message = page.getByRole('alert').filter({ hasText: 'annotation' });
  await expect(message).toContainText('every download source failed');
  await expect(message).toContainText(`direct ${FAKE_ALLEN_URL}`);
  await expect(message).toContainText(`same-origin ${SITE_COPY}: HTTP 404`);
  await expect(message).toContainText('npm run fetch-atlas');
  await expect(message).toContainText(`mirror ${MIRROR}: HTTP 503`);
});
