// Shared by the projectome specs: a small projectome of the fake world, readiness waits on the
// canvas's own data-render-state / data-drawn-ap (never sleeps), and pixel comparisons of the
// WebGL canvas (the renderer keeps its drawing buffer, so it can be read after presentation).
import { expect, type Page } from '@playwright/test';
import { clearBrowserCache, fake, projectomeCanvasStats, smallProjectome } from './helpers.ts';

export { smallProjectome } from './helpers.ts';

export const projUrl = (target: string, sources: readonly string[], extra = ''): string => `/?v=1&view=proj&t=${target}&s=${sources.join(',')}${extra}`;

export function canvasReady(page: Page, timeout = 45_000) {
  return expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-render-state', 'ready', { timeout });
}

/** The AP index the canvas shows (data-drawn-ap), once it is ready. */
export async function drawnAp(page: Page): Promise<number> {
  await canvasReady(page);
  return Number(await page.getByTestId('projectome-canvas').getAttribute('data-drawn-ap'));
}

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA bytes, row-major. */
  readonly data: Uint8Array;
}

/** RGBA bytes of a page's projectome canvas (its drawing buffer, as presented), base64 across the wire. */
export async function canvasPixels(page: Page): Promise<Pixels> {
  const r = await page
    .getByTestId('projectome-canvas')
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => {
      const off = document.createElement('canvas');
      off.width = c.width;
      off.height = c.height;
      const ctx = off.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.drawImage(c, 0, 0);
      const bytes = ctx.getImageData(0, 0, c.width, c.height).data;
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { width: c.width, height: c.height, base64: btoa(bin) };
    });
  return { width: r.width, height: r.height, data: new Uint8Array(Buffer.from(r.base64, 'base64')) };
}

/**
 * The fake's log reset, the browser cache emptied, then a small projectome drawn: a first visit
 * with nothing stored (its means, mask, sections, link frame and page picture are stored after).
 */
export async function firstVisitOfSmallProjectome(page: Page): Promise<{ target: string; sources: string[]; url: string }> {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
  const p = await smallProjectome();
  const url = projUrl(p.target, p.sources);
  await page.goto(url);
  await canvasReady(page);
  return { target: p.target, sources: [...p.sources], url };
}

/** Drawing-buffer width of a page's projectome canvas. */
export const canvasWidth = (page: Page): Promise<number> =>
  page
    .getByTestId('projectome-canvas')
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => c.width);

/** Largest channel difference and the pixels differing by more than `tolerance` levels. */
export function pixelDiff(a: Pixels, b: Pixels, tolerance = 0) {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`canvas sizes differ: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  let max = 0;
  let pixels = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let d = 0;
    for (let k = 0; k < 3; k++) d = Math.max(d, Math.abs((a.data[i + k] ?? 0) - (b.data[i + k] ?? 0)));
    max = Math.max(max, d);
    if (d > tolerance) pixels++;
  }
  return { max, pixels };
}

/**
 * Opens `url` in a new page of the same browser context (same cache, same window size) and
 * returns its canvas pixels once its frame is ready: the frame a fresh mount draws for that link.
 */
export async function freshPixels(page: Page, url: string) {
  const other = await page.context().newPage();
  try {
    const size = page.viewportSize();
    if (size) await other.setViewportSize(size);
    await other.goto(url);
    await canvasReady(other);
    return { pixels: await canvasPixels(other), stats: await projectomeCanvasStats(other), ap: await drawnAp(other) };
  } finally {
    await other.close();
  }
}

/** The URL once the address bar shows AP `apIndex` (AP writes to the URL are throttled). */
export async function urlAtAp(page: Page, apIndex: number): Promise<string> {
  await expect(page).toHaveURL(new RegExp(`[?&]ap=${apIndex * 100}(&|$)`));
  return page.url();
}
