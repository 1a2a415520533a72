// Where the on-screen colour bar of the matrix sits beside its table (pure): the bar spans the
// grid's body rows (the coloured cells), bounded so it stays readable on a one-row matrix and
// does not run past the screen on a tall one. Lengths are CSS px, measured from the table's top.

/** Shortest bar that keeps its wrapped label and two ticks readable. */
export const SCREEN_BAR_MIN = 60;
/** Longest bar (a tall matrix scrolls; its bar stays on screen beside the first rows). */
export const SCREEN_BAR_MAX = 300;

export interface GridRows {
  /** Top of the first body row, from the table's top. */
  readonly top: number;
  /** From the first body row's top to the last one's bottom. */
  readonly height: number;
}

/**
 * The bar's top (from the table's top) and length: the body rows' span when it lies within
 * [SCREEN_BAR_MIN, SCREEN_BAR_MAX] (top aligned with the first row); a longer grid gets the
 * longest bar from its first row; a shorter one a bar ending at its last row and rising into the
 * header, SCREEN_BAR_MIN long when the table is tall enough, its top never above `minTop` (room
 * for the top tick label inside the table).
 */
export function screenColorBarBox(rows: GridRows, minTop = 0): { readonly top: number; readonly height: number } {
  const top = Math.max(minTop, rows.top);
  const bottom = rows.top + Math.max(0, rows.height);
  if (bottom - top >= SCREEN_BAR_MIN) return { top, height: Math.min(bottom - top, SCREEN_BAR_MAX) };
  const raised = Math.max(minTop, bottom - SCREEN_BAR_MIN);
  return { top: raised, height: Math.max(1, bottom - raised) };
}
