// Works offline (issue #15): a first visit online caches the app shell (service worker,
// vite-offline.config.ts) and the data (IndexedDB); the second visit, with no network at all,
// opens the app, says it is offline, searches the cached experiment list and draws the cached
// projectome. Nothing may reach the network while offline.
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, projectomeReady } from './chaos-helpers.ts';
import { clearBrowserCache, fake, projectomeCanvasStats, resultCount, smallProjectome, storedKeys, waitReady } from './helpers.ts';

test.use({ serviceWorkers: 'allow' });
test.describe.configure({ timeout: 180_000 });

/** The service worker is active and controls the page; returns the precached URLs. */
async function serviceWorkerInControl(page: Page): Promise<string[]> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
}

test('a second visit with no network opens from the service worker, says offline, searches and draws from the cache', async ({ page, context }) => {
  const errors = collectPageErrors(page);
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);

  // first visit, online: a projectome (its grids, the atlases, the ontology and the experiment list get cached)
  const { target, sources } = await smallProjectome();
  const projectome = `/?v=1&view=proj&t=${target}&s=${sources.join(',')}`;
  await page.goto(projectome);
  await projectomeReady(page, 90_000);
  const cachedMetadata = async () => {
    const keys = (await storedKeys(page)).filter((k) => k.includes('metadata'));
    return ['ontology', 'experiments', 'products', 'upstream'].filter((what) => keys.some((k) => k.includes(what)));
  };
  // the product names label the Products filter: cached with the metadata so they survive offline
  // and the target's upstream rows, behind the source table
  await expect.poll(cachedMetadata).toEqual(['ontology', 'experiments', 'products', 'upstream']);
  const productLabels = page.locator('.product-filter label');
  await expect(productLabels.first()).toContainText('Mouse Connectivity');
  const namedOnline = await productLabels.allTextContents();
  const precached = await serviceWorkerInControl(page);
  expect(precached).toContain('/index.html');
  expect(precached.some((p) => /\/assets\/compute\.worker-[\w-]+\.js$/.test(p))).toBe(true);
  expect(precached.some((p) => /\/assets\/brain-3d-scene-[\w-]+\.js$/.test(p))).toBe(true);
  expect(precached.some((p) => /\.css$/.test(p))).toBe(true);
  // the service worker keeps no Allen data: that is the app's IndexedDB cache
  expect(precached.filter((p) => /api\/v2|grid_data|allen-download|structure_graph/.test(p))).toEqual([]);
  await expect(page.getByTestId('offline-indicator')).toHaveText('');

  // second visit, offline
  await fake.reset(); // clears the fake's request log
  await context.setOffline(true);
  // Chromium's offline emulation cuts the network but a document the service worker serves still
  // starts with navigator.onLine true (a real offline device reports false from the start): the
  // reloaded page reads the device's state from this stand-in, and 'online' flips it back below.
  await context.addInitScript(() => {
    let online = false;
    Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => online });
    window.addEventListener('online', () => (online = true), { capture: true });
  });
  await page.reload();
  const indicator = page.getByTestId('offline-indicator');
  await expect(indicator).toHaveAttribute('role', 'status');
  await expect(indicator).toHaveText('Offline — cached data');
  await projectomeReady(page, 90_000);
  const frame = await projectomeCanvasStats(page);
  expect(frame.inked).toBeGreaterThan(0.2);
  expect(frame.colours).toBeGreaterThan(4);
  await expect(page.getByTestId('projectome-legend')).toContainText(sources[0] ?? '');
  // the upstream source table, from the rows stored in IndexedDB
  await expect(page.getByTestId('upstream-table')).toContainText(sources[0] ?? '');
  // the same product names as online, none labelled by bare id
  await expect(productLabels).toHaveText(namedOnline);
  expect((await productLabels.allTextContents()).filter((t) => /^Product \d/.test(t))).toEqual([]);
  await page.screenshot({ path: '/tmp/offline-projectome.png' });

  // a search answers from the cached experiment list at once (no service, no retries)
  const region = sources[0] ?? '';
  await page.goto(`/?v=1&r=${encodeURIComponent(region)}`);
  await waitReady(page);
  expect(await resultCount(page)).toBeGreaterThan(0);
  await expect(page.getByTestId('offline-note')).toContainText('cached in this browser');
  await expect(page.getByTestId('experiments-table').locator('tbody tr').first()).toContainText(region);
  await page.screenshot({ path: '/tmp/offline-search.png' });

  // nothing reached the network while offline
  expect(await fake.requests()).toEqual([]);
  expect(errors).toEqual([]);

  // back online: the notice goes away
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(indicator).toHaveText('');
});
