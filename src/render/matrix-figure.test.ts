import { describe, expect, it } from 'vitest';
import { cellColors, formatMatrixValue, nextSort, matrixLimits, matrixOrder, matrixScene, matrixValueLabel, sortedOrder } from './matrix-figure';
import { sceneToSvg } from './svg-scene';
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
    expect(matrixLimits([3, 3])).toEqual([3, 4]);
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
