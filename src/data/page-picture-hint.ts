// Which pages have a stored picture (page-picture.ts), as a synchronous hint for the page's entry.
// The picture itself is in IndexedDB, and reading it takes a few tens of ms; the entry has to
// decide at once whether to start the app (its chunk, React, the worker), whose start on this
// thread and the others held a picture's first paint back by ~0.15 s. So the capture notes each
// stored picture's context here (localStorage, the most recent MAX_HINTS), and the entry waits for
// the picture's first paint only when the hint says one is there. A hint is never trusted for
// anything else: a wrong "yes" (the cache was cleared or evicted) costs one IndexedDB read before
// the app starts and is then forgotten; a wrong "no" (another tab's capture, storage refused) just
// starts the app at once, as on any visit. Every storage error reads as "no hint".
import { pictureContextText, type PictureContext } from '../protocol/page-picture.ts';

/** The localStorage item holding the hints (a JSON array of hint keys, most recent first). */
export const PICTURE_HINTS_ITEM = 'bsv:page-pictures';
/** Hints kept: the most recently stored pictures' pages. */
export const MAX_HINTS = 24;

/** The part of Storage the hints use (tests pass their own). */
export type HintStorage = Pick<Storage, 'getItem' | 'setItem'>;

const defaultStorage = (): HintStorage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // (a page whose storage is blocked throws on the getter itself)
    return null;
  }
};

function readHints(storage: HintStorage | null): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(PICTURE_HINTS_ITEM) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

function writeHints(storage: HintStorage | null, hints: readonly string[]): void {
  try {
    storage?.setItem(PICTURE_HINTS_ITEM, JSON.stringify(hints.slice(0, MAX_HINTS)));
  } catch {
    // quota or a blocked storage: the entry then starts the app at once, as without a hint
  }
}

/** Whether a picture of this page was stored (as far as this browser's localStorage knows). */
export function hasPictureHint(context: PictureContext, storage: HintStorage | null = defaultStorage()): boolean {
  return readHints(storage).includes(pictureContextText(context));
}

/** Notes that a picture of this page was stored (it becomes the most recent hint). */
export function notePictureStored(context: PictureContext, storage: HintStorage | null = defaultStorage()): void {
  const key = pictureContextText(context);
  writeHints(storage, [key, ...readHints(storage).filter((k) => k !== key)]);
}

/** Forgets this page's hint (its picture was not found). */
export function forgetPictureHint(context: PictureContext, storage: HintStorage | null = defaultStorage()): void {
  const key = pictureContextText(context);
  const hints = readHints(storage);
  if (hints.includes(key))
    writeHints(
      storage,
      hints.filter((k) => k !== key),
    );
}
