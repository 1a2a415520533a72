// Bar charts as small multiples (bsv analyze_cp_subregions figure, §4.13 step 8), pure: one panel
// per group (at most 3 per row), one bar per category coloured by the caller (the structure's
// ontology colour), optional ± error bars, a shared y axis from 0 to 1.1 × the largest bar top.
// NaN values draw no bar and the text "n/a".
import { formatTicks, niceTicks } from './scale-bar';
import { boldTextWidth, textWidth, type Scene, type SceneItem } from './svg-scene';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Half-length of the error bar (same unit as value), or null. */
  readonly err: number | null;
  /** '#rrggbb' */
  readonly color: string;
}

export interface BarPanel {
  readonly title: string;
  readonly bars: readonly Bar[];
}

export interface BarChartInput {
  readonly panels: readonly BarPanel[];
  readonly yLabel: string;
  readonly xLabel: string;
  readonly title?: string;
  readonly columns?: number;
}

export const BAR_CHART = { bar: 26, gap: 8, plotH: 220, font: 11 } as const;

/** Top of the shared y axis: 1.1 × max(value + err) over finite bars; 1 when there is none. */
export function barChartYMax(panels: readonly BarPanel[]): number {
  let m = 0;
  for (const p of panels)
    for (const b of p.bars) {
      const top = b.value + (b.err !== null && Number.isFinite(b.err) ? b.err : 0);
      if (Number.isFinite(top) && top > m) m = top;
    }
  return m > 0 ? 1.1 * m : 1;
}

export function barChartScene(input: BarChartInput): Scene {
  const { bar, gap, plotH, font } = BAR_CHART;
  const cols = Math.max(1, Math.min(input.columns ?? 3, input.panels.length));
  const maxBars = Math.max(1, ...input.panels.map((p) => p.bars.length));
  // wide enough for the bars and for each panel's title (bold, a size up)
  const plotW = Math.max(160, maxBars * (bar + gap) + gap, ...input.panels.map((p) => boldTextWidth(p.title, font + 1) + 8));
  const longest = Math.max(20, ...input.panels.flatMap((p) => p.bars.map((b) => textWidth(b.label, font))));
  const labelH = longest * Math.SQRT1_2 + font + 6;
  const yMax = barChartYMax(input.panels);
  const ticks = niceTicks(0, yMax, 5);
  const tickLabels = formatTicks(ticks);
  // the first bar's label runs down-left at −45°, and the rotated y label (its glyphs about
  // 1.25 font wide, baseline at `font`) sits left of the tick labels: the margin grows for both
  const tickW = Math.max(0, ...tickLabels.map((l) => textWidth(l, font)));
  const left = Math.max(64, (longest + font) * Math.SQRT1_2 - gap - bar / 2 + 4, font * 1.25 + 6 + tickW + 6),
    titleH = input.title ? font * 3 : font;
  const panelW = left + plotW + 16,
    panelH = font * 2 + plotH + labelH;
  const width = Math.max(cols * panelW, textWidth(input.title ?? '', font + 3) * 1.1 + 24, textWidth(input.xLabel, font) + 24);
  const items: SceneItem[] = [];
  if (input.title) items.push({ kind: 'text', x: width / 2, y: font * 1.8, text: input.title, size: font + 3, bold: true, anchor: 'middle' });
  input.panels.forEach((p, k) => {
    const ox = (k % cols) * panelW + left;
    const oy = titleH + Math.floor(k / cols) * panelH + font * 2;
    const y = (v: number) => oy + plotH - (v / yMax) * plotH;
    items.push({ kind: 'text', x: ox + plotW / 2, y: oy - font * 0.6, text: p.title, size: font + 1, bold: true, anchor: 'middle' });
    for (const [i, t] of ticks.entries()) {
      items.push({ kind: 'line', x1: ox - 4, y1: y(t), x2: ox + plotW, y2: y(t), stroke: t === 0 ? '#333333' : '#dddddd', strokeWidth: t === 0 ? 1 : 0.5 });
      items.push({ kind: 'text', x: ox - 6, y: y(t) + font * 0.35, text: tickLabels[i] ?? '', size: font, anchor: 'end' });
    }
    items.push({ kind: 'line', x1: ox, y1: oy, x2: ox, y2: oy + plotH, stroke: '#333333', strokeWidth: 1 });
    p.bars.forEach((b, i) => {
      const x = ox + gap + i * (bar + gap);
      const cx = x + bar / 2;
      if (Number.isFinite(b.value)) {
        const top = y(Math.max(0, b.value));
        items.push({ kind: 'rect', x, y: top, w: bar, h: oy + plotH - top, fill: b.color, stroke: '#333333', strokeWidth: 0.5 });
        if (b.err !== null && Number.isFinite(b.err) && b.err > 0) {
          const y0 = y(Math.max(0, b.value - b.err)),
            y1 = y(b.value + b.err);
          items.push({ kind: 'line', x1: cx, y1: y0, x2: cx, y2: y1, stroke: '#000000', strokeWidth: 1 });
          items.push({ kind: 'line', x1: cx - 5, y1, x2: cx + 5, y2: y1, stroke: '#000000', strokeWidth: 1 });
          items.push({ kind: 'line', x1: cx - 5, y1: y0, x2: cx + 5, y2: y0, stroke: '#000000', strokeWidth: 1 });
        }
      } else {
        items.push({ kind: 'text', x: cx, y: oy + plotH - 4, text: 'n/a', size: font - 2, fill: '#777777', anchor: 'middle' });
      }
      items.push({ kind: 'text', x: cx + font * 0.3, y: oy + plotH + 8, text: b.label, size: font, anchor: 'end', rotate: -45 });
    });
    if (k % cols === 0) items.push({ kind: 'text', x: ox - left + font, y: oy + plotH / 2, text: input.yLabel, size: font, anchor: 'middle', rotate: -90 });
  });
  const rows = Math.ceil(input.panels.length / cols);
  const height = titleH + rows * panelH + font * 2;
  items.push({ kind: 'text', x: width / 2, y: height - font * 0.6, text: input.xLabel, size: font, anchor: 'middle' });
  return { width, height, items, title: input.title ?? input.yLabel };
}
