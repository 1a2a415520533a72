// A repeat visit of a projectome link shows the page's stored picture (data/page-picture.ts) the
// moment the page's entry runs, before the app's own chunk has even loaded: the page as it was left
// (its DOM and its canvas's pixels), inert and hidden from assistive technology, with nothing the
// app or tests look up (ids, test ids, render states, names). The live page replaces it when its
// canvas draws, or at once when the user presses a key. A window of another size has no picture of
// its own, so none is shown.
import { expect, test, type Page } from '@playwright/test';
import { storedKeys } from './helpers.ts';
import { cacheOps, isPictureKey, recordSizes } from './idb-helpers.ts';
import { canvasReady, firstVisitOfSmallProjectome } from './projectome-helpers.ts';

const pictureKeys = async (page: Page): Promise<string[]> => (await storedKeys(page)).filter(isPictureKey);

/** Records, from the page's own start, when the projectome canvas first showed a frame (ms since navigation). */
const FIRST_DRAWN = `(() => {
  window.__firstDrawn = null;
  new MutationObserver(() => {
    const state = document.querySelector('[data-testid="projectome-canvas"]')?.getAttribute('data-render-state');
    if (window.__firstDrawn === null && state && state !== 'loading') window.__firstDrawn = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-render-state'] });
})();`;

/** Share of pixels of two same-sized PNG screenshots whose largest channel difference exceeds 24 levels (decoded by the browser). */
async function screenshotDiff(page: Page, a: Buffer, b: Buffer): Promise<{ share: number; width: number; height: number }> {
  return page.evaluate(
    async ([a64, b64]) => {
      const pixels = async (base64: string) => {
        // (the app's CSP allows no fetch of data: URLs)
        const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const c = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = c.getContext('2d');
        if (!ctx) throw new Error('no 2d context');
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = [await pixels(a64), await pixels(b64)];
      if (x.width !== y.width || x.height !== y.height) throw new Error('screenshots differ in size');
      let differing = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        let max = 0;
        for (let k = 0; k < 3; k++) max = Math.max(max, Math.abs((x.data[i + k] ?? 0) - (y.data[i + k] ?? 0)));
        if (max > 24) differing++;
      }
      return { share: differing / (x.width * x.height), width: x.width, height: x.height };
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

test('a repeat visit shows the page as it was left before the app runs; the live page takes over when its canvas draws', async ({ page, context }) => {
  test.setTimeout(180_000);
  await firstVisitOfSmallProjectome(page);
  // captured once the checked frame has stayed on screen for a second and the page is idle
  await expect.poll(() => pictureKeys(page), { timeout: 30_000 }).toHaveLength(1);
  const [bytes] = [...(await recordSizes(page, await pictureKeys(page))).values()];
  console.log(`the page's picture record: ${((bytes ?? 0) / 1e3).toFixed(0)} kB`);
  const live = await page.screenshot();

  // only the page's entry runs: the app's own chunk is held back
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/start-app-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await context.addInitScript({ content: FIRST_DRAWN });
  await page.reload({ waitUntil: 'commit' });
  const picture = page.getByTestId('page-picture');
  await expect(picture).toHaveAttribute('data-render-state', 'picture');
  await expect(page.getByTestId('projectome-view')).toHaveCount(0);
  expect(await picture.getAttribute('aria-hidden')).toBe('true');
  expect(await picture.evaluate((el) => (el as HTMLElement).inert)).toBe(true);
  expect(await picture.locator('[id], [data-testid], [data-render-state], [name], [for], script').count()).toBe(0);
  // the page as it was: the same pixels within anti-aliasing (text, boundaries, densities, controls)
  const shot = await page.screenshot();
  await page.screenshot({ path: 'test-results/page-picture.png' });
  const diff = await screenshotDiff(page, live, shot);
  console.log(`stored picture vs the live page: ${(diff.share * 100).toFixed(2)} % of ${diff.width}×${diff.height} px differ`);
  expect(diff.share).toBeLessThan(0.01);
  // the picture canvas holds the frame's pixels, not a blank
  const inked = await picture.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray(0);
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if ((d[i] ?? 255) < 100) dark++;
    return dark;
  });
  expect(inked).toBeGreaterThan(100);

  release();
  await canvasReady(page);
  await expect(picture).toHaveCount(0);
  const t = await page.evaluate(() => {
    const m = performance.getEntriesByName('bsv:picture', 'measure')[0];
    return { picture: m ? m.startTime + m.duration : null, drawn: (window as unknown as { __firstDrawn: number | null }).__firstDrawn };
  });
  expect(t.picture).not.toBeNull();
  expect(t.drawn).not.toBeNull();
  expect(t.picture ?? Infinity).toBeLessThan(t.drawn ?? 0);
  await page.unroute(/\/assets\/start-app-[^/]*\.js$/);

  // a key pressed while the picture is up takes it away at once: the user gets the live page (still loading)
  let releaseAgain = (): void => undefined;
  const heldAgain = new Promise<void>((resolve) => (releaseAgain = resolve));
  await page.route(/\/assets\/start-app-[^/]*\.js$/, async (route) => {
    await heldAgain;
    await route.continue();
  });
  await page.reload({ waitUntil: 'commit' });
  await expect(picture).toHaveAttribute('data-render-state', 'picture');
  await page.keyboard.press('Tab');
  await expect(picture).toHaveCount(0);
  releaseAgain();
  await canvasReady(page);
  await page.unroute(/\/assets\/start-app-[^/]*\.js$/);

  // a window of another size has no picture of its own: the page is drawn live only
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.reload();
  await canvasReady(page);
  expect(await page.evaluate(() => performance.getEntriesByName('bsv:picture-read', 'measure').length)).toBe(1);
  expect(await page.evaluate(() => performance.getEntriesByName('bsv:picture', 'measure').length)).toBe(0);
});

/** The page's hold of the app for its picture (data/page-picture.ts 'bsv:app-held'), the picture's insertion and the first paint (ms from navigation). */
const holdTimeline = (page: Page) =>
  page.evaluate(() => {
    const held = performance.getEntriesByName('bsv:app-held', 'measure')[0] as PerformanceMeasure | undefined;
    const picture = performance.getEntriesByName('bsv:picture', 'measure')[0];
    return {
      held: held ? { end: held.startTime + held.duration, why: String(held.detail) } : null,
      picture: picture ? picture.startTime + picture.duration : null,
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      appStart: performance.getEntriesByName('bsv:app-start', 'mark')[0]?.startTime ?? null,
    };
  });
const pictureHints = (page: Page): Promise<number> => page.evaluate(() => (JSON.parse(localStorage.getItem('bsv:page-pictures') ?? '[]') as unknown[]).length);

test('a repeat visit starts the app once its picture is on screen; a hint with no picture behind it is forgotten', async ({ page }) => {
  test.setTimeout(180_000);
  await firstVisitOfSmallProjectome(page);
  // the first visit had no picture to wait for
  expect((await holdTimeline(page)).held).toBeNull();
  await expect.poll(() => pictureKeys(page), { timeout: 30_000 }).toHaveLength(1);
  expect(await pictureHints(page)).toBe(1);

  await page.reload({ waitUntil: 'commit' });
  await canvasReady(page);
  const t = await holdTimeline(page);
  console.log(
    `repeat visit: picture in the page at ${t.picture?.toFixed(0)} ms, first paint ${t.paint?.toFixed(0)} ms, hold ended (${t.held?.why}) at ${t.held?.end.toFixed(0)} ms, app started ${t.appStart?.toFixed(0)} ms`,
  );
  expect(t.held).not.toBeNull();
  expect(t.picture).not.toBeNull();
  // the app started after the hold (when the picture was on screen, or at the cap on a slow machine)
  expect(t.appStart ?? -1).toBeGreaterThanOrEqual(t.held?.end ?? Infinity);
  if (t.held?.why === 'on screen') expect(t.picture ?? Infinity).toBeLessThanOrEqual(t.held.end);
  else expect(t.held?.why).toBe('timed out');

  // the picture's record gone (evicted, or the cache cleared) but its hint still there: the app
  // starts once the read finds nothing, and the hint goes
  const [key] = await pictureKeys(page);
  await cacheOps(page, [{ op: 'move', from: key ?? '', to: 'moved-away' }]);
  await page.reload({ waitUntil: 'commit' });
  await expect.poll(async () => (await holdTimeline(page)).held?.why ?? null, { timeout: 30_000 }).toBe('no picture');
  // (read before the live page's own picture is captured, a second after its frame, and noted again)
  expect(await pictureHints(page)).toBe(0);
  await canvasReady(page);
  expect((await holdTimeline(page)).picture).toBeNull();

  // the picture there but its hint lost (localStorage cleared): shown without a hold, and noted again
  await expect.poll(() => pictureKeys(page), { timeout: 30_000 }).toHaveLength(1);
  await expect.poll(() => pictureHints(page), { timeout: 30_000 }).toBe(1);
  await page.evaluate(() => localStorage.removeItem('bsv:page-pictures'));
  await page.reload({ waitUntil: 'commit' });
  await canvasReady(page);
  const unhinted = await holdTimeline(page);
  expect(unhinted.picture).not.toBeNull();
  expect(unhinted.held).toBeNull();
  expect(await pictureHints(page)).toBe(1);
});
