// Shared helpers for the Playwright specs: the fake Allen server's control client and small
// waits on the app's own readiness signals (never sleeps).
import { expect, type Page } from '@playwright/test';
import { fakeAllen, type WorldInfo } from './fake-allen/control.ts';

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
  await expect(page.getByRole('button', { name: /^Download \d+ volume/ })).toBeEnabled({ timeout: 45_000 });
}

/** Fresh browser storage: each test starts with an empty IndexedDB cache. */
export async function clearBrowserCache(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const req = indexedDB.deleteDatabase('bsv-cache');
        req.onsuccess = () => resolve();
        req.onerror = () => resolve();
        req.onblocked = () => resolve();
      }),
  );
}

export async function resultCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('result-count').textContent()) ?? '';
  const n = Number.parseInt(text, 10);
  if (!Number.isFinite(n)) throw new Error(`unexpected result count text "${text}"`);
  return n;
}
