// Captures the page's picture for the next visit of its URL (page-picture.ts shows it): once a
// projectome link's checked frame has been on screen for a while and the browser is idle, the app
// root is cloned with its form state written into attributes (values, checks, selections), cut at
// the window's bottom edge and stripped (stripLivePage), and every canvas is
// encoded as PNG by the browser, off this thread, from its pixels as they are in this task
// (toBlob; the WebGL canvas keeps its drawing buffer, render/gl-context.ts). The worker decodes
// them to pixels, builds the record (protocol/page-picture.ts) and stores it in the volume cache.
// Skipped when this page load showed the same picture (nothing changed), when the page is hidden
// or scrolled, or when the URL changed or the frame is no longer the checked one since it was
// scheduled.
import { pagePictureId } from '../protocol/page-picture.ts';
import { PAGE_PICTURES_ENABLED, pictureContext, shownPictureId } from './page-picture.ts';
import { notePictureStored } from './page-picture-hint.ts';
import { getComputeWorker } from './services.ts';

/** How long a checked frame stays on screen before its page is captured (a slider being dragged moves on first). */
const SETTLE_MS = 1000;

let pending: ReturnType<typeof setTimeout> | null = null;

/** Attributes a picture keeps although they are data or ARIA ones: the app's CSS selects on them. */
const STYLED_ATTRIBUTES = new Set(['data-plane', 'aria-current', 'aria-selected']);
const DROPPED_ATTRIBUTES = new Set(['id', 'for', 'name', 'tabindex', 'autofocus', 'popover']);

/**
 * Removes what must never run or be found in a picture: scripts, frames and media, handlers,
 * script and blob URLs, ids and what points at them, names, test ids, render states and every other
 * data and ARIA attribute the CSS does not select on (the picture's host hides it from assistive
 * technology as a whole).
 */
function stripLivePage(root: ParentNode): void {
  for (const el of root.querySelectorAll('script, iframe, object, embed, video, audio')) el.remove();
  for (const el of root.querySelectorAll('*')) {
    for (const { name, value } of [...el.attributes]) {
      const n = name.toLowerCase();
      if (STYLED_ATTRIBUTES.has(n)) continue;
      const url = (n === 'href' || n === 'src' || n === 'xlink:href') && /^\s*(javascript|blob):/i.test(value);
      if (url || n.startsWith('on') || n.startsWith('data-') || n.startsWith('aria-') || DROPPED_ATTRIBUTES.has(n)) el.removeAttribute(name);
    }
  }
}

/** The opaque colour behind the page (the first non-transparent of the app root's, body's and html's). */
function pageBackground(): string {
  for (const el of [document.getElementById('root')?.firstElementChild, document.body, document.documentElement]) {
    const c = el ? getComputedStyle(el).backgroundColor : '';
    if (c && c !== 'transparent' && c !== 'rgba(0, 0, 0, 0)') return c;
  }
  return '#ffffff';
}

/** Writes the live form state of `live` into the attributes of its deep clone `clone` (innerHTML keeps attributes only). */
function copyFormState(live: Element, clone: Element): void {
  const a = live.querySelectorAll('input, select, textarea');
  const b = clone.querySelectorAll('input, select, textarea');
  a.forEach((el, i) => {
    const c = b[i];
    if (!c) return;
    if (el instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio') c.toggleAttribute('checked', el.checked);
      else if (el.type !== 'file' && el.type !== 'password') c.setAttribute('value', el.value);
    } else if (el instanceof HTMLTextAreaElement) {
      c.textContent = el.value;
    } else if (el instanceof HTMLSelectElement) {
      const options = c.querySelectorAll('option');
      [...el.options].forEach((o, j) => options[j]?.toggleAttribute('selected', o.selected));
    }
  });
}

/** A canvas as the browser encodes it, PNG (the encoding runs off this thread); empty when it cannot be read. */
const pngOf = (canvas: HTMLCanvasElement): Promise<Uint8Array> =>
  new Promise((resolve) => {
    const empty = new Uint8Array(0);
    if (canvas.width === 0 || canvas.height === 0) {
      resolve(empty);
      return;
    }
    try {
      canvas.toBlob((blob) => {
        if (!blob) resolve(empty);
        else
          blob.arrayBuffer().then(
            (b) => resolve(new Uint8Array(b)),
            () => resolve(empty),
          );
      }, 'image/png');
    } catch {
      resolve(empty);
    }
  });

/**
 * Removes from `clone` (a deep clone of `live`) every element that starts below the window's
 * bottom edge: the picture is of the window (the sidebar's lists below it were four fifths of
 * a projectome page's 1,400 elements, and laying out and painting them cost the live page's first
 * frame). Elements that cross the edge are kept, so every box on screen keeps its size.
 */
function keepAboveFold(live: Element, clone: Element): void {
  const a = live.querySelectorAll('*');
  const b = clone.querySelectorAll('*');
  const below: Element[] = [];
  a.forEach((el, i) => {
    const c = b[i];
    if (c && el.getBoundingClientRect().top >= window.innerHeight) below.push(c);
  });
  for (const el of below) el.remove();
}

/** Captures the page now and has the worker store it; resolves to why nothing was stored, or null. */
export async function capturePagePicture(): Promise<string | null> {
  const root = document.getElementById('root');
  const context = pictureContext();
  if (!root || !context) return 'no built page';
  const id = await pagePictureId(context);
  if (id === shownPictureId()) return 'shown this visit';
  // a reload comes back at the top unless the page was scrolled: a picture of a scrolled page would not line up
  if (window.scrollY !== 0 || window.scrollX !== 0) return 'scrolled';
  const t0 = performance.now();
  // the DOM and every canvas's pixels in one task: the same moment of the page
  const clone = root.cloneNode(true) as HTMLElement;
  copyFormState(root, clone);
  keepAboveFold(root, clone);
  const height = document.documentElement.scrollHeight;
  const live = [...root.querySelectorAll('canvas')];
  const pngs = live.map(pngOf);
  stripLivePage(clone);
  const html = clone.innerHTML;
  const background = pageBackground();
  performance.measure('bsv:picture-capture', { start: t0, end: performance.now() });
  const canvases = await Promise.all(live.map(async (c, i) => ({ width: c.width, height: c.height, png: (await pngs[i]) ?? new Uint8Array(0) })));
  const stored = await getComputeWorker().storePagePicture(id, { html, background, canvases, height, capturedAt: Date.now() });
  // (bench:browser waits for this before reloading the page)
  if (stored) {
    // the next visit's entry waits for the picture's first paint before starting the app (page-picture-hint.ts)
    notePictureStored(context);
    performance.mark('bsv:picture-stored');
  }
  return stored ? null : 'refused';
}

/**
 * Captures the page once the frame has stayed checked for SETTLE_MS and the browser is idle;
 * `stillShown` says whether it still is then. A newer call replaces a pending one.
 */
export function capturePagePictureLater(stillShown: () => boolean): void {
  if (!PAGE_PICTURES_ENABLED) return;
  if (pending !== null) clearTimeout(pending);
  const href = window.location.href;
  pending = setTimeout(() => {
    pending = null;
    const run = (): void => {
      if (!stillShown() || window.location.href !== href || document.visibilityState !== 'visible') return;
      void capturePagePicture().catch(() => undefined);
    };
    if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2000 });
    else run();
  }, SETTLE_MS);
}
