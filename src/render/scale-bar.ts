// Scale bar and colour-bar helpers (pure). Lengths in CSS px; CCF µm.
import { usesPowerOfTen } from '../lib/format';

export interface ScaleBar {
  readonly lengthUm: number;
  readonly lengthPx: number;
  /** '1 mm', '500 µm', '2 mm' … */
  readonly label: string;
}

export interface ScaleBarOptions {
  /** Shortest acceptable bar on screen (CSS px), default 40. */
  readonly minPx?: number;
  /** Longest acceptable bar on screen (CSS px), default 200. */
  readonly maxPx?: number;
}

/** Preference order: 1 mm, then the nearest alternatives. */
const CANDIDATES_UM = [1000, 500, 2000, 200, 5000, 100, 50, 10000] as const;

export function formatLengthUm(um: number): string {
  return um >= 1000 ? `${um / 1000} mm` : `${um} µm`;
}

/**
 * Bar for a view at `umPerPx` µm per CSS px: 1 mm when it is between minPx and maxPx on screen,
 * otherwise the first of 500 µm, 2 mm, 200 µm, 5 mm, 100 µm, 50 µm, 10 mm that fits; when none
 * fits, the candidate closest to the allowed range. Null for a non-positive / non-finite scale.
 */
export function scaleBarLength(umPerPx: number, options: ScaleBarOptions = {}): ScaleBar | null {
  if (!(umPerPx > 0 && Number.isFinite(umPerPx))) return null;
  const minPx = options.minPx ?? 40;
  const maxPx = options.maxPx ?? 200;
  let best: number = CANDIDATES_UM[0];
  let bestMiss = Infinity;
  for (const um of CANDIDATES_UM) {
    const px = um / umPerPx;
    const miss = px < minPx ? minPx / px : px > maxPx ? px / maxPx : 1;
    if (miss === 1) {
      best = um;
      break;
    }
    if (miss < bestMiss) {
      bestMiss = miss;
      best = um;
    }
  }
  return { lengthUm: best, lengthPx: best / umPerPx, label: formatLengthUm(best) };
}

/** ~`target` "nice" ticks (1, 2, 2.5, 5 × 10^k steps) within [min, max], both ends inclusive when on a step. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max)) || max <= min) return Number.isFinite(min) ? [min] : [];
  const raw = (max - min) / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  const eps = step * 1e-9;
  for (let v = Math.ceil((min - eps) / step) * step; v <= max + eps; v += step) ticks.push(Math.abs(v) < eps ? 0 : Number(v.toPrecision(12)));
  return ticks;
}

/** Short label for a tick value (no trailing zeros; exponent form for very small/large). */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/**
 * Labels for one axis's ticks in ONE format (a colour bar never shows "5e-4" next to "0.001"):
 * exponent form for all when the largest is ≥ 10⁴ or below 10⁻³, else fixed decimals; the fewest
 * digits with which every tick reads back exactly ("0", "0.25", "0.50"). Zero is "0".
 */
export function formatTicks(ticks: readonly number[]): string[] {
  const finite = ticks.filter((t) => Number.isFinite(t) && t !== 0);
  const big = Math.max(0, ...finite.map(Math.abs));
  if (big === 0) return ticks.map((t) => formatTick(t));
  const exponent = usesPowerOfTen(big);
  const show = (t: number, d: number): string => (t === 0 ? '0' : exponent ? t.toExponential(d).replace('e+', 'e') : t.toFixed(d));
  // the fewest digits with which every tick reads back as itself
  const exact = (d: number): boolean => finite.every((t) => Math.abs(Number(show(t, d)) - t) <= Math.abs(t) * 1e-9);
  let d = 0;
  while (d < 10 && !exact(d)) d++;
  return ticks.map((t) => (Number.isFinite(t) ? show(t, d) : formatTick(t)));
}
