// Connectivity matrix figure (bsv plot_connectivity_matrix, §4.12), pure: value formatting,
// colour limits, sort orders and the SVG scene (heat cells with annotations, rotated target
// labels, source labels, axis titles, colour bar). Values are row-major rows × cols
// (rows = sources, cols = targets); NaN = no data (drawn hatched grey, text "n/a").
import { colormapLut, valueToRgb255, type ColormapName } from './colormaps';
import { formatTicks, niceTicks } from './scale-bar';
import { boldTextWidth, textWidth, type Scene, type SceneItem } from './svg-scene';

export type MatrixMetricName = 'mean' | 'max' | 'volume';

export interface SortSpec {
  readonly by: string;
  readonly descending: boolean;
}

/** Python '%.2e' spelling: two-digit exponent with sign (9.27e-04). */
function sci(v: number): string {
  const [m, e = '0'] = v.toExponential(2).split('e');
  const n = Number(e);
  return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** Scientific notation below this magnitude (bsv's annotation thresholds). */
const SCI_BELOW: Record<MatrixMetricName, number> = { mean: 0.001, max: 0.001, volume: 0.01 };

export type MatrixNotation = 'fixed' | 'sci';

/**
 * One notation for every cell of a figure: scientific when any non-zero value is below bsv's
 * threshold, so "5.38e-04" never sits next to "0.0021" (bsv chose per cell).
 */
export function matrixNotation(values: ArrayLike<number>, metric: MatrixMetricName): MatrixNotation {
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i] ?? NaN);
    if (Number.isFinite(a) && a > 0 && a < SCI_BELOW[metric]) return 'sci';
  }
  return 'fixed';
}

/**
 * bsv's annotation format, on the absolute value (bsv compared the signed value, Q23):
 * 'volume' → scientific below 0.01 else 3 decimals; otherwise scientific below 0.001 else
 * 4 decimals; a figure passes its one `notation` (matrixNotation) instead. Exactly 0 → "0";
 * NaN → "n/a".
 */
export function formatMatrixValue(v: number, metric: MatrixMetricName, notation?: MatrixNotation): string {
  if (Number.isNaN(v)) return 'n/a';
  if (v === 0) return '0';
  const sciHere = notation ? notation === 'sci' : Math.abs(v) < SCI_BELOW[metric];
  if (sciHere) return sci(v);
  return metric === 'volume' ? v.toFixed(3) : v.toFixed(4);
}

/**
 * [min, max] of the finite values; [0, 1] when there are none. When all equal v, the range
 * matplotlib's colour bar gives bsv's figure (Colorbar → transforms.nonsingular, expander 0.1):
 * [v − 0.1|v|, v + 0.1|v|], or [−0.1, 0.1] for v = 0, so the cells take the middle colour and the
 * bar's ticks stay near v (it was [v, v + 1]: a density of 0.0012 got a bar up to 1.0012).
 */
export function matrixLimits(values: ArrayLike<number>): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  if (hi > lo) return [lo, hi];
  return lo === 0 ? [-0.1, 0.1] : [lo - 0.1 * Math.abs(lo), lo + 0.1 * Math.abs(lo)];
}

/** Colour-bar label (bsv) with the normalisation said. */
export function matrixValueLabel(metric: MatrixMetricName, rows: boolean, cols: boolean): string {
  const base = metric === 'mean' ? 'Mean projection density' : metric === 'max' ? 'Max projection density' : 'Total projection volume (mm³)';
  if (rows && cols) return `${base}, ÷ row max then ÷ column max`;
  if (rows) return `${base}, ÷ row max`;
  if (cols) return `${base}, ÷ column max`;
  return base;
}

/** '#rrggbb' fill of a cell and a readable text colour on it (by the fill's luminance). */
export function cellColors(v: number, limits: readonly [number, number], colormap: ColormapName): { fill: string; text: string } {
  const c = valueToRgb255(v, limits[0], limits[1], colormap);
  if (!c) return { fill: '#e6e6e6', text: '#444444' };
  const hex = `#${c.map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  const lum = (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
  return { fill: hex, text: lum < 0.5 ? '#ffffff' : '#000000' };
}

/**
 * Display order of lines (rows or columns) sorted by the values of one line of the other axis:
 * `key(i)` is the value of line i. Stable; NaN always last; ties keep the original order.
 */
export function sortedOrder(n: number, key: (i: number) => number, descending: boolean): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  return idx.sort((a, b) => {
    const va = key(a),
      vb = key(b);
    const na = Number.isNaN(va),
      nb = Number.isNaN(vb);
    if (na || nb) return na === nb ? a - b : na ? 1 : -1;
    return (descending ? vb - va : va - vb) || a - b;
  });
}

/** Next state of a header's sort: off → descending → ascending → off; another header starts descending. */
export function nextSort(current: SortSpec | null, by: string): SortSpec | null {
  if (!current || current.by !== by) return { by, descending: true };
  return current.descending ? { by, descending: false } : null;
}

/** Row and column display orders for sorts by a target column / a source row (unknown label → as is). */
export function matrixOrder(
  values: ArrayLike<number>,
  rowLabels: readonly string[],
  colLabels: readonly string[],
  sortRows: SortSpec | null,
  sortCols: SortSpec | null,
): { rows: number[]; cols: number[] } {
  const R = rowLabels.length,
    C = colLabels.length;
  const identity = (n: number) => Array.from({ length: n }, (_, i) => i);
  const c = sortRows ? colLabels.indexOf(sortRows.by) : -1;
  const r = sortCols ? rowLabels.indexOf(sortCols.by) : -1;
  return {
    rows: sortRows && c >= 0 ? sortedOrder(R, (i) => values[i * C + c] ?? NaN, sortRows.descending) : identity(R),
    cols: sortCols && r >= 0 ? sortedOrder(C, (j) => values[r * C + j] ?? NaN, sortCols.descending) : identity(C),
  };
}

export interface MatrixFigureInput {
  readonly values: ArrayLike<number>;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  readonly rowOrder: readonly number[];
  readonly colOrder: readonly number[];
  readonly metric: MatrixMetricName;
  readonly limits: readonly [number, number];
  readonly colormap: ColormapName;
  readonly valueLabel: string;
  readonly title?: string;
  readonly annotate?: boolean;
}

export const MATRIX_CELL = { w: 72, h: 30, font: 11, labelFont: 12 } as const;

/**
 * Words of `label` in lines no wider than `max` px at `font` (a word wider than max gets its own
 * line); "÷" stays with the word after it.
 */
export function wrapLabel(label: string, font: number, max: number): string[] {
  const lines: string[] = [];
  for (const word of label
    .replace(/÷ /g, '÷\u00a0')
    .split(' ')
    .map((w) => w.replace(/\u00a0/g, ' '))) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} ${word}`, font) <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Longest line of the level label of an 'exact' (on-screen) colour bar, CSS px. */
export const SCREEN_LABEL_WIDTH = 140;

/**
 * Vertical colour bar with ticks: 64 bands of the colormap, low at the bottom, its label rotated
 * beside the tick labels. With `sizing` 'grow' (the exported figures) the bar is at least `h` tall,
 * taller when its label (broken after its commas) needs it; with 'exact' (on screen, sized to the
 * grid beside it) it is exactly `h` tall, its label level beside the ticks, wrapped between words
 * to SCREEN_LABEL_WIDTH, and its ticks fewer on a short bar (about one per 28 px, 2–5). `width` and `height` are the right
 * and bottom edges of what it draws. With `notation` 'sci' the tick labels are written as the
 * cells are (2.00e-03).
 */
export function colorBar(
  x: number,
  y: number,
  w: number,
  h: number,
  limits: readonly [number, number],
  colormap: ColormapName,
  label: string,
  font: number,
  notation?: MatrixNotation,
  sizing: 'grow' | 'exact' = 'grow',
): { items: SceneItem[]; width: number; height: number } {
  const [lo, hi] = limits;
  const ticks = niceTicks(lo, hi, sizing === 'exact' ? Math.max(2, Math.min(5, Math.floor(h / 28))) : 5);
  // the cells' notation when they are scientific, so the bar reads like the cells
  const labels = notation === 'sci' ? ticks.map((t) => (t === 0 ? '0' : sci(t))) : formatTicks(ticks);
  const tickW = Math.max(0, ...labels.map((l) => textWidth(l, font)));
  // one line when it fits beside the bar, else broken after its commas (the normalisation on a
  // line of its own); the bar grows to the longest line
  const phrases = label.split(/(?<=,) /);
  const lines: string[] = [];
  const fit = Math.max(h - 4, ...phrases.map((t) => textWidth(t, font)));
  for (const t of phrases) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} ${t}`, font) <= fit) lines[lines.length - 1] = `${last} ${t}`;
    else lines.push(t);
  }
  const barH = sizing === 'exact' ? h : Math.max(h, ...lines.map((l) => textWidth(l, font) + 4));
  const lut = colormapLut(colormap);
  const items: SceneItem[] = [];
  const bands = 64;
  for (let k = 0; k < bands; k++) {
    const i = Math.min(255, Math.floor(((k + 0.5) / bands) * 256));
    const fill = `#${[lut[3 * i] ?? 0, lut[3 * i + 1] ?? 0, lut[3 * i + 2] ?? 0].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    items.push({ kind: 'rect', x, y: y + barH - ((k + 1) / bands) * barH, w, h: barH / bands + 0.3, fill });
  }
  items.push({ kind: 'rect', x, y, w, h: barH, fill: 'none', stroke: '#333333', strokeWidth: 0.75 });
  for (const [k, t] of ticks.entries()) {
    const ty = y + barH - ((t - lo) / (hi - lo)) * barH;
    items.push({ kind: 'line', x1: x + w, y1: ty, x2: x + w + 4, y2: ty, stroke: '#333333', strokeWidth: 0.75 });
    items.push({ kind: 'text', x: x + w + 6, y: ty + font * 0.35, text: labels[k] ?? '', size: font });
  }
  const lineH = font * 1.2;
  if (sizing === 'exact') {
    // level, right of the ticks, wrapped to SCREEN_LABEL_WIDTH and centred on the bar
    const level = wrapLabel(label, font, SCREEN_LABEL_WIDTH);
    const lx = x + w + 6 + tickW + 10;
    const y0 = y + barH / 2 - ((level.length - 1) * lineH) / 2 + font * 0.35;
    level.forEach((text, k) => items.push({ kind: 'text', x: lx, y: y0 + k * lineH, text, size: font }));
    return { items, width: lx + Math.max(0, ...level.map((l) => textWidth(l, font))) + 4, height: y + barH + font * 0.7 };
  }
  // rotated 90°: glyph tops face right, so the first line is the rightmost
  const labelX = x + w + 6 + tickW + 8 + font * 0.25;
  lines.forEach((text, k) => {
    items.push({ kind: 'text', x: labelX + (lines.length - 1 - k) * lineH, y: y + barH / 2, text, size: font, anchor: 'middle', rotate: 90 });
  });
  return { items, width: labelX + (lines.length - 1) * lineH + font * 0.8 + 4, height: y + barH + font * 0.7 };
}

export function matrixScene(input: MatrixFigureInput): Scene {
  const { values, rowLabels, colLabels, rowOrder, colOrder, metric, limits, colormap } = input;
  const { w: cw, h: ch, font, labelFont } = MATRIX_CELL;
  const C = colLabels.length;
  const pad = 8;
  const titleSize = labelFont + 2;
  const rowLabelW = Math.max(40, ...rowLabels.map((l) => textWidth(l, labelFont))) + 12;
  const colLabelH = Math.max(30, ...colLabels.map((l) => textWidth(l, labelFont) * Math.SQRT1_2)) + labelFont + 8;
  const left = rowLabelW + labelFont * 2;
  const gridW = colOrder.length * cw,
    gridH = rowOrder.length * ch;
  const barX = left + gridW + 24;
  const barMinH = Math.max(90, Math.min(gridH, 260));
  const notation = matrixNotation(values, metric);
  const barAt = (y: number) => colorBar(barX, y, 16, barMinH, limits, colormap, input.valueLabel, font, notation);
  // the right edge of the rotated (−45°) target labels
  const colLabelRight = Math.max(0, ...colOrder.map((c, j) => left + j * cw + cw / 2 + (textWidth(colLabels[c] ?? '', labelFont) + labelFont) * Math.SQRT1_2));
  const width = Math.max(barAt(0).width, colLabelRight, boldTextWidth('Target region', labelFont) / 2 + left + gridW / 2) + pad;
  // the title on as many lines as it needs to fit that width (a single word wider widens the figure)
  const titleLines = input.title ? wrapLabel(input.title, titleSize, (width - 2 * pad) / 1.08) : [];
  const figureWidth = Math.max(width, ...titleLines.map((l) => boldTextWidth(l, titleSize) + 2 * pad));
  const titleH = titleLines.length > 0 ? titleLines.length * titleSize * 1.25 + labelFont : 8;
  const top = titleH + colLabelH;
  const bar = barAt(top);
  const height = Math.max(top + gridH + labelFont * 3, bar.height + pad);
  const items: SceneItem[] = [];
  titleLines.forEach((text, k) => {
    // centred over the grid when it fits there, else moved just enough to stay inside
    const w = boldTextWidth(text, titleSize);
    const cx = Math.min(Math.max(left + gridW / 2, w / 2 + pad), figureWidth - w / 2 - pad);
    items.push({ kind: 'text', x: cx, y: labelFont * 0.5 + titleSize * (1 + 1.25 * k), text, size: titleSize, bold: true, anchor: 'middle' });
  });
  rowOrder.forEach((r, i) => {
    const y = top + i * ch;
    items.push({ kind: 'text', x: left - 6, y: y + ch / 2 + labelFont * 0.35, text: rowLabels[r] ?? '', size: labelFont, anchor: 'end' });
    colOrder.forEach((c, j) => {
      const v = values[r * C + c] ?? NaN;
      const col = cellColors(v, limits, colormap);
      const x = left + j * cw;
      items.push({ kind: 'rect', x, y, w: cw, h: ch, fill: col.fill, stroke: '#ffffff', strokeWidth: 1 });
      if (input.annotate !== false)
        items.push({
          kind: 'text',
          x: x + cw / 2,
          y: y + ch / 2 + font * 0.35,
          text: formatMatrixValue(v, metric, notation),
          size: font,
          fill: col.text,
          anchor: 'middle',
        });
    });
  });
  colOrder.forEach((c, j) => {
    const x = left + j * cw + cw / 2;
    items.push({ kind: 'text', x, y: top - 6, text: colLabels[c] ?? '', size: labelFont, anchor: 'start', rotate: -45 });
  });
  items.push({ kind: 'text', x: left + gridW / 2, y: top + gridH + labelFont * 2, text: 'Target region', size: labelFont, anchor: 'middle', bold: true });
  items.push({ kind: 'text', x: labelFont, y: top + gridH / 2, text: 'Source region', size: labelFont, anchor: 'middle', bold: true, rotate: -90 });
  items.push(...bar.items);
  return { width: figureWidth, height, items, title: input.title ?? `Connectivity matrix: ${input.valueLabel}` };
}
