// The slice a projectome opens at when its link names no position (compute/projectome.ts's
// context: the target's pixels per slice along the plane's axis). The middle of the target's
// extent, bsv's default for the AP slider, when the target is in that slice; else the slice
// holding the most of the target (ties: the one nearest the middle). The "else" is a bilateral
// target cut sagittally: its extent along ML spans both hemispheres, and its middle is the
// midline, between the two halves, where the section would show no target at all.

/** Slice index the view opens at, in [apRange[0], apRange[1]]; −1 when the target is empty. */
export function openingSlice(apRange: readonly [number, number], targetPixels: readonly ArrayLike<number>[]): number {
  const [a0, a1] = apRange;
  if (a0 < 0 || a1 < a0) return -1;
  const middle = Math.round((a0 + a1) / 2);
  const size = (a: number): number => targetPixels[a]?.length ?? 0;
  if (size(middle) > 0) return middle;
  let best = middle;
  for (let a = a0; a <= a1; a++) {
    const n = size(a);
    if (n > size(best) || (n === size(best) && Math.abs(a - middle) < Math.abs(best - middle))) best = a;
  }
  return best;
}
