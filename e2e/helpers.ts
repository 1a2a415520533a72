// Shared helpers for the Playwright specs: the fake Allen server's control client and small
// waits on the app's own readiness signals (never sleeps).
import { expect, type Locator, type Page } from '@playwright/test';
import { fakeAllen, type WorldInfo } from './fake-allen/control.ts';

// the cache's IndexedDB helpers live in idb-helpers.ts; these two are used by most specs
export { clearBrowserCache, storedKeys } from './idb-helpers.ts';

export const FAKE_ALLEN_URL = `http://127.0.0.1:${process.env.E2E_FAKE_PORT ?? 4599}`;
export const fake = fakeAllen(FAKE_ALLEN_URL);

/** A structure with a handful of experiments, so downloads stay small and fast. */
export function smallRegion(world: WorldInfo, min = 2, max = 6): { acronym: string; count: number } {
  const candidates = world.structuresWithExperiments
    .filter((s) => s.count >= min && s.count <= max && s.hasVoxels)
    .sort((a, b) => a.acronym.localeCompare(b.acronym));
  const pick = candidates[0];
  if (!pick) throw new Error(`the fake world has no structure with ${min}–${max} experiments`);
  return pick;
}

export async function waitReady(page: Page, testId = 'experiments-view'): Promise<void> {
  await expect(page.getByTestId(testId)).toHaveAttribute('data-render-state', 'ready');
}

/**
 * The experiments view's download has finished, cache writes included: the summary counts a
 * volume as ready when it arrives, but its IndexedDB write commits later (one record per task),
 * and the Download button is enabled again only once the whole load, writes included, is done.
 */
export async function downloadSettled(page: Page): Promise<void> {
  await expect(page.getByTestId('download-button')).toBeEnabled({ timeout: 45_000 });
}

export async function resultCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('result-count').textContent()) ?? '';
  const n = Number.parseInt(text, 10);
  if (!Number.isFinite(n)) throw new Error(`unexpected result count text "${text}"`);
  return n;
}

/**
 * Of a canvas (WebGL ones need preserveDrawingBuffer): the fraction of pixels that are not page
 * white, the number of distinct colours (4 bits per channel) and a hash of the pixels.
 */
export async function canvasStats(canvas: Locator): Promise<{ inked: number; colours: number; hash: string }> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const off = document.createElement('canvas');
    off.width = c.width;
    off.height = c.height;
    const ctx = off.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(c, 0, 0);
    const { data } = ctx.getImageData(0, 0, off.width, off.height);
    let inked = 0;
    let h = 2166136261;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] ?? 0,
        g = data[i + 1] ?? 0,
        b = data[i + 2] ?? 0;
      if (r < 245 || g < 245 || b < 245) inked += 1;
      colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      h = Math.imul(h ^ (r + 7 * g + 13 * b), 16777619);
    }
    return { inked: inked / (data.length / 4), colours: colours.size, hash: (h >>> 0).toString(16) };
  });
}

/** Loses the canvas's WebGL context (WEBGL_lose_context); the returned function restores it. */
export async function loseWebGl(canvas: Locator): Promise<() => Promise<void>> {
  await canvas.evaluate((c: HTMLCanvasElement) => {
    const ext = (c.getContext('webgl2') ?? c.getContext('webgl'))?.getExtension('WEBGL_lose_context');
    if (!ext) throw new Error('no WEBGL_lose_context');
    (window as unknown as { __lose: WEBGL_lose_context }).__lose = ext;
    ext.loseContext();
  });
  return () => canvas.page().evaluate(() => (window as unknown as { __lose: WEBGL_lose_context }).__lose.restoreContext());
}

/** The first `n` injection regions (by acronym) with 2–4 experiments and voxels: fast downloads. */
export function smallSources(world: WorldInfo, n: number): string[] {
  return world.structuresWithExperiments
    .filter((s) => s.count >= 2 && s.count <= 4 && s.hasVoxels)
    .map((s) => s.acronym)
    .sort()
    .slice(0, n);
}

/**
 * The table lines of an exported CSV document: the app's CSVs start with '#' provenance lines
 * (render/csv-document.ts), then the header row and the rows.
 */
export function csvTableLines(text: string): string[] {
  return text
    .trim()
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('#'));
}

/** The '# key: value' provenance lines of an exported CSV document. */
export function csvHeader(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of text.split(/\r?\n/)) {
    if (!l.startsWith('# ')) break;
    const at = l.indexOf(': ');
    if (at > 0) out.set(l.slice(2, at), l.slice(at + 2));
  }
  return out;
}

/**
 * A target and 5 of its upstream sources with few experiments, chosen from the fake world (more
 * than the worker's limit of aggregates in progress, which once broke multi-source views), and a
 * sixth small source to add.
 */
export async function smallProjectome(): Promise<{ target: string; sources: string[]; extra: string }> {
  const world = await fake.world();
  const counts = new Map(world.structuresWithExperiments.map((s) => [s.acronym, s.count]));
  for (const target of ['SCs', 'MOs', 'CP', 'TH']) {
    const up = await fake.upstream(target).catch(() => null);
    if (!up) continue;
    const small = up.sources
      .map((s) => s.acronym)
      .filter((a) => a !== target && (counts.get(a) ?? 99) <= 8)
      .slice(0, 6);
    if (small.length === 6) return { target, sources: small.slice(0, 5), extra: small[5] ?? '' };
  }
  throw new Error('the fake world has no target with six small upstream sources');
}

/** Pixel statistics of the projectome's WebGL canvas (canvasStats). */
export const projectomeCanvasStats = (page: Page) => canvasStats(page.getByTestId('projectome-canvas').locator('canvas'));

/** Experiment ids of the experiments table's rows, in table order. */
export async function tableIds(page: Page): Promise<number[]> {
  const ids = await page
    .getByTestId('experiments-table')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-experiment-id'))));
  return ids.filter((id) => Number.isInteger(id) && id > 0);
}

/** Downloads every listed experiment from the experiments table and waits until the load, cache writes included, is done. */
export async function downloadAll(page: Page, expected: string | RegExp): Promise<void> {
  await page.getByTestId('download-button').click();
  await expect(page.getByTestId('download-summary')).toHaveText(expected, { timeout: 45_000 });
  await downloadSettled(page);
}
