// Two tabs of one browser profile open the same projectome link at once: they share IndexedDB,
// and each grid download runs under a Web Lock named after its experiment (download-queue.ts), so
// the second tab waits for the first tab's download and reads the stored grid instead of fetching
// it again. Grid answers are slowed so both tabs really ask for the same grids at the same time.
import { expect, test } from '@playwright/test';
import { collectPageErrors, projectomeOfSize, projectomeReady, projectomeUrl } from './chaos-helpers.ts';
import { clearBrowserCache, fake } from './helpers.ts';

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('two tabs loading the same projectome download every grid once and draw the same frame', async ({ page, context }) => {
  test.setTimeout(180_000);
  const picked = await projectomeOfSize(8);
  const ids = picked.sources.flatMap((s) => s.experimentIds);
  const url = projectomeUrl(picked);
  const second = await context.newPage();
  const errors = [...collectPageErrors(page), ...collectPageErrors(second)];
  await fake.reset();
  await fake.configure({ latencyMs: 400, match: '/grid_data/' });
  // both tabs start before either has stored a grid
  await Promise.all([page.goto(url), second.goto(url)]);
  await Promise.all([projectomeReady(page, 120_000), projectomeReady(second, 120_000)]);

  const grids = (await fake.requests({ path: '/grid_data/' })).filter((r) => r.status === 200 && r.experimentId !== undefined);
  const perId = new Map<number, number>();
  for (const r of grids) perId.set(r.experimentId ?? -1, (perId.get(r.experimentId ?? -1) ?? 0) + 1);
  const twice = [...perId].filter(([, n]) => n > 1).map(([id]) => id);
  expect(twice, 'grids downloaded by both tabs').toEqual([]);
  // every planned grid was downloaded by one tab or the other (none came from an earlier cache)
  expect(new Set(perId.keys())).toEqual(new Set(ids));

  // the same picture in both tabs
  const frame = (p: typeof page) => p.getByTestId('projectome-canvas').locator('canvas').screenshot();
  expect(Buffer.compare(await frame(page), await frame(second))).toBe(0);
  await expect(page.getByTestId('projectome-view')).toContainText(picked.sources[0]?.acronym ?? '');
  expect(errors).toEqual([]);
});
