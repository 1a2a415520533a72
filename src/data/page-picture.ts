// The page's stored picture on a repeat visit (protocol/page-picture.ts): the page's entry
// (main.tsx) reads it straight from the cache's IndexedDB store at t = 0 and, when this build drew
// this URL in a window of this size before, shows it at once — the app's DOM as it was, each canvas
// as the pixels it held — above the page, inert and hidden from assistive technology, while React,
// WebGL and the worker start (when page-picture-hint.ts says a picture is stored, they start only
// once it is on screen: pagePictureExpected, pictureOnScreen). The app takes over by calling `dismissPagePicture` when its own
// canvas draws (projectome-stage.ts), when the view fails, when the app's chunk does not load
// (main.tsx), or on the user's first pointer or key press; it is also removed SHOW_AT_MOST_MS after
// the app has started rendering, so a picture never stands in for a page that is still computing.
// Nothing of it is interactive and nothing in it is read by the app: it is a picture, named as one
// (data-render-state="picture", a performance measure 'bsv:picture'). Production builds only: a dev
// server's entry URL does not change with the code, so a picture could show a page the code no
// longer draws.
import { allenConfig } from '../config/allen.ts';
import { decodePagePicture, pagePictureId, pagePictureKey, type PictureContext } from '../protocol/page-picture.ts';
import { readCacheRecord } from './cache-record-read.ts';
import { forgetPictureHint, hasPictureHint, notePictureStored } from './page-picture-hint.ts';

/** Pictures are shown and captured in production builds only (see the file comment). */
export const PAGE_PICTURES_ENABLED = !import.meta.env.DEV;
/** Longest a picture stays up once the app renders, when its canvas has not drawn (a repeat visit whose stored frame is gone computes). */
const SHOW_AT_MOST_MS = 3000;

/** What decides the page's look here and now (null: no built entry script to name the build). */
export function pictureContext(): PictureContext | null {
  const entry = document.querySelector<HTMLScriptElement>('script[type="module"][src]');
  if (!entry) return null;
  return {
    build: entry.src,
    url: window.location.href.split('#')[0] ?? '',
    width: window.innerWidth,
    height: window.innerHeight,
    dpr: window.devicePixelRatio || 1,
    dark: window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
  };
}

/** The page's context when the entry ran (pagePictureExpected and show ask for it both). */
let atEntry: PictureContext | null | undefined;
const entryContext = (): PictureContext | null => (atEntry === undefined ? (atEntry = PAGE_PICTURES_ENABLED ? pictureContext() : null) : atEntry);

let dismissed = false;
let host: HTMLElement | null = null;
/** Whether the app's root was hidden under the picture (so the browser does not paint both pages). */
let hidRoot = false;
let timer: ReturnType<typeof setTimeout> | null = null;
/** The id of the picture this page load showed: capturing it again would store the same page. */
let shownId: string | null = null;

export const shownPictureId = (): string | null => shownId;

/** The app shows the page itself from now on: removes the picture, or keeps one still being read from appearing. */
export function dismissPagePicture(): void {
  dismissed = true;
  releaseHold?.();
  if (timer !== null) clearTimeout(timer);
  timer = null;
  window.removeEventListener('pointerdown', dismissPagePicture, true);
  window.removeEventListener('keydown', dismissPagePicture, true);
  host?.remove();
  host = null;
  if (hidRoot) document.getElementById('root')?.style.removeProperty('visibility');
  hidRoot = false;
}

/** Reads this page's stored picture and shows it (see the file comment); never throws. */
async function show(hinted: boolean): Promise<void> {
  if (!PAGE_PICTURES_ENABLED) return;
  const t0 = performance.now();
  try {
    const context = entryContext();
    if (!context) return;
    const id = pagePictureId(context);
    const bytes = await readCacheRecord(id.then((i) => pagePictureKey(allenConfig.release, i)));
    performance.measure('bsv:picture-read', { start: t0, end: performance.now() });
    const picture = bytes ? decodePagePicture(bytes) : null;
    // (a hint that named no picture is stale: the cache was cleared or evicted, page-picture-hint.ts)
    if (!picture && hinted) forgetPictureHint(context);
    if (!picture || dismissed) return;
    const template = document.createElement('template');
    // (stripped of ids, handlers and the like when captured: page-picture-capture.ts)
    template.innerHTML = picture.html;
    template.content.querySelectorAll('canvas').forEach((canvas, i) => {
      const c = picture.canvases[i];
      if (!c || c.pixels.length === 0 || c.width !== canvas.width || c.height !== canvas.height) return;
      const rgba = new Uint8ClampedArray(c.pixels.buffer as ArrayBuffer, c.pixels.byteOffset, c.pixels.byteLength);
      canvas.getContext('2d')?.putImageData(new ImageData(rgba, c.width, c.height), 0, 0);
    });
    const el = document.createElement('div');
    el.setAttribute('data-testid', 'page-picture');
    el.setAttribute('data-render-state', 'picture');
    el.setAttribute('aria-hidden', 'true');
    el.inert = true;
    Object.assign(el.style, { position: 'absolute', top: '0', left: '0', width: '100%', minHeight: '100vh', zIndex: '2147483647' });
    el.style.background = picture.background;
    // the page's length as it was, so the browser's scroll restoration and scrollbar do not jump
    el.style.height = `${Math.max(0, Math.round(picture.height))}px`;
    el.append(template.content);
    document.body.append(el);
    host = el;
    // the live page is laid out under the picture (its canvas needs its size) but not painted: the
    // two pages painted and rasterised together cost the live frame ~0.2 s here
    const root = document.getElementById('root');
    if (root) {
      root.style.visibility = 'hidden';
      hidRoot = true;
    }
    shownId = await id;
    // (a picture shown without its hint, which localStorage lost: noted again, since this visit does
    // not capture the picture it showed)
    if (!hinted) notePictureStored(context);
    performance.measure('bsv:picture', { start: t0, end: performance.now() });
    window.addEventListener('pointerdown', dismissPagePicture, true);
    window.addEventListener('keydown', dismissPagePicture, true);
    if (appStarted) armTimeout();
  } catch {
    // a picture is an extra: the app draws the page as on any visit
  }
}

let settled: Promise<void> = Promise.resolve();
let appStarted = false;

/** The app is running: if its canvas has not drawn within SHOW_AT_MOST_MS, the picture goes. */
function armTimeout(): void {
  if (host && timer === null) timer = setTimeout(dismissPagePicture, SHOW_AT_MOST_MS);
}

/** Longest the page's entry holds the app back for an expected picture (ms from the entry). */
export const HOLD_AT_MOST_MS = 400;
/** Ends the entry's hold at once (the picture was dismissed). */
let releaseHold: (() => void) | null = null;

/** Why the entry's hold ended (the detail of its performance measure 'bsv:app-held'). */
export type HoldEnd = 'on screen' | 'no picture' | 'hidden' | 'dismissed' | 'no paint timing' | 'timed out';

/**
 * Resolves when the picture shown is on screen (the page's first contentful paint, which Chromium
 * reports at presentation), at once when none is shown, the page is hidden or the picture was
 * dismissed, and after `capMs` at the latest. Records the hold as the measure 'bsv:app-held'.
 */
function pictureOnScreen(capMs: number): Promise<void> {
  const t0 = performance.now();
  return new Promise<void>((resolve) => {
    let observer: PerformanceObserver | null = null;
    let ended = false;
    const end = (why: HoldEnd): void => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      observer?.disconnect();
      releaseHold = null;
      performance.measure('bsv:app-held', { start: t0, end: performance.now(), detail: why });
      resolve();
    };
    const timer = setTimeout(() => end('timed out'), capMs);
    releaseHold = () => end('dismissed');
    void settled.then(() => {
      if (!host) return end(dismissed ? 'dismissed' : 'no picture');
      // (a hidden page paints nothing)
      if (document.visibilityState !== 'visible') return end('hidden');
      if (typeof PerformanceObserver === 'undefined') return end('no paint timing');
      try {
        observer = new PerformanceObserver((list) => {
          if (list.getEntriesByName('first-contentful-paint').length > 0) end('on screen');
        });
        observer.observe({ type: 'paint', buffered: true });
      } catch {
        end('no paint timing');
      }
    });
  });
}

/**
 * Whether a picture of this page was stored (page-picture-hint.ts): the page's entry then starts
 * the app once it is on screen. The app's start (its chunk evaluated, the worker's script, React)
 * on this thread and the others held a repeat visit's first paint back by ~0.15 s on the test
 * machine.
 */
export function pagePictureExpected(): boolean {
  const context = entryContext();
  return context !== null && hasPictureHint(context);
}

/**
 * Starts reading this page's stored picture and showing it (the page's entry calls it first thing).
 * When `expected`, resolves once the picture is on screen or none will be (at most HOLD_AT_MOST_MS
 * after the call); otherwise at once.
 */
export function showStoredPagePicture(expected: boolean): Promise<void> {
  settled = show(expected);
  return expected ? pictureOnScreen(HOLD_AT_MOST_MS) : Promise.resolve();
}

/**
 * Resolves once the stored picture is on screen or known to be absent, or after `capMs`: the app
 * renders after it, so that React's first render (~0.1 s of this thread) does not hold up a picture
 * that is ready to go up.
 */
export async function pagePictureSettled(capMs = 250): Promise<void> {
  await Promise.race([settled, new Promise<void>((resolve) => setTimeout(resolve, capMs))]);
  appStarted = true;
  armTimeout();
}
