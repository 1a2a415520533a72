import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { clearBrowserCache, fake, projectomeCanvasStats } from './helpers.ts';
import { canvasReady, projUrl, smallProjectome } from './projectome-helpers.ts';

// Issue #16: boundaries drawn from the 25 µm annotation when the user chooses it (URL atlas=25),
// downloaded once and cached as label runs; a failing annotation_25 falls back to 50 µm with a
// message. Numbers never use it (annotation_100 only).

const SHOTS = 'test-results/atlas-25-shots';

/** The projectome canvas is ready and its frame was drawn over sections of `um` µm. */
async function drawnAt(page: Page, um: 25 | 50): Promise<void> {
  const canvas = page.getByTestId('projectome-canvas');
  await expect(canvas).toHaveAttribute('data-drawn-atlas-um', String(um), { timeout: 90_000 });
  await canvasReady(page, 90_000);
  await expect(page.getByTestId('projectome-view')).toHaveAttribute('data-render-state', 'ready', { timeout: 90_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.getByTestId('projectome-canvas').screenshot({ path: `${SHOTS}/${name}.png` });
}

const annotation25 = async () => (await fake.requests({ path: 'annotation_25.nrrd' })).filter((r) => r.status !== 0);

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('the slices view keeps atlas=25 without downloading it; the projectome draws 25 µm boundaries, downloaded once, then from the cache', async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const { target, sources } = await smallProjectome();

  // The slice grid draws bins of the 100 µm mask, no atlas boundaries: the preference is kept in
  // the link (and across tabs), the 25 µm file is not asked for.
  await page.goto(`/?v=1&view=slices&r=${sources[0] ?? ''}&t=${target}&n=3&atlas=25`);
  await expect(page.getByTestId('slice-grid-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 60_000 });
  expect(new URL(page.url()).searchParams.get('atlas')).toBe('25');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Upstream projectome', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('proj');
  expect(new URL(page.url()).searchParams.get('atlas'), 'a display preference of every view').toBe('25');
  expect(await annotation25()).toHaveLength(0);

  // The projectome at the default 50 µm.
  await page.goto(projUrl(target, sources));
  await drawnAt(page, 50);
  await shot(page, 'projectome-50um');
  const at50 = await projectomeCanvasStats(page);
  expect(await annotation25()).toHaveLength(0);
  const control = page.getByLabel('Boundary atlas');
  await expect(page.getByTestId('boundary-atlas-hint'), 'the cost is said before the download starts').toContainText(/downloads ~\d+(\.\d)? MB once/);

  // Choose 25 µm: a one-time download with progress, then finer boundaries.
  await control.selectOption('25');
  await expect.poll(() => new URL(page.url()).searchParams.get('atlas')).toBe('25');
  await expect(page.getByTestId('boundary-atlas-status')).toContainText('downloaded and cached', { timeout: 90_000 });
  await drawnAt(page, 25);
  await shot(page, 'projectome-25um');
  const at25 = await projectomeCanvasStats(page);
  expect(at25.inked, 'the 25 µm frame is not blank').toBeGreaterThan(0.05);
  expect(at25.hash, 'the 25 µm frame differs from the 50 µm one').not.toBe(at50.hash);
  const requested = await annotation25();
  expect(requested.map((r) => r.status)).toEqual([200]);
  await page.getByTestId('boundary-atlas').screenshot({ path: `${SHOTS}/control-25um-downloaded.png` });
  // the cache panel says what it cost: the download, the runs held, the time to build them
  await page.getByRole('button', { name: 'Cache', exact: true }).click();
  const line = page.getByTestId('atlas-source').filter({ hasText: '25 µm annotation' });
  await expect(line).toContainText(/downloaded, held as [\d.]+ MB of label runs, built in [\d.]+ s/, { timeout: 10_000 });
  console.log(`atlas-25: ${await line.textContent()}`);
  await page.getByRole('button', { name: 'Cache', exact: true }).click();
  // numbers: still only annotation_100 and the drawing atlas, no other annotation
  const others = (await fake.requests({ path: 'annotation_' })).map((r) => r.path.split('/').pop());
  expect(others.filter((p) => p !== 'annotation_100.nrrd' && p !== 'annotation_50.nrrd' && p !== 'annotation_25.nrrd')).toEqual([]);

  // Reload the link: the runs come from IndexedDB, no second request.
  await fake.reset();
  await page.reload();
  await drawnAt(page, 25);
  await expect(page.getByTestId('boundary-atlas-status')).toContainText('cache');
  expect(await annotation25(), 'served from the browser cache').toHaveLength(0);

  // The sagittal plane draws from the same 25 µm runs (whole AP rows expanded), no new download.
  await page.locator('input[name="projectome-plane"][value="sagittal"]').check();
  await expect.poll(() => new URL(page.url()).searchParams.get('plane')).toBe('sagittal');
  await drawnAt(page, 25);
  await shot(page, 'projectome-25um-sagittal');
  expect((await projectomeCanvasStats(page)).inked, 'the 25 µm sagittal frame is not blank').toBeGreaterThan(0.05);
  expect(await annotation25()).toHaveLength(0);
  await page.locator('input[name="projectome-plane"][value="coronal"]').check();

  // Back to 50 µm: the same figure as before.
  await page.getByLabel('Boundary atlas').selectOption('50');
  await drawnAt(page, 50);
  expect(new URL(page.url()).searchParams.get('atlas')).toBeNull();
  expect(errors).toEqual([]);
});

test('a failing annotation_25 falls back to the 50 µm boundaries with a message, never a stuck load', async ({ page }) => {
  test.setTimeout(180_000);
  const { target, sources } = await smallProjectome();
  await fake.configure({ failAlways: ['annotation_25'], status: 404 });
  await page.goto(projUrl(target, sources, '&atlas=25'));
  await drawnAt(page, 50);
  await expect(page.getByTestId('atlas-fallback')).toContainText('drawn from the 50 µm annotation');
  await expect(page.getByTestId('boundary-atlas-error')).toContainText('25 µm annotation could not be loaded');
  await expect(page.getByTestId('boundary-atlas-progress')).toHaveCount(0);
  await shot(page, 'projectome-25um-failed-fallback-50um');
  await page.getByTestId('projectome-view').screenshot({ path: `${SHOTS}/view-25um-failed-message.png` });
  await page.getByTestId('boundary-atlas').screenshot({ path: `${SHOTS}/control-25um-failed.png` });
  const asked = await fake.requests({ path: 'annotation_25.nrrd' });
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.every((r) => r.status === 404)).toBe(true);
  expect((await projectomeCanvasStats(page)).inked).toBeGreaterThan(0.05);
});
