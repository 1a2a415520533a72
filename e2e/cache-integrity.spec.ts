// The volume cache never serves a bad entry: corrupted, wrong-length and old-format records are
// detected on read, evicted and downloaded again; truncated downloads leave nothing behind; a
// full disk (quota) is reported and the app keeps working without the cache.
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, projectomeOfSize, projectomeReady, projectomeUrl } from './chaos-helpers.ts';
import { clearBrowserCache, downloadAll, fake, resultCount, smallRegion, tableIds, waitReady } from './helpers.ts';
import { type CacheOp, cacheOps, gridKey, recordSizes, storedKeys } from './idb-helpers.ts';

type Edit = 'flip-byte' | 'cut-half' | 'old-header' | 'move-to-old-key';

/** Edits the stored record of one experiment in IndexedDB ('bsv-cache' / 'volumes'). */
async function editRecord(page: Page, id: number, edit: Edit): Promise<void> {
  const key = gridKey(id);
  const op: CacheOp =
    edit === 'move-to-old-key'
      ? { op: 'move', from: key, to: gridKey(id, 0) }
      : { op: 'edit', key, edit: edit === 'flip-byte' ? { how: 'flip-byte', at: 48 + 1000 } : { how: edit } };
  await cacheOps(page, [op]);
}

/** Writes a record (and its index entry) the way an older version of the app did. */
async function seedRecord(page: Page, key: string, bytes: number): Promise<void> {
  await cacheOps(page, [{ op: 'put', key, zeros: bytes, meta: true }], true);
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('corrupted, wrong-length and old-format entries are evicted on read and downloaded again', async ({ page }) => {
  const errors = collectPageErrors(page);
  const region = smallRegion(await fake.world(), 5, 9);
  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
  await waitReady(page);
  const n = await resultCount(page);
  await downloadAll(page, `${n} of ${n} volumes ready`);
  const ids = await tableIds(page);
  const [flipped, cut, oldHeader, oldKey] = ids;
  if (oldKey === undefined || flipped === undefined || cut === undefined || oldHeader === undefined) throw new Error('need 4 experiments');
  await editRecord(page, flipped, 'flip-byte');
  await editRecord(page, cut, 'cut-half');
  await editRecord(page, oldHeader, 'old-header');
  await editRecord(page, oldKey, 'move-to-old-key');

  await fake.reset();
  await page.reload();
  await waitReady(page);
  await downloadAll(page, `${n} of ${n} volumes ready (${n - 4} from cache)`);
  const fetched = (await fake.requests({ path: '/grid_data/' })).filter((r) => r.status === 200).map((r) => r.experimentId);
  expect(new Set(fetched)).toEqual(new Set([flipped, cut, oldHeader, oldKey]));

  // Grids are stored packed (their non-zero voxels, about the download's size), not as 4.8 MB of float32.
  const sizes = [
    ...(
      await recordSizes(
        page,
        ids.map((id) => gridKey(id)),
      )
    ).values(),
  ];
  expect(
    sizes.every((b) => b > 0 && b < 0.5e6),
    `record bytes ${sizes.join(', ')}`,
  ).toBe(true);

  // The bad records were replaced by good ones: a third visit downloads nothing.
  await fake.reset();
  await page.reload();
  await waitReady(page);
  await downloadAll(page, `${n} of ${n} volumes ready (${n} from cache)`);
  expect(await fake.requests({ path: '/grid_data/' })).toHaveLength(0);
  // The old-format entry was never served; the start-up repair scan removed it, and the panel
  // counts only real entries.
  await page.getByRole('button', { name: 'Cache', exact: true }).click();
  await expect(page.getByTestId('cache-repair')).toContainText(/Checked \d+ entr/, { timeout: 30_000 });
  await expect.poll(() => storedKeys(page)).not.toContain(gridKey(oldKey, 0));
  await expect(page.getByTestId('cache-panel')).not.toContainText('(old format)');
  expect(errors).toEqual([]);
});

test('decoded float32 grids an older version stored (4.8 MB each) are deleted once the app has started', async ({ page }) => {
  const legacy = 'v1|ccf2017-mcc2019|density|100141219|100';
  await seedRecord(page, legacy, 48 + 132 * 80 * 114 * 4);
  expect(await storedKeys(page)).toContain(legacy);
  await page.reload();
  await waitReady(page);
  // the purge waits until the first view has had its turn, then removes record and index entry
  await expect.poll(() => storedKeys(page), { timeout: 30_000 }).not.toContain(legacy);
  expect(await storedKeys(page)).not.toContain(`meta|${legacy}`);
});

test('a download cut off half-way, or a short body, leaves nothing in IndexedDB', async ({ page }) => {
  const region = smallRegion(await fake.world(), 3, 6);
  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
  await waitReady(page);
  const n = await resultCount(page);
  const [victim] = await tableIds(page);
  if (victim === undefined) throw new Error('no experiment');
  // Every answer for that experiment is cut after half its body (Content-Length promises more).
  await fake.configure({ truncateRate: 1, match: `/${victim}?` });
  await downloadAll(page, `${n - 1} of ${n} volumes ready, 1 failed`);
  await expect(page.getByTestId('download-failures')).toContainText(`Experiment ${victim}`);
  const truncated = await fake.requests({ fault: 'truncate' });
  expect(truncated.length).toBeGreaterThanOrEqual(2);
  let keys = await storedKeys(page);
  expect(keys).not.toContain(gridKey(victim));
  expect(keys).not.toContain(`meta|${gridKey(victim)}`);
  expect(keys.filter((k) => k.includes('|grid|') && !k.startsWith('meta|'))).toHaveLength(n - 1);

  // Half the body with a matching Content-Length: only decoding can tell, and nothing is kept.
  await fake.reset();
  await fake.configure({ shortBodyRate: 1, match: `/${victim}?` });
  await page.getByTestId('download-failures').getByRole('button', { name: 'Retry failed' }).click();
  await expect(page.getByTestId('download-failures')).toContainText('corrupt or truncated', { timeout: 45_000 });
  expect((await fake.requests({ fault: 'short-body' })).length).toBeGreaterThanOrEqual(1);
  keys = await storedKeys(page);
  expect(keys).not.toContain(gridKey(victim));

  await fake.reset();
  await page.getByTestId('download-failures').getByRole('button', { name: 'Retry failed' }).click();
  await expect(page.getByTestId('download-failures')).toHaveCount(0, { timeout: 45_000 });
  // The batched write lands just after the volume is handed out.
  await expect.poll(() => storedKeys(page)).toContain(gridKey(victim));
});

test.describe('when the browser storage is full', () => {
  test.beforeEach(async ({ page }) => {
    // Every IndexedDB write fails as a full disk would, in the page and in the worker (which owns
    // the cache). A worker is patched as soon as it exists, long before the first grid is written.
    const fullDisk = (): void => {
      IDBObjectStore.prototype.put = function put(): IDBRequest {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    };
    await page.addInitScript(fullDisk);
    page.on('worker', (w) => void w.evaluate(fullDisk).catch(() => undefined));
  });

  test('the quota error is reported and downloads and the projectome still work without the cache', async ({ page }) => {
    const errors = collectPageErrors(page);
    const region = smallRegion(await fake.world());
    await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
    await waitReady(page);
    const n = await resultCount(page);
    await downloadAll(page, `${n} of ${n} volumes ready`);
    await expect(page.getByTestId('cache-notice')).toContainText('quota exceeded');
    // nothing but, at most, metadata the worker wrote before it was patched
    expect((await storedKeys(page)).filter((k) => !k.includes('|metadata|'))).toEqual([]);

    const pick = await projectomeOfSize(12);
    await page.goto(projectomeUrl(pick));
    await projectomeReady(page);
    await expect(page.getByTestId('projectome-experiments')).toHaveText(`${pick.planned} of ${pick.planned} experiments`);
    await expect(page.getByTestId('cache-notice')).toContainText('quota exceeded');
    expect(errors).toEqual([]);
  });
});
