// In-page probes (serialised by Playwright and run in the browser). All times are the page's
// performance.now() in ms, i.e. relative to the navigation's time origin.
import type { Page } from '@playwright/test';

export const CANVAS = '[data-testid="projectome-canvas"]';

interface FirstReadyProbe {
  firstReadyMs: number | null;
  /** First frame on screen in any drawn state ("cached": a link's stored frame, "partial", "ready"). */
  firstDrawnMs: number | null;
  phases: PhaseTimeline;
}
interface StepResult {
  readonly keyMs: number;
  /** When the AP label changed after the key; null if not seen. */
  readonly labelMs: number | null;
  readonly readyMs: number;
  /**
   * When the GPU had executed the frame: a 1-pixel gl.readPixels on the canvas's own WebGL
   * context right after 'ready' returns only once every command issued before it has run.
   */
  readonly gpuMs: number;
  readonly apLabel: string;
}
interface StepProbe {
  arm(): void;
  wait(timeoutMs: number): Promise<StepResult>;
}
type ProbeWindow = Window & { __bsvFirst?: FirstReadyProbe; __bsvStep?: StepProbe };

/**
 * Init script: records when the projectome canvas first carries data-render-state="ready" after
 * navigation (MutationObserver on the whole document; installed before any app script runs).
 * Plain JS text: tsx/esbuild would wrap named inner functions in a `__name` helper the page lacks.
 */
export const FIRST_READY_SCRIPT = `(() => {
  const probe = { firstReadyMs: null, firstDrawnMs: null, phases: [] };
  window.__bsvFirst = probe;
  let lastPhase = null;
  const observer = new MutationObserver(() => {
    if (probe.firstReadyMs !== null) return;
    const view = document.querySelector('[data-testid="projectome-view"]');
    const status = view ? (view.querySelector('[role="status"]')?.textContent ?? 'view mounted') : null;
    if (status !== null && status !== lastPhase) {
      lastPhase = status;
      probe.phases.push({ ms: performance.now(), phase: status });
    }
    if (probe.firstDrawnMs === null && document.querySelector('${CANVAS}[data-render-state="ready"], ${CANVAS}[data-render-state="cached"], ${CANVAS}[data-render-state="partial"]')) {
      probe.firstDrawnMs = performance.now();
    }
    if (document.querySelector('${CANVAS}[data-render-state="ready"]')) {
      probe.firstReadyMs = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-render-state'] });
})();`;

/** Phase texts of the projectome view as first seen after navigation (ms from navigation start). */
export type PhaseTimeline = Array<{ ms: number; phase: string }>;

/** Navigates and returns the in-page time from navigation start to the first ready frame. */
export async function openAndTimeFirstFrame(
  page: Page,
  url: string,
  reload = false,
): Promise<{ pageMs: number; firstDrawnMs: number; wallMs: number; phases: PhaseTimeline }> {
  const t0 = performance.now();
  if (reload) await page.reload({ waitUntil: 'commit' });
  else await page.goto(url, { waitUntil: 'commit' });
  const ready = `${CANVAS}[data-render-state="ready"]`;
  const failed = '[data-testid="projectome-view"][data-render-state="error"]';
  try {
    await page.waitForSelector(`${ready}, ${failed}`, { state: 'attached', timeout: 120_000 });
  } catch (e) {
    const text = await page
      .getByTestId('projectome-view')
      .textContent()
      .catch(() => null);
    throw new Error(`no ready frame for ${url}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}; view says: ${text ?? '(no view)'}`, { cause: e });
  }
  if ((await page.$(ready)) === null) {
    throw new Error(`the projectome view reports an error for ${url}: ${(await page.getByTestId('projectome-view').textContent()) ?? ''}`);
  }
  const wallMs = performance.now() - t0;
  const probe = await page.evaluate(() => (window as ProbeWindow).__bsvFirst ?? null);
  if (probe?.firstReadyMs == null) throw new Error(`first-ready probe did not fire for ${url}`);
  return { pageMs: probe.firstReadyMs, firstDrawnMs: probe.firstDrawnMs ?? probe.firstReadyMs, wallMs, phases: probe.phases };
}

/**
 * Installs the slider probe: a capturing keydown listener on window stores performance.now() at
 * the key; a MutationObserver on the canvas wrapper's data-render-state resolves the armed step
 * when the attribute is (set to) 'ready' after that key, then waits for the GPU (readPixels).
 */
export async function installStepProbe(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const wrap = document.querySelector('${CANVAS}');
    if (!wrap) throw new Error('no projectome canvas');
    let keyMs = null;
    let labelMs = null;
    let resolve = null;
    let pending = null;
    window.addEventListener('keydown', () => {
      if (resolve && keyMs === null) keyMs = performance.now();
    }, { capture: true });
    new MutationObserver(() => {
      if (!resolve || keyMs === null || wrap.getAttribute('data-render-state') !== 'ready') return;
      const done = resolve;
      resolve = null;
      const readyMs = performance.now();
      const canvas = wrap.querySelector('canvas');
      const gl = canvas ? canvas.getContext('webgl') : null;
      if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      done({ keyMs, labelMs, readyMs, gpuMs: performance.now(), apLabel: document.querySelector('[data-testid="ap-label"]')?.textContent ?? '' });
    }).observe(wrap, { attributes: true, attributeFilter: ['data-render-state'] });
    const label = document.querySelector('[data-testid="ap-label"]');
    if (label) new MutationObserver(() => {
      if (resolve && keyMs !== null && labelMs === null) labelMs = performance.now();
    }).observe(label, { subtree: true, childList: true, characterData: true });
    window.__bsvStep = {
      arm: () => {
        keyMs = null;
        labelMs = null;
        pending = new Promise((r) => { resolve = r; });
      },
      wait: (timeoutMs) => {
        if (!pending) return Promise.reject(new Error('step probe not armed'));
        return Promise.race([pending, new Promise((_, reject) => setTimeout(() => reject(new Error('no ready frame within ' + timeoutMs + ' ms of the key')), timeoutMs))]);
      },
    };
  })()`);
}

/** One slider step through real keyboard input; resolves with key → ready timing. */
export async function sliderStep(page: Page, key: 'ArrowRight' | 'ArrowLeft'): Promise<StepResult> {
  await page.evaluate(() => (window as ProbeWindow).__bsvStep?.arm());
  await page.keyboard.press(key);
  return page.evaluate(() => {
    const probe = (window as ProbeWindow).__bsvStep;
    if (!probe) throw new Error('step probe missing');
    return probe.wait(10_000);
  });
}

/** Durations (ms) of the app's performance measures named `name`: the page's and the worker's (non-production builds expose them). */
export async function frameMeasures(page: Page, name = 'bsv:frame'): Promise<number[]> {
  return page.evaluate(async (n) => {
    const local = performance.getEntriesByName(n, 'measure').map((e) => e.duration);
    const get = (window as unknown as { __bsvWorkerMeasures?: (p: string) => Promise<Array<{ name: string; duration: number }>> }).__bsvWorkerMeasures;
    const remote = get ? (await get(n)).filter((m) => m.name === n).map((m) => m.duration) : [];
    return [...local, ...remote];
  }, name);
}

/** Where a page load's first frame waited, in ms from navigation start (null: not recorded). */
export interface LoadTimeline {
  /** The page's own HTML received. */
  readonly htmlMs: number | null;
  /** The page's stored picture read by the entry (end of bsv:picture-read; data/page-picture.ts). */
  readonly pictureReadMs: number | null;
  /** The page's stored picture put into the page (end of bsv:picture): not interactive, replaced by the live page when its canvas draws. */
  readonly pictureMs: number | null;
  /**
   * The page's first contentful paint (the paint timing entry, a presentation time in Chromium):
   * the first pixels on screen. With a stored picture it is the picture's, which comes ~0.1–0.3 s
   * after it is put into the page on the test machine (the live page is hidden beneath it).
   */
  readonly firstPaintMs: number | null;
  /** The app's first module ran (app/boot-prefetch.ts's mark): its chunks fetched and compiled. */
  readonly appStartMs: number | null;
  /** The link's stored first frame read and decoded (end of bsv:snapshot-read). */
  readonly storedFrameMs: number | null;
}

/** The repeat URL's timeline from the page's own marks and measures (ms from navigation start; null: not reached). */
export async function loadTimeline(page: Page): Promise<LoadTimeline> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const app = performance.getEntriesByName('bsv:app-start', 'mark')[0];
    // (no named function in here: tsx would wrap it in a helper the page does not have)
    const [pictureRead, picture, read] = ['bsv:picture-read', 'bsv:picture', 'bsv:snapshot-read'].map((name) =>
      performance.getEntriesByName(name, 'measure').map((m) => m.startTime + m.duration),
    );
    return {
      htmlMs: nav ? nav.responseEnd : null,
      pictureReadMs: pictureRead?.[0] ?? null,
      pictureMs: picture?.[0] ?? null,
      firstPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      appStartMs: app ? app.startTime : null,
      storedFrameMs: read?.[0] ?? null,
    };
  });
}

export async function clearFrameMeasures(page: Page): Promise<void> {
  await page.evaluate(() => ['bsv:frame', 'bsv:draw'].forEach((n) => performance.clearMeasures(n)));
}

/** Experiments per source as the legend shows them: "N exp." or "U of N exp." (U used, N planned). */
export async function legendCounts(page: Page): Promise<Record<string, { used: number; planned: number }>> {
  return page.evaluate(() => {
    const out: Record<string, { used: number; planned: number }> = {};
    for (const el of document.querySelectorAll('[data-testid^="legend-count-"]')) {
      const acronym = (el.getAttribute('data-testid') ?? '').slice('legend-count-'.length);
      const m = /^(\d+)(?: of (\d+))?/.exec((el.textContent ?? '').trim());
      const used = m ? Number(m[1]) : NaN;
      out[acronym] = { used, planned: m?.[2] === undefined ? used : Number(m[2]) };
    }
    return out;
  });
}

/**
 * Plays the AP sweep for `seconds`: clicks ▶, counts animation frames (rAF callbacks) and those
 * in which a new frame was drawn (the canvas wrapper's data-drawn-ap changed, or — apps without
 * it — a new 'bsv:draw' measure was recorded), then clicks ❚❚. Frames drawn per second is the
 * sweep's frame rate as presented (at most one per animation frame).
 */
export async function playRun(page: Page, seconds: number): Promise<{ seconds: number; animationFrames: number; drawnFrames: number; distinctAps: number }> {
  await page.getByRole('button', { name: /Play an AP sweep/ }).click();
  const r = await page.evaluate(`new Promise((resolve) => {
    const wrap = document.querySelector('${CANVAS}');
    const drawCount = () => performance.getEntriesByName('bsv:draw', 'measure').length;
    const drawnAp = () => (wrap ? wrap.getAttribute('data-drawn-ap') : null);
    const aps = new Set();
    let lastAp = drawnAp();
    let lastCount = drawCount();
    let frames = 0;
    let drawn = 0;
    let t0 = null;
    const tick = (t) => {
      if (t0 === null) t0 = t;
      else {
        frames++;
        const ap = drawnAp();
        const count = drawCount();
        if (ap !== null ? ap !== lastAp : count !== lastCount) drawn++;
        lastAp = ap;
        lastCount = count;
        aps.add(document.querySelector('[data-testid="ap-label"]')?.textContent ?? '');
      }
      if (t0 !== null && t - t0 >= ${seconds * 1000}) resolve({ seconds: (t - t0) / 1000, animationFrames: frames, drawnFrames: drawn, distinctAps: aps.size });
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`);
  await page.getByRole('button', { name: /Pause the AP sweep/ }).click();
  return r as { seconds: number; animationFrames: number; drawnFrames: number; distinctAps: number };
}

/** Deletes the stored means and the links' stored first frames (a link whose sources were never averaged has neither). */
export async function deleteStoredMeans(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('bsv-cache');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction('volumes', 'readwrite');
    const store = tx.objectStore('volumes');
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const req = store.getAllKeys();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const means = keys.map(String).filter((k) => k.includes('|aggregate|') || k.includes('|frame|'));
    for (const k of means) store.delete(k);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return means.length;
  });
}

/** The page's marks and measures (the worker's too), script loads and navigation milestones as text, by start (BENCH_DUMP_MARKS). */
export async function pageTimeline(page: Page): Promise<string> {
  const rows = await page.evaluate(async () => {
    const out: Array<[number, number, string]> = [];
    const get = (window as unknown as { __bsvWorkerMeasures?: (p: string) => Promise<Array<{ name: string; startTime: number; duration: number }>> })
      .__bsvWorkerMeasures;
    for (const m of get ? await get('bsv:') : []) out.push([m.startTime, m.duration, `worker ${m.name}`]);
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav) {
      out.push([nav.responseEnd, 0, 'html responseEnd']);
      out.push([nav.domInteractive, 0, 'domInteractive']);
      out.push([nav.domContentLoadedEventEnd, 0, 'DOMContentLoaded end']);
    }
    for (const e of performance.getEntriesByType('resource'))
      if (/\.(js|css)$/.test(e.name)) out.push([e.startTime, e.duration, `load ${e.name.split('/').pop() ?? ''}`]);
    for (const e of performance.getEntries())
      if (e.entryType === 'mark' || e.entryType === 'measure') out.push([e.startTime, e.duration, `${e.entryType} ${e.name}`]);
    return out.sort((a, b) => a[0] - b[0]);
  });
  return rows.map(([t, d, n]) => `${t.toFixed(0).padStart(6)} ms ${d > 0 ? `+${d.toFixed(0)}`.padStart(6) : '      '}  ${n}`).join('\n');
}

/**
 * Changes the open app's link as its own Back and Forward do (history.pushState, then the
 * popstate the app listens to: src/app/use-url-sync.ts) and returns the ms until the projectome
 * canvas is ready again after having left ready: no page load, so the worker, the means it holds
 * and the WebGL context stay, as when a user changes the sources in the open app. -1 when no new
 * ready frame came within 15 s.
 */
export async function switchInApp(page: Page, search: string): Promise<number> {
  return page.evaluate(
    ({ canvas, search: next }) =>
      new Promise<number>((resolve) => {
        const el = document.querySelector(canvas);
        if (!el) throw new Error('no projectome canvas to switch');
        let left = false;
        const t0 = performance.now();
        const timer = setTimeout(() => {
          observer.disconnect();
          resolve(-1);
        }, 15_000);
        const observer = new MutationObserver(() => {
          const state = el.getAttribute('data-render-state');
          if (state !== 'ready') left = true;
          else if (left) {
            observer.disconnect();
            clearTimeout(timer);
            resolve(performance.now() - t0);
          }
        });
        observer.observe(el, { attributes: true, attributeFilter: ['data-render-state'] });
        history.pushState(null, '', next);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }),
    { canvas: CANVAS, search },
  );
}
