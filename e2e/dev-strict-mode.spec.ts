// Smoke test of the dev server (`vite`, as `npm run dev` and `npm run dev:offline` serve the app):
// React StrictMode mounts, unmounts and mounts every component, so every renderer is created,
// destroyed and created again on the same canvas while its first frame may be in flight. The
// projectome must still draw a real frame (not a blank canvas reported ready) with no error
// shown, its slider must keep drawing, and the slice grid must draw.
import { expect, test, type Page } from '@playwright/test';
import { projectomeReady } from './chaos-helpers.ts';
import { canvasStats, clearBrowserCache, fake, projectomeCanvasStats, smallProjectome, smallRegion } from './helpers.ts';

// the dev server compiles modules on their first request: minutes on 2 shared cores
test.describe.configure({ timeout: 300_000 });

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  return errors;
}

const canvasReady = (page: Page) => projectomeReady(page, 240_000);

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('dev server, StrictMode: a projectome link draws a non-blank frame with no error, and the slider draws', async ({ page }) => {
  const errors = watchErrors(page);
  const { target, sources } = await smallProjectome();
  await page.goto(`/?v=1&view=proj&t=${target}&s=${sources.join(',')}`);
  // served by vite dev (its client script), where main.tsx's StrictMode mounts twice
  await expect(page.locator('script[src="/@vite/client"]')).toHaveCount(1);
  await canvasReady(page);
  await expect(page.getByText('The frame could not be drawn.')).toHaveCount(0);
  // no service worker in dev: the app shell's worker is for production builds only
  expect(
    await page.evaluate(async () => ({
      registrations: (await navigator.serviceWorker.getRegistrations()).length,
      controlled: navigator.serviceWorker.controller !== null,
    })),
  ).toEqual({
    registrations: 0,
    controlled: false,
  });
  const first = await projectomeCanvasStats(page);
  expect(first.inked).toBeGreaterThan(0.2);
  expect(first.colours).toBeGreaterThan(4);

  const label = await page.getByTestId('ap-label').textContent();
  const slider = page.getByRole('slider');
  await slider.focus();
  await slider.press('ArrowRight');
  await expect(page.getByTestId('ap-label')).not.toHaveText(label ?? '');
  await canvasReady(page);
  const stepped = await projectomeCanvasStats(page);
  expect(stepped.hash).not.toBe(first.hash);
  expect(stepped.inked).toBeGreaterThan(0.2);
  await expect(page.getByText('The frame could not be drawn.')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('dev server, StrictMode: a slice grid link draws its figure', async ({ page }) => {
  const errors = watchErrors(page);
  const region = smallRegion(await fake.world(), 2, 5);
  await page.goto(`/?v=1&view=slices&r=${region.acronym}&t=CP&n=3&px=20`);
  const figure = page.getByTestId('slice-grid-figure');
  await expect(figure).toHaveAttribute('data-render-state', 'ready', { timeout: 240_000 });
  const stats = await canvasStats(figure.locator('canvas'));
  expect(stats.inked).toBeGreaterThan(0.05);
  expect(errors).toEqual([]);
});
