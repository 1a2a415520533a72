// The AP slider draws from what the canvas uploaded once per projectome: no worker message and
// no React render per step or per played frame, and after every change the slider can meet
// (new sources, new processing, partial previews, resize, a lost WebGL context, no float
// textures) the canvas shows what a fresh page opened on the same link shows.
import { expect, test, type Page } from '@playwright/test';
import { clearBrowserCache, fake, projectomeCanvasStats } from './helpers.ts';
import { canvasPixels, canvasReady, canvasWidth, drawnAp, freshPixels, pixelDiff, projUrl, smallProjectome, urlAtAp } from './projectome-helpers.ts';

/** Counts React commits (through the DevTools hook React calls when present) and messages posted to workers. */
const PROBE = `(() => {
  const probe = { commits: 0, posts: 0 };
  window.__probe = probe;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, isDisabled: false, renderers: new Map(),
    inject() { return 1; }, checkDCE() {}, onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot() { probe.commits++; },
  };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...args) { probe.posts++; return post.apply(this, args); };
})();`;

// each test opens the projectome and fresh pages of its links: minutes on 2 shared cores
test.describe.configure({ timeout: 240_000 });

const probe = (page: Page) => page.evaluate(() => (window as unknown as { __probe: { commits: number; posts: number } }).__probe);

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.addInitScript({ content: PROBE });
  await page.goto('/');
  await clearBrowserCache(page);
});

async function open(page: Page, extra = ''): Promise<{ target: string; sources: string[]; extra: string }> {
  const p = await smallProjectome();
  await page.goto(projUrl(p.target, p.sources, extra));
  await canvasReady(page);
  return p;
}

/**
 * Waits until the page's one-off message after its first checked frame has gone: the page's picture
 * for the next visit, captured a second after the frame, when the browser is idle
 * (data/page-picture-capture.ts). Counting worker messages before it could count that one.
 */
const pictureStored = (page: Page) => page.waitForFunction(() => performance.getEntriesByName('bsv:picture-stored').length > 0, undefined, { timeout: 30_000 });

test('Page Up/Down move the AP slider five slices, clamped to the target', async ({ page }) => {
  await open(page);
  const slider = page.getByRole('slider');
  const lo = Number(await slider.getAttribute('min'));
  const hi = Number(await slider.getAttribute('max'));
  await slider.focus();
  const start = await drawnAp(page);
  await slider.press('PageDown');
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-drawn-ap', String(Math.max(lo, start - 5)));
  await slider.press('PageUp');
  await slider.press('PageUp');
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-drawn-ap', String(Math.min(hi, Math.max(lo, start - 5) + 10)));
  await expect(page).toHaveURL(new RegExp(`ap=${Math.min(hi, Math.max(lo, start - 5) + 10) * 100}`));
});

test('an AP step is drawn in the same task from the uploaded stack: no worker message, no React render; each frame equals a fresh page of its link', async ({
  page,
}) => {
  await open(page);
  await pictureStored(page);
  const slider = page.getByRole('slider');
  await slider.focus();
  const start = await drawnAp(page);
  const before = await probe(page);
  const seen = new Set<number>();
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowRight', 'ArrowRight'] as const) {
    // the keydown's own task draws: the canvas is ready at the new AP when press() returns
    await slider.press(key);
    const ap = Number(await page.getByTestId('projectome-canvas').getAttribute('data-drawn-ap'));
    expect(await page.getByTestId('projectome-canvas').getAttribute('data-render-state')).toBe('ready');
    expect(await page.getByTestId('ap-label').textContent()).toBe(`AP ${ap * 100} µm (CCF)`);
    await expect(page.getByTestId('ap-title')).toHaveText(`AP ${ap * 100} µm`);
    seen.add(ap);
  }
  expect([...seen]).toEqual([start + 1, start + 2, start + 3, start + 4]);
  const after = await probe(page);
  expect(after.posts - before.posts).toBe(0);
  expect(after.commits - before.commits).toBe(0);
  // the probe does count: a legend toggle is a React render
  await page.getByTestId('projectome-legend').getByRole('checkbox').first().uncheck();
  await canvasReady(page);
  expect((await probe(page)).commits).toBeGreaterThan(after.commits);
  await page.getByTestId('projectome-legend').getByRole('checkbox').first().check();
  await canvasReady(page);

  const ap = await drawnAp(page);
  const here = await canvasPixels(page);
  const fresh = await freshPixels(page, await urlAtAp(page, ap));
  expect(fresh.ap).toBe(ap);
  expect(pixelDiff(here, fresh.pixels)).toEqual({ max: 0, pixels: 0 });
  const stats = await projectomeCanvasStats(page);
  expect(stats.inked).toBeGreaterThan(0.2);
  expect(stats.colours).toBeGreaterThan(4);
});

test('play sweeps the AP extent frame after frame without React renders or worker messages; pause keeps a correct frame', async ({ page }) => {
  await open(page);
  await pictureStored(page);
  const wrap = page.getByTestId('projectome-canvas');
  await page.getByRole('button', { name: 'Play an AP sweep through the target' }).click();
  await expect(page.getByRole('button', { name: 'Pause the AP sweep' })).toBeVisible();
  const before = await probe(page);
  // watch the drawn AP change frame after frame
  const aps = await page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const el = document.querySelector('[data-testid="projectome-canvas"]');
        const seen: number[] = [];
        const tick = (): void => {
          const ap = Number(el?.getAttribute('data-drawn-ap'));
          if (seen[seen.length - 1] !== ap) seen.push(ap);
          if (seen.length >= 12) resolve(seen);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  const during = await probe(page);
  await page.getByRole('button', { name: 'Pause the AP sweep' }).click();
  expect(during.posts - before.posts).toBe(0);
  expect(during.commits - before.commits).toBe(0);
  // one step at a time, wrapping from the last AP to the first
  const min = Number(await page.getByRole('slider').getAttribute('min'));
  const max = Number(await page.getByRole('slider').getAttribute('max'));
  aps.slice(1).forEach((ap, i) => expect(ap === (aps[i] ?? 0) + 1 || (ap === min && aps[i] === max)).toBe(true));
  await canvasReady(page);
  const ap = Number(await wrap.getAttribute('data-drawn-ap'));
  expect(pixelDiff(await canvasPixels(page), (await freshPixels(page, await urlAtAp(page, ap))).pixels)).toEqual({ max: 0, pixels: 0 });
});

test('new sources: the frame at the same AP equals a fresh page of the new link', async ({ page }) => {
  await open(page);
  // a small upstream source the app lists and does not show yet
  const rows = page.getByTestId('upstream-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const extra = await rows.evaluateAll((trs) => {
    const row = trs.find((tr) => {
      const box = tr.querySelector<HTMLInputElement>('input[type="checkbox"]');
      const n = Number(tr.querySelector('td.num')?.textContent);
      return box && !box.checked && n >= 1 && n <= 6;
    });
    return row?.querySelector('td[title]')?.textContent?.trim() ?? '';
  });
  expect(extra).not.toBe('');
  const slider = page.getByRole('slider');
  await slider.focus();
  await slider.press('ArrowLeft');
  await slider.press('ArrowLeft');
  const ap = await drawnAp(page);
  const before = await canvasPixels(page);
  await page.getByRole('checkbox', { name: `Show ${extra}` }).check();
  await expect(page.getByTestId('projectome-legend')).toContainText(extra);
  await canvasReady(page);
  expect(await drawnAp(page)).toBe(ap);
  const here = await canvasPixels(page);
  expect(pixelDiff(here, before).pixels).toBeGreaterThan(0);
  expect(pixelDiff(here, (await freshPixels(page, await urlAtAp(page, ap))).pixels)).toEqual({ max: 0, pixels: 0 });
});

test('new processing: thickness and hemisphere subtraction reload the stack, a new percentile is a gain; each equals a fresh page', async ({ page }) => {
  await open(page);
  const slider = page.getByRole('slider');
  await slider.focus();
  await slider.press('ArrowRight');
  const ap = await drawnAp(page);
  let last = await canvasPixels(page);
  const change = async (what: () => Promise<unknown>, param: RegExp, tolerance: number) => {
    await what();
    await expect(page).toHaveURL(param);
    await canvasReady(page);
    expect(await drawnAp(page)).toBe(ap);
    const here = await canvasPixels(page);
    expect(pixelDiff(here, last).pixels).toBeGreaterThan(0);
    const fresh = await freshPixels(page, await urlAtAp(page, ap));
    // a gain (stack ceiling ÷ new ceiling) may round an opacity one 8-bit level apart from a fresh stack
    expect(pixelDiff(here, fresh.pixels, tolerance).pixels).toBe(0);
    last = here;
  };
  await change(() => page.getByLabel('Slice thickness (±100 µm)').fill('0'), /th=0/, 0);
  await change(() => page.getByLabel('Other hemisphere').selectOption('sub'), /hemi=sub/, 0);
  const stacks = await page.evaluate(() => performance.getEntriesByName('bsv:stack').length);
  await change(() => page.getByLabel('Ceiling percentile').fill('60'), /pct=60/, 1);
  // the percentile changed only the ceiling: the canvas kept its stack (no new one was loaded)
  expect(await page.evaluate(() => performance.getEntriesByName('bsv:stack').length)).toBe(stacks);
});

test('partial previews while volumes arrive: stepping through them, the final frame equals a fresh page', async ({ page }) => {
  const p = await smallProjectome();
  await fake.configure({ latencyMs: 600, match: '/grid_data/' });
  await page.goto(projUrl(p.target, p.sources));
  const wrap = page.getByTestId('projectome-canvas');
  await expect(wrap).toHaveAttribute('data-render-state', 'partial', { timeout: 45_000 });
  const slider = page.getByRole('slider');
  await slider.focus();
  await slider.press('ArrowRight');
  // a preview is a preview: never "ready"
  await expect(wrap).toHaveAttribute('data-render-state', /partial|loading/);
  await slider.press('ArrowRight');
  await canvasReady(page);
  await expect(page.getByTestId('partial-note')).toHaveCount(0);
  await fake.configure({ latencyMs: 0 });
  const ap = await drawnAp(page);
  expect(pixelDiff(await canvasPixels(page), (await freshPixels(page, await urlAtAp(page, ap))).pixels)).toEqual({ max: 0, pixels: 0 });
});

test('resize: the frame is redrawn at the new size and equals a fresh page of that size', async ({ page }) => {
  await open(page);
  const small = await canvasPixels(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await expect.poll(() => canvasWidth(page)).toBeGreaterThan(small.width);
  await canvasReady(page);
  const ap = await drawnAp(page);
  const here = await canvasPixels(page);
  expect((await projectomeCanvasStats(page)).inked).toBeGreaterThan(0.2);
  // the AP was never moved: the link has none and opens the same (middle) AP
  expect(page.url()).not.toMatch(/[?&]ap=/);
  const fresh = await freshPixels(page, page.url());
  expect(fresh.ap).toBe(ap);
  expect(pixelDiff(here, fresh.pixels)).toEqual({ max: 0, pixels: 0 });
});

test('a lost WebGL context is rebuilt from the CPU-side copies: the same frame, and the slider still draws', async ({ page }) => {
  await open(page);
  const before = await canvasPixels(page);
  const wrap = page.getByTestId('projectome-canvas');
  await page.evaluate(() => {
    const gl = document.querySelector<HTMLCanvasElement>('[data-testid="projectome-canvas"] canvas')?.getContext('webgl');
    const ext = gl?.getExtension('WEBGL_lose_context');
    if (!ext) throw new Error('no WEBGL_lose_context');
    (window as unknown as { __lose: WEBGL_lose_context }).__lose = ext;
    ext.loseContext();
  });
  await expect(wrap).toHaveAttribute('data-render-state', 'loading');
  // a step while the context is lost is drawn once it is back
  const slider = page.getByRole('slider');
  await slider.focus();
  await slider.press('ArrowRight');
  await slider.press('ArrowLeft');
  await page.evaluate(() => (window as unknown as { __lose: WEBGL_lose_context }).__lose.restoreContext());
  await canvasReady(page);
  expect(pixelDiff(await canvasPixels(page), before)).toEqual({ max: 0, pixels: 0 });
  await slider.press('ArrowRight');
  await canvasReady(page);
  const ap = await drawnAp(page);
  expect(pixelDiff(await canvasPixels(page), (await freshPixels(page, await urlAtAp(page, ap))).pixels)).toEqual({ max: 0, pixels: 0 });
  await expect(page.getByText('The frame could not be drawn.')).toHaveCount(0);
});

test('a WebGL context lost while the renderer is being made is restored and drawn: the same frame as a fresh page', async ({ page }) => {
  // the projectome canvas's context is lost the moment it is made, before regl and the programs
  // (the renderer's set-up runs in several tasks), and restored 300 ms later
  await page.addInitScript({
    content: `(() => {
      const get = HTMLCanvasElement.prototype.getContext;
      let done = false;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        const gl = get.call(this, type, ...rest);
        if (!done && type === 'webgl' && gl && this.closest('[data-testid="projectome-canvas"]')) {
          done = true;
          const ext = gl.getExtension('WEBGL_lose_context');
          const seen = { lost: null, prevented: null };
          window.__setupLoss = seen;
          this.addEventListener('webglcontextlost', (e) => { seen.lost = e; }, { once: true });
          ext.loseContext();
          setTimeout(() => { seen.prevented = seen.lost ? seen.lost.defaultPrevented : null; ext.restoreContext(); }, 300);
        }
        return gl;
      };
    })();`,
  });
  await open(page);
  // the loss happened, and the page asked for the context back (else the browser never restores it)
  expect(await page.evaluate(() => (window as unknown as { __setupLoss?: { prevented: boolean | null } }).__setupLoss?.prevented)).toBe(true);
  // the link's default AP: the fresh page opens the same link
  const fresh = await freshPixels(page, page.url());
  expect(fresh.ap).toBe(await drawnAp(page));
  expect(pixelDiff(await canvasPixels(page), fresh.pixels)).toEqual({ max: 0, pixels: 0 });
  await expect(page.getByText(/WebGL is not available/)).toHaveCount(0);
  await expect(page.getByText('The frame could not be drawn.')).toHaveCount(0);
});

test('without float textures the opacities are 8-bit: the same picture within two levels (8-bit opacities, then the 8-bit composite of the sources)', async ({
  page,
  browser,
}) => {
  const p = await open(page);
  const slider = page.getByRole('slider');
  await slider.focus();
  await slider.press('ArrowRight');
  const ap = await drawnAp(page);
  const url = await urlAtAp(page, ap);
  const float = await canvasPixels(page);
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-opacity-texture', 'float');
  const ctx = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  await ctx.addInitScript(() => {
    for (const proto of [WebGLRenderingContext.prototype]) {
      const get = proto.getExtension;
      proto.getExtension = function (this: WebGLRenderingContext, name: string) {
        return /texture_float/i.test(name) ? null : get.call(this, name);
      } as typeof proto.getExtension;
      const list = proto.getSupportedExtensions;
      proto.getSupportedExtensions = function (this: WebGLRenderingContext) {
        return (list.call(this) ?? []).filter((n) => !/texture_float/i.test(n));
      };
    }
  });
  const other = await ctx.newPage();
  await other.goto(url);
  await canvasReady(other);
  await expect(other.getByTestId('projectome-canvas')).toHaveAttribute('data-opacity-texture', 'bytes');
  const bytes = await canvasPixels(other);
  expect(pixelDiff(bytes, float, 2).pixels).toBe(0);
  expect((await projectomeCanvasStats(other)).inked).toBeGreaterThan(0.2);
  // a new ceiling re-quantises the opacities there: as a fresh 8-bit page of the new link, within one level
  await other.getByLabel('Ceiling percentile').fill('60');
  await expect(other).toHaveURL(/pct=60/);
  await canvasReady(other);
  const requantised = await canvasPixels(other);
  expect(pixelDiff(requantised, bytes).pixels).toBeGreaterThan(0);
  const fresh = await ctx.newPage();
  await fresh.goto(await urlAtAp(other, ap));
  await canvasReady(fresh);
  expect(pixelDiff(requantised, await canvasPixels(fresh), 1).pixels).toBe(0);
  await ctx.close();
  expect(p.sources).toHaveLength(5);
});
