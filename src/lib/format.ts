/** Formats a byte count for people: 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** Numbers of this largest magnitude are written with a power of ten (below 0.001, from 10⁴ on). */
export function usesPowerOfTen(maxAbs: number): boolean {
  return maxAbs !== 0 && (maxAbs < 1e-3 || maxAbs >= 1e4);
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/**
 * One notation for numbers up to `maxAbs` in magnitude (a table column, a mean and its SD): three
 * significant digits on `maxAbs`, fixed decimals, or a shared power of ten below 0.001 and from 10⁴
 * on (`power` is then "× 10⁻⁶" and `scaled` gives the mantissa). NaN and infinities read "—".
 */
export function numberFormatFor(maxAbs: number): { readonly scaled: (v: number) => string; readonly power: string | null } {
  const m = Number.isFinite(maxAbs) ? Math.abs(maxAbs) : 0;
  const e = m === 0 ? 0 : Math.floor(Math.log10(m));
  const dash = (f: (v: number) => string) => (v: number) => (Number.isFinite(v) ? f(v) : '—');
  if (usesPowerOfTen(m)) {
    const power = `× 10${[...String(e)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
    return { scaled: dash((v) => (v === 0 ? '0' : (v / 10 ** e).toFixed(2))), power };
  }
  const decimals = Math.max(0, 2 - e);
  return { scaled: dash((v) => (v === 0 ? '0' : v.toFixed(decimals))), power: null };
}

/**
 * "mean ± sd" in one notation and to the same decimals, three significant digits on the larger
 * of the two: "0.0783 ± 0.0654", "(4.96 ± 7.02) × 10⁻⁶" (below 0.001 or from 10⁴ on), "0 ± 0".
 * A missing sd (null) gives the mean alone, in the same notation.
 */
export function formatMeanSd(mean: number, sd: number | null): string {
  if (!Number.isFinite(mean)) return '—';
  const s = sd !== null && Number.isFinite(sd) ? sd : null;
  const f = numberFormatFor(Math.max(Math.abs(mean), Math.abs(s ?? 0)));
  const body = s === null ? f.scaled(mean) : `${f.scaled(mean)} ± ${f.scaled(s)}`;
  if (f.power === null) return body;
  return s === null ? `${body} ${f.power}` : `(${body}) ${f.power}`;
}

/**
 * "mean ± sd" in a column's shared notation (numberFormatFor of the column's largest mean or SD):
 * every cell to the same decimals, the power of ten (if any) in the column's header, not the cell.
 */
export function formatMeanSdIn(f: ReturnType<typeof numberFormatFor>, mean: number, sd: number | null): string {
  if (!Number.isFinite(mean)) return '—';
  return sd !== null && Number.isFinite(sd) ? `${f.scaled(mean)} ± ${f.scaled(sd)}` : f.scaled(mean);
}
