// A repeat visit of a projectome link draws the link's stored first frame before the ontology,
// the experiment list, the atlases or the means are read, marks it "cached" (never "ready") with
// a note and no exports, then the checked result replaces it: the same picture. The frame is
// stored twice: its first AP alone (read by the main thread at t = 0) and the whole AP extent
// (read through the worker); each is tested alone.
import { expect, test, type Page } from '@playwright/test';
import { fake, storedKeys } from './helpers.ts';
import { cacheOps, isLinkFrameKey } from './idb-helpers.ts';
import { canvasPixels, canvasReady, firstVisitOfSmallProjectome, pixelDiff, projUrl, type Pixels } from './projectome-helpers.ts';

/** Records every data-render-state of the canvas and, at the first "cached" one, what was on screen. */
const RECORDER = `(() => {
  const rec = { states: [], cached: null };
  window.__rec = rec;
  new MutationObserver(() => {
    const wrap = document.querySelector('[data-testid="projectome-canvas"]');
    const state = wrap ? wrap.getAttribute('data-render-state') : null;
    if (!state || rec.states[rec.states.length - 1] === state) return;
    rec.states.push(state);
    if (state !== 'cached' || rec.cached) return;
    const c = wrap.querySelector('canvas');
    const off = document.createElement('canvas');
    off.width = c.width;
    off.height = c.height;
    const ctx = off.getContext('2d');
    ctx.drawImage(c, 0, 0);
    const bytes = ctx.getImageData(0, 0, c.width, c.height).data;
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    rec.cached = {
      width: c.width,
      height: c.height,
      base64: btoa(bin),
      note: document.querySelector('[data-testid="cached-note"]')?.textContent ?? null,
      exports: document.querySelectorAll('.export-bar').length,
      ap: wrap.getAttribute('data-drawn-ap'),
      legend: document.querySelector('.projectome-legend')?.textContent ?? null,
    };
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-render-state'] });
})();`;

interface Recorded {
  states: string[];
  cached: { width: number; height: number; base64: string; note: string | null; exports: number; ap: string | null; legend: string | null } | null;
}

/** Keys of the link snapshots in the app's cache database (not the page's picture, page-picture.spec.ts). */
const frameKeys = async (page: Page): Promise<string[]> => (await storedKeys(page)).filter(isLinkFrameKey);

/** The pixels of the recorded "cached" frame. */
const pixelsOf = (c: NonNullable<Recorded['cached']>): Pixels => ({ width: c.width, height: c.height, data: new Uint8Array(Buffer.from(c.base64, 'base64')) });

/** The "cached" frame a reload draws with the link record under `key` moved out of its key (put back afterwards), or null. */
async function cachedFrameWithout(page: Page, key: string): Promise<Pixels | null> {
  const moved = key.replace('frm-', 'moved-');
  await cacheOps(page, [{ op: 'move', from: key, to: moved }]);
  await page.reload();
  await canvasReady(page);
  const cached = await page.evaluate(() => (window as unknown as { __rec: Recorded }).__rec.cached);
  await cacheOps(page, [{ op: 'move', from: moved, to: key }]);
  return cached ? pixelsOf(cached) : null;
}

test('a repeat visit draws the stored frame first (cached, no exports), then the checked frame: the same picture', async ({ page }) => {
  test.setTimeout(180_000);
  await firstVisitOfSmallProjectome(page);
  const first = await canvasPixels(page);
  const legend = await page.locator('.projectome-legend').textContent();
  // the frame is stored after it was drawn: the whole snapshot and its first AP
  await expect.poll(() => frameKeys(page), { timeout: 30_000 }).toHaveLength(2);
  const keys = await frameKeys(page);
  const firstApKey = keys.find((k) => k.includes('-ap|'));
  const wholeKey = keys.find((k) => !k.includes('-ap|'));
  expect(firstApKey && wholeKey).toBeTruthy();

  await page.addInitScript({ content: RECORDER });
  await fake.reset();
  await page.reload();
  await canvasReady(page);
  const rec = await page.evaluate(() => (window as unknown as { __rec: Recorded }).__rec);
  expect(rec.states).toContain('cached');
  expect(rec.states.indexOf('cached')).toBeLessThan(rec.states.lastIndexOf('ready'));
  const cached = rec.cached;
  expect(cached).not.toBeNull();
  if (!cached) return;
  expect(cached.note).toMatch(/cache of this link .* checking it against the current data/);
  expect(cached.exports).toBe(0);
  // sources, counts and colour key as computed (the scale bar follows one React commit after the first draw)
  expect(cached.legend && legend?.startsWith(cached.legend)).toBe(true);
  expect(cached.legend).toMatch(/experiments.*ceiling/);
  expect(pixelDiff(pixelsOf(cached), first).pixels).toBe(0);
  // the checked frame replaces it, identical, and the note goes away
  expect(pixelDiff(await canvasPixels(page), first).pixels).toBe(0);
  await expect(page.getByTestId('cached-note')).toHaveCount(0);
  await expect(page.locator('.export-bar')).toHaveCount(1);
  // nothing was downloaded for the repeat visit
  expect(await fake.requests({ path: '/grid_data/' })).toEqual([]);
  // still the link's two records (not written again when unchanged)
  expect((await frameKeys(page)).sort()).toEqual([...keys].sort());

  // The first-AP record alone (the whole snapshot moved out of its key): the same first frame.
  // (the whole snapshot is read only when the first AP's is not enough: it is put back for that case)
  const alone = await cachedFrameWithout(page, wholeKey ?? '');
  expect(alone).not.toBeNull();
  if (!alone) return;
  expect(pixelDiff(alone, first).pixels).toBe(0);

  // The whole snapshot alone (an older record, or its first AP evicted): found by the first-AP
  // read's look-up, read by the worker, the same first frame.
  const older = await cachedFrameWithout(page, firstApKey ?? '');
  expect(older).not.toBeNull();
  if (!older) return;
  expect(pixelDiff(older, first).pixels).toBe(0);

  // A link of the same projectome at another AP: the first-AP record holds the other slice, so the
  // first frame is the whole snapshot's at this AP (never a blank section), as the checked one.
  const slider = page.getByRole('slider');
  await slider.focus();
  await slider.press('ArrowRight');
  await expect(page).toHaveURL(/ap=\d+/);
  await canvasReady(page);
  const next = await canvasPixels(page);
  expect(pixelDiff(next, first).pixels).toBeGreaterThan(0);
  await page.reload();
  await canvasReady(page);
  const other = await page.evaluate(() => (window as unknown as { __rec: Recorded }).__rec);
  expect(other.states).toContain('cached');
  expect(other.cached).not.toBeNull();
  if (!other.cached) return;
  expect(pixelDiff(pixelsOf(other.cached), next).pixels).toBe(0);
});

test('a target masked before needs no 100 µm atlas: a new combination of its sources is drawn from the stored mask, the same picture as without it', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const p = await firstVisitOfSmallProjectome(page);
  // the target's mask is stored with the atlas a little after it was built (backend/mask-cache.ts)
  const maskKeys = async (): Promise<string[]> => (await storedKeys(page)).filter((k) => /^v\d+\|[^|]+\|annotation\|mask-[0-9a-f]+\|100$/.test(k));
  await expect.poll(maskKeys, { timeout: 30_000 }).toHaveLength(1);
  // and each source's mean, written behind the first frame: on a loaded machine the mask's record
  // (2 s after the mask, built first) can land before the means (once all grids are averaged)
  const meanKeys = async (): Promise<string[]> => (await storedKeys(page)).filter((k) => /^v\d+\|[^|]+\|aggregate\|[^|]+-mean\|100$/.test(k));
  await expect.poll(meanKeys, { timeout: 30_000 }).toHaveLength(p.sources.length);

  // the same sources in another order: a new link, every source's mean stored, the mask stored
  const reordered = projUrl(p.target, [...p.sources].reverse());
  await page.goto(reordered);
  await canvasReady(page);
  const names = await page.evaluate(async () => {
    const get = (window as unknown as { __bsvWorkerMeasures?: (prefix: string) => Promise<Array<{ name: string }>> }).__bsvWorkerMeasures;
    if (!get) throw new Error('the worker measures are not exposed in this build');
    return (await get('bsv:')).map((m) => m.name);
  });
  expect(names).toContain('bsv:mask-read');
  expect(names).toContain('bsv:means-read');
  // a new link: its first-AP read found no whole snapshot either, so the worker was not asked for one
  expect(names).not.toContain('bsv:snapshot-whole-get');
  expect(
    names.filter((n) => n.startsWith('bsv:atlas100')),
    'the 100 µm atlas is neither read nor expanded',
  ).toEqual([]);
  const warm = await canvasPixels(page);

  // the same link in a browser that has nothing stored: the mask built from the atlas
  const size = page.viewportSize();
  const ctx = await browser.newContext(size ? { viewport: size } : {});
  try {
    const fresh = await ctx.newPage();
    await fresh.goto(reordered);
    await canvasReady(fresh);
    const d = pixelDiff(await canvasPixels(fresh), warm);
    expect(d.pixels, `max channel difference ${d.max}`).toBe(0);
  } finally {
    await ctx.close();
  }
});
