import { describe, expect, it } from 'vitest';
import {
  cellColors,
  colorBar,
  formatMatrixValue,
  matrixNotation,
  nextSort,
  matrixLimits,
  matrixOrder,
  matrixScene,
  matrixValueLabel,
  sortedOrder,
  wrapLabel,
} from './matrix-figure';
import { sceneToSvg, textsOutside } from './svg-scene';
import { xmlProblem } from './xml-check';

describe('matrix value format (bsv annotations)', () => {
  it('uses 4 decimals, or scientific below 0.001, for densities', () => {
    expect(formatMatrixValue(0.0263, 'mean')).toBe('0.0263');
    expect(formatMatrixValue(0.000927, 'mean')).toBe('9.27e-04');
    expect(formatMatrixValue(-0.000927, 'max')).toBe('-9.27e-04');
    expect(formatMatrixValue(1, 'mean')).toBe('1.0000');
  });
  it('uses 3 decimals, or scientific below 0.01, for volumes', () => {
    expect(formatMatrixValue(0.25, 'volume')).toBe('0.250');
    expect(formatMatrixValue(0.005, 'volume')).toBe('5.00e-03');
    expect(formatMatrixValue(12345, 'volume')).toBe('12345.000');
  });
  it('writes zero and no-data plainly', () => {
    expect(formatMatrixValue(0, 'mean')).toBe('0');
    expect(formatMatrixValue(NaN, 'volume')).toBe('n/a');
  });
});

describe('matrix limits, labels and colours', () => {
  it('spans the finite values and survives degenerate input', () => {
    expect(matrixLimits([0.2, NaN, 0.5, 0.1])).toEqual([0.1, 0.5]);
    expect(matrixLimits([NaN])).toEqual([0, 1]);
    // all equal: matplotlib's nonsingular range (expander 0.1), the cells in the middle colour
    expect(matrixLimits([3, 3])).toEqual([2.7, 3.3]);
    const [lo, hi] = matrixLimits([0.0012, NaN, 0.0012]);
    expect(lo).toBeCloseTo(0.00108, 12);
    expect(hi).toBeCloseTo(0.00132, 12);
    expect(matrixLimits([-2, -2])).toEqual([-2.2, -1.8]);
    expect(matrixLimits([0, 0])).toEqual([-0.1, 0.1]);
  });
  it('says the normalisation in the colour-bar label', () => {
    expect(matrixValueLabel('mean', false, false)).toBe('Mean projection density');
    expect(matrixValueLabel('volume', true, false)).toBe('Total projection volume (mm³), ÷ row max');
    expect(matrixValueLabel('max', true, true)).toContain('row max then ÷ column max');
  });
  it('picks white text on dark cells and black on light ones', () => {
    expect(cellColors(0, [0, 1], 'viridis').text).toBe('#ffffff');
    expect(cellColors(1, [0, 1], 'viridis').text).toBe('#000000');
    expect(cellColors(1, [0, 1], 'gray_r').text).toBe('#ffffff');
    expect(cellColors(NaN, [0, 1], 'viridis').fill).toBe('#e6e6e6');
  });
});

describe('matrix sorting', () => {
  it('cycles a header off → descending → ascending → off', () => {
    const a = nextSort(null, 'CP');
    expect(a).toEqual({ by: 'CP', descending: true });
    const b = nextSort(a, 'CP');
    expect(b).toEqual({ by: 'CP', descending: false });
    expect(nextSort(b, 'CP')).toBeNull();
    expect(nextSort(b, 'TH')).toEqual({ by: 'TH', descending: true });
  });
  it('sorts descending and ascending with NaN last and stable ties', () => {
    const v = [0.5, NaN, 0.9, 0.5, 0.1];
    expect(sortedOrder(5, (i) => v[i] ?? NaN, true)).toEqual([2, 0, 3, 4, 1]);
    expect(sortedOrder(5, (i) => v[i] ?? NaN, false)).toEqual([4, 0, 3, 2, 1]);
  });
  it('orders rows by a target column and columns by a source row', () => {
    // rows A, B, C × cols X, Y
    const values = [1, 6, 3, 5, 2, 4];
    const o = matrixOrder(values, ['A', 'B', 'C'], ['X', 'Y'], { by: 'X', descending: true }, { by: 'A', descending: true });
    expect(o.rows).toEqual([1, 2, 0]);
    expect(o.cols).toEqual([1, 0]);
    const none = matrixOrder(values, ['A', 'B', 'C'], ['X', 'Y'], { by: 'gone', descending: true }, null);
    expect(none).toEqual({ rows: [0, 1, 2], cols: [0, 1] });
  });
  it('is a permutation whatever the values', () => {
    const values = Array.from({ length: 7 * 3 }, (_, i) => ((i * 37) % 11) / 10 - (i % 5 === 0 ? NaN : 0));
    const o = matrixOrder(values, ['a', 'b', 'c', 'd', 'e', 'f', 'g'], ['x', 'y', 'z'], { by: 'y', descending: false }, { by: 'd', descending: true });
    expect([...o.rows].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...o.cols].sort()).toEqual([0, 1, 2]);
  });
});

describe('matrix scene and CSV', () => {
  const values = [0.0263, 0.0059, NaN, 0.0799];
  const base = {
    values,
    rowLabels: ['VISp', 'VIS<l>'],
    colLabels: ['CP', 'A&B'],
    rowOrder: [1, 0],
    colOrder: [0, 1],
    metric: 'mean' as const,
    limits: [0.0059, 0.0799] as const,
    colormap: 'viridis' as const,
    valueLabel: 'Mean projection density',
  };
  it('draws one cell and one annotation per value, in display order, as valid escaped SVG', () => {
    const scene = matrixScene({ ...base, title: 'Sources → targets' });
    const texts = scene.items.filter((i) => i.kind === 'text').map((i) => (i.kind === 'text' ? i.text : ''));
    expect(texts).toEqual(expect.arrayContaining(['0.0263', '0.0059', 'n/a', '0.0799', 'VISp', 'VIS<l>', 'CP', 'A&B', 'Target region', 'Source region']));
    // first drawn row is row 1 (VIS<l>)
    expect(texts.indexOf('VIS<l>')).toBeLessThan(texts.indexOf('VISp'));
    const svg = sceneToSvg(scene);
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain('VIS&lt;l&gt;');
    expect(svg).toContain('A&amp;B');
  });
});

describe('matrix figure layout from the text it holds', () => {
  const small = {
    values: Float64Array.from([0.25, 1, 1, 0.99]),
    rowLabels: ['AD', 'ADP'],
    colLabels: ['CP', 'TH'],
    rowOrder: [0, 1],
    colOrder: [0, 1],
    metric: 'mean' as const,
    limits: [0.25, 1] as const,
    colormap: 'viridis' as const,
  };
  it('keeps a long title and a long colour-bar label inside a 2 × 2 figure (they were clipped)', () => {
    const valueLabel = matrixValueLabel('mean', true, true);
    const scene = matrixScene({ ...small, valueLabel, title: `Source → target connectivity (${valueLabel})` });
    expect(textsOutside(scene)).toEqual([]);
    // the whole label is drawn (maybe over several lines), not cut
    const texts = scene.items.flatMap((i) => (i.kind === 'text' ? [i.text] : []));
    expect(texts.join(' ')).toContain('÷ row max then ÷ column max');
  });
  it('keeps long target names, many rows and wide tick labels inside', () => {
    const rowLabels = Array.from({ length: 12 }, (_, i) => `Source region number ${i}`);
    const scene = matrixScene({
      ...small,
      values: Float64Array.from({ length: 24 }, (_, i) => i * 1e-6),
      rowLabels,
      colLabels: ['Caudoputamen, a long target name', 'TH'],
      rowOrder: rowLabels.map((_, i) => i),
      limits: [0, 2.3e-5],
      valueLabel: 'Total projection volume (mm³)',
      title: 'T',
    });
    expect(textsOutside(scene)).toEqual([]);
  });
  it('fits the on-screen colour bar to its label', () => {
    const bar = colorBar(8, 16, 16, 170, [0, 1], 'viridis', matrixValueLabel('volume', true, true), 11);
    expect(textsOutside({ width: bar.width, height: bar.height, items: bar.items, title: 'bar' })).toEqual([]);
  });
});

describe('colour-bar label lines', () => {
  it('breaks a long label after its comma, never inside "÷ row max"', () => {
    const bar = colorBar(0, 0, 16, 170, [0, 1], 'viridis', 'Mean projection density, ÷ row max', 11);
    const texts = bar.items.flatMap((i) => (i.kind === 'text' && i.rotate === 90 ? [i.text] : []));
    expect(texts).toEqual(['Mean projection density,', '÷ row max']);
  });
  it('keeps a short label on one line', () => {
    const bar = colorBar(0, 0, 16, 170, [0, 1], 'viridis', 'Mean projection density', 11);
    expect(bar.items.filter((i) => i.kind === 'text' && i.rotate === 90)).toHaveLength(1);
  });
});

describe('title lines', () => {
  it('wraps at spaces within the width and keeps "÷" with its word', () => {
    expect(wrapLabel('a b ÷ row max', 10, 20)).toEqual(['a b', '÷ row', 'max']);
    expect(wrapLabel('Connectivity', 10, 5)).toEqual(['Connectivity']);
  });
});

describe('one number format per matrix figure', () => {
  it('writes every cell in scientific notation when any is below the threshold (no 5.38e-04 beside 0.0021)', () => {
    const values = [0.000538, 0.0021, 0.0018, 0];
    expect(matrixNotation(values, 'mean')).toBe('sci');
    expect(values.map((v) => formatMatrixValue(v, 'mean', matrixNotation(values, 'mean')))).toEqual(['5.38e-04', '2.10e-03', '1.80e-03', '0']);
    expect(matrixNotation([0.0263, 0.0059, NaN, 0], 'mean')).toBe('fixed');
    expect(matrixNotation([0.25, 0.005], 'volume')).toBe('sci');
  });
  it('draws the figure with that one notation', () => {
    const scene = matrixScene({
      values: [0.000538, 0.0021],
      rowLabels: ['AD'],
      colLabels: ['CP', 'TH'],
      rowOrder: [0],
      colOrder: [0, 1],
      metric: 'mean',
      limits: [0.000538, 0.0021],
      colormap: 'viridis',
      valueLabel: 'Mean projection density',
    });
    const texts = scene.items.flatMap((i) => (i.kind === 'text' ? [i.text] : []));
    expect(texts).toEqual(expect.arrayContaining(['5.38e-04', '2.10e-03']));
    expect(texts).not.toContain('0.0021');
    // the colour bar's ticks too: no "0.0015" beside "2.10e-03"
    expect(texts).toContain('1.50e-03');
    expect(texts.filter((t) => /^0\.\d+$/.test(t))).toEqual([]);
  });
});
