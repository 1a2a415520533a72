import { describe, expect, it } from 'vitest';
import { barChartScene, barChartYMax, BAR_CHART } from './bar-chart';
import { sceneToSvg, textWidth, textsOutside } from './svg-scene';
import { xmlProblem } from './xml-check';

const panel = (title: string, values: number[], err: Array<number | null> = []) => ({
  title,
  bars: values.map((v, i) => ({ label: `S${i}`, value: v, err: err[i] ?? null, color: '#98d6f9' })),
});

describe('bar chart', () => {
  it('shares a y axis up to 1.1 × the highest bar top (error bars included)', () => {
    expect(barChartYMax([panel('a', [0.1, 0.3]), panel('b', [0.2], [0.2])])).toBeCloseTo(0.44);
    expect(barChartYMax([panel('a', [NaN])])).toBe(1);
  });
  it('draws bars in proportion to their value from the same baseline', () => {
    const scene = barChartScene({ panels: [panel('g', [0.2, 0.4])], yLabel: 'Mean', xLabel: 'Child' });
    const bars = scene.items.filter((i) => i.kind === 'rect' && i.fill === '#98d6f9');
    expect(bars).toHaveLength(2);
    const [a, b] = bars.map((r) => (r.kind === 'rect' ? r : null));
    expect(a && b && b.h / a.h).toBeCloseTo(2, 5);
    expect(a && b && a.y + a.h).toBeCloseTo((b?.y ?? 0) + (b?.h ?? 0), 5);
    // y axis max = 0.44 → 0.4 is 0.4/0.44 of the plot height
    expect(b?.h).toBeCloseTo((0.4 / 0.44) * BAR_CHART.plotH, 5);
  });
  it('lays out at most three panels per row and says n/a for missing values', () => {
    const scene = barChartScene({ panels: [1, 2, 3, 4].map((g) => panel(`G${g}`, [0.1, NaN])), yLabel: 'Mean', xLabel: 'Child', title: 'T' });
    const titles = scene.items.filter((i) => i.kind === 'text' && /^G\d$/.test(i.text)).map((i) => (i.kind === 'text' ? [i.x, i.y] : [0, 0]));
    expect(titles[3]?.[0]).toBeCloseTo(titles[0]?.[0] ?? NaN);
    expect(titles[3]?.[1]).toBeGreaterThan(titles[0]?.[1] ?? Infinity);
    expect(scene.items.filter((i) => i.kind === 'text' && i.text === 'n/a')).toHaveLength(4);
  });
  it('draws an error bar only where one is given, and valid SVG', () => {
    const scene = barChartScene({ panels: [panel('<g>', [0.2, 0.3], [0.05, null])], yLabel: 'Mean', xLabel: 'Child' });
    const blackLines = scene.items.filter((i) => i.kind === 'line' && i.stroke === '#000000');
    expect(blackLines).toHaveLength(3);
    const svg = sceneToSvg(scene);
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain('&lt;g&gt;');
  });
});

describe('bar chart width', () => {
  it('is wide enough for a long title and x label', () => {
    const title = 'A very long title that is much wider than a single small panel of bars';
    const scene = barChartScene({ panels: [panel('g', [0.1])], yLabel: 'Mean', xLabel: 'Child', title });
    const t = scene.items.find((i) => i.kind === 'text' && i.text === title);
    expect(t?.kind === 'text' && t.x * 2).toBeCloseTo(scene.width);
    expect(scene.width).toBeGreaterThan(title.length * 14 * 0.58);
  });
});

describe('bar chart layout from the text it holds', () => {
  it('keeps long subregion names, panel titles and the axis labels inside the figure', () => {
    // an annotation file's labels can be long; panel titles name the group and its experiments
    const names = ['Caudoputamen-dorsomedial', 'CPvl', 'CPi'];
    const long = (title: string) => ({ title, bars: names.map((label, i) => ({ label, value: 0.01 * (i + 1), err: 0.002, color: '#98d6f9' })) });
    const scene = barChartScene({
      panels: [long('VISp, VISl, VISam (12 experiments)'), long('MOs (3 experiments)'), long('c'), long('d')],
      yLabel: 'Mean projection density',
      xLabel: 'Subregions of CP (error bars: SD across experiments)',
      title: 'Mean projection density per subregion of CP',
    });
    expect(textsOutside(scene)).toEqual([]);
  });
});

describe('bar chart y axis', () => {
  it('keeps the rotated y label clear of the widest tick label (0.00100 touched it)', () => {
    const font = BAR_CHART.font;
    const scene = barChartScene({ panels: [panel('p', [0.00108, 0, 0.00001])], yLabel: 'Mean projection density', xLabel: 'x' });
    const texts = scene.items.flatMap((i) => (i.kind === 'text' ? [i] : []));
    const yLabel = texts.find((t) => t.rotate === -90);
    const ticks = texts.filter((t) => t.anchor === 'end' && !t.rotate);
    expect(ticks.map((t) => t.text)).toContain('0.00100');
    // the label's glyphs reach about a quarter font right of its baseline; a tick label ends at x
    const tickLeft = Math.min(...ticks.map((t) => t.x - textWidth(t.text, font)));
    expect((yLabel?.x ?? Infinity) + font * 0.25 + 2).toBeLessThan(tickLeft);
  });
});
