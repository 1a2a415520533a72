import { expect, test, type Page } from '@playwright/test';
import { formatBytes } from '../src/lib/format.ts';
import { clearBrowserCache, downloadSettled, fake, resultCount, smallRegion, waitReady } from './helpers.ts';

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

/** Reloads and downloads again: all `n` volumes come from the cache, none over the network. */
async function expectAllFromCacheAfterReload(page: Page, n: number): Promise<void> {
  await fake.reset();
  await page.reload();
  await waitReady(page);
  await page.getByTestId('download-button').click();
  await expect(page.getByTestId('download-summary')).toHaveText(`${n} of ${n} volumes ready (${n} from cache)`);
  expect(await fake.requests({ path: '/grid_data/' })).toHaveLength(0);
}

test('a second visit downloads nothing it already has', async ({ page }) => {
  const region = smallRegion(await fake.world());
  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
  await waitReady(page);
  const n = await resultCount(page);
  const button = page.getByTestId('download-button');
  // the size is estimated before anything is downloaded (the planning range per volume)
  await expect(button).toHaveText(new RegExp(`^Download ${n} volumes? \\(≈ [\\d.]+ [KM]B–[\\d.]+ MB\\)$`));
  await button.click();
  await expect(page.getByTestId('download-summary')).toHaveText(`${n} of ${n} volumes ready`);
  await downloadSettled(page);
  const first = await fake.requests({ path: '/grid_data/' });
  const ok = first.filter((r) => r.status === 200);
  expect(ok).toHaveLength(n);
  // the bytes that came over the wire are reported, and the button says everything is cached now
  await expect(page.getByTestId('download-bytes')).toHaveText(`${formatBytes(ok.reduce((sum, r) => sum + r.bytes, 0))} downloaded`);
  await expect(button).toHaveText(`All ${n} volume${n === 1 ? '' : 's'} cached`);

  await expectAllFromCacheAfterReload(page, n);

  // The cache panel shows what is stored, and clearing it empties it.
  await page.getByRole('button', { name: 'Cache', exact: true }).click();
  await expect(page.getByTestId('cache-usage')).toContainText(`${n} volume`);
  await page.getByRole('button', { name: 'Clear cache' }).click();
  await expect(page.getByTestId('cache-usage')).toContainText('0 volumes');
});

/** Opens the small region's experiments, downloads all of them and returns how many there are. */
async function downloadSmallRegion(page: Page): Promise<number> {
  const region = smallRegion(await fake.world());
  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
  await waitReady(page);
  const n = await resultCount(page);
  await page.getByTestId('download-button').click();
  await expect(page.getByTestId('download-summary')).toHaveText(`${n} of ${n} volumes ready`);
  return n;
}

test('Reload bypasses the cache', async ({ page }) => {
  const n = await downloadSmallRegion(page);
  await fake.reset();
  await page.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByTestId('download-summary')).toHaveText(`${n} of ${n} volumes ready`);
  expect((await fake.requests({ path: '/grid_data/' })).length).toBe(n);
});

test('an experiment that keeps failing is named, the rest still load, and retry recovers it', async ({ page }) => {
  const region = smallRegion(await fake.world());
  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
  await waitReady(page);
  const n = await resultCount(page);
  const firstId = (await page.getByTestId('experiments-table').locator('tbody tr').first().getAttribute('data-experiment-id')) ?? '';
  expect(firstId).toMatch(/^\d+$/);
  // Both density routes of that one experiment answer 503 for far longer than the retries last.
  await fake.configure({ failFirst: 1000, status: 503, match: `/${firstId}?` });

  await page.getByTestId('download-button').click();
  const failures = page.getByTestId('download-failures');
  await expect(failures).toBeVisible({ timeout: 45_000 });
  await expect(failures).toContainText(`Experiment ${firstId}`);
  await expect(failures).toContainText('503');
  await expect(page.getByTestId('download-summary')).toHaveText(`${n - 1} of ${n} volumes ready, 1 failed`);

  await fake.reset();
  await failures.getByRole('button', { name: 'Retry failed' }).click();
  await expect(page.getByTestId('download-summary')).toHaveText(new RegExp(`^${n} of ${n} volumes ready`));
  await expect(failures).toHaveCount(0);
});

test('transient 500s and truncated bodies are retried without the user noticing', async ({ page }) => {
  const region = smallRegion(await fake.world());
  await fake.configure({ failFirst: 1, match: '/grid_data/' });
  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
  await waitReady(page);
  const n = await resultCount(page);
  await fake.configure({ failFirst: 0, truncateRate: 0.5 });
  await page.getByTestId('download-button').click();
  await expect(page.getByTestId('download-summary')).toHaveText(`${n} of ${n} volumes ready`, { timeout: 45_000 });
  const faults = (await fake.requests({ path: '/grid_data/' })).filter((r) => r.fault !== null);
  expect(faults.length).toBeGreaterThan(0);
});

test('a large download asks the browser to keep the cache and says what it answered; a small one does not ask', async ({ page }) => {
  await page.addInitScript(() => {
    // count the requests (the browser's own answer is kept)
    const storage = navigator.storage;
    const persist = storage.persist.bind(storage);
    (window as unknown as { __persistCalls: number }).__persistCalls = 0;
    storage.persist = () => {
      (window as unknown as { __persistCalls: number }).__persistCalls++;
      return persist();
    };
  });
  const world = await fake.world();
  const small = smallRegion(world);
  await page.goto(`/?v=1&r=${encodeURIComponent(small.acronym)}`);
  await waitReady(page);
  await page.getByTestId('download-button').click();
  await downloadSettled(page);
  await expect(page.getByTestId('persistence-note')).toHaveCount(0);

  const large = smallRegion(world, 20, 40);
  await page.goto(`/?v=1&r=${encodeURIComponent(large.acronym)}`);
  await waitReady(page);
  await page.getByTestId('download-button').click();
  await expect(page.getByTestId('persistence-note')).toContainText(/keep this cache|cannot be asked/);
  await downloadSettled(page);
  const calls = await page.evaluate(() => (window as unknown as { __persistCalls: number }).__persistCalls);
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  // asked once, unless the browser already keeps this origin's storage
  expect(calls).toBe(persisted && calls === 0 ? 0 : 1);
});

test('on a machine with more cores the downloads are shared by a pool of grid fetchers: every grid once, all ready', async ({ page }) => {
  // four cores: three fetcher workers (src/data/services.ts gridFetcherPoolSize)
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 }));
  const n = await downloadSmallRegion(page);
  await downloadSettled(page);
  const fetchers = page.workers().filter((w) => w.url().includes('fetch.worker'));
  expect(fetchers).toHaveLength(3);
  const grids = await fake.requests({ path: '/grid_data/' });
  expect(grids.filter((r) => r.status === 200)).toHaveLength(n);
  expect(new Set(grids.map((r) => r.url)).size).toBe(grids.length);
  // and they were stored: a reload downloads nothing
  await expectAllFromCacheAfterReload(page, n);
});
