// A long list of checkboxes as ONE tab stop (the WAI-ARIA "roving tabindex" pattern): only the
// active item is in the tab order; Arrow Up/Down, Home/End and Page Up/Down move focus between
// items (disabled ones are skipped), Space toggles as usual. Without it, reaching the control after
// a projectome's source table took one Tab per source (131 for CP).
import type { KeyboardEvent } from 'react';

const STEP: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };

/** The index focus moves to for `key` from `from` among `count` items, or null when the key is not a move. */
export function rovingTarget(key: string, from: number, count: number, enabled: (i: number) => boolean): number | null {
  if (count === 0) return null;
  const step = STEP[key];
  let i: number;
  let dir: number;
  if (key === 'Home') [i, dir] = [0, 1];
  else if (key === 'End') [i, dir] = [count - 1, -1];
  else if (step !== undefined) [i, dir] = [Math.max(0, Math.min(count - 1, from + step)), Math.sign(step)];
  else return null;
  // the nearest enabled item in the direction of travel, else back the other way
  for (let j = i; j >= 0 && j < count; j += dir) if (enabled(j)) return j;
  for (let j = i; j >= 0 && j < count; j -= dir) if (enabled(j)) return j;
  return null;
}

/**
 * Keydown handler for the list's container: moves focus among `[data-roving-item]` elements and
 * reports the new active index (the caller gives that item tabIndex 0, the others -1).
 */
export function onRovingKeyDown(e: KeyboardEvent<HTMLElement>, setActive: (i: number) => void): void {
  const items = [...e.currentTarget.querySelectorAll<HTMLInputElement>('[data-roving-item]')];
  const from = items.findIndex((el) => el === document.activeElement);
  if (from < 0) return;
  const to = rovingTarget(e.key, from, items.length, (i) => !(items[i]?.disabled ?? true));
  if (to === null) return;
  e.preventDefault();
  setActive(to);
  items[to]?.focus();
}
