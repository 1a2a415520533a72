import { describe, expect, it } from 'vitest';
import { heatmapRgba, heatmapSvg, maskOutlinePath } from './svg-heatmap';
import { xmlProblem } from './xml-check';

const unit = (r: number, c: number): { x: number; y: number } => ({ x: c, y: r });

describe('maskOutlinePath', () => {
  it('draws the 4 sides of a lone cell and the 6 outer sides of two adjacent cells', () => {
    expect(maskOutlinePath(Uint8Array.from([1]), 1, 1, unit)).toBe('M0 0L1 0M0 1L1 1M0 0L0 1M1 0L1 1');
    const two = maskOutlinePath(Uint8Array.from([1, 1, 0, 0]), 2, 2, unit);
    expect(two.match(/M/g)).toHaveLength(6);
    expect(two).not.toContain('M1 0L1 1'); // the shared side is not an edge
    expect(maskOutlinePath(new Uint8Array(4), 2, 2, unit)).toBe('');
  });
});

describe('heatmapRgba', () => {
  it('colours values through the map and NaN with the no-data colour', () => {
    const px = heatmapRgba(Float32Array.from([0, 1, NaN]), [0, 1], 'gray_r', [1, 0, 0, 0.5]);
    expect([...px]).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 128]);
  });
});

describe('heatmapSvg', () => {
  const panel = (title: string, x: number) => ({
    box: { x, y: 0, width: 100, height: 100 },
    matrix: Float32Array.from([0, 0.5, NaN, 1]),
    rows: 2,
    cols: 2,
    extent: { dvMinUm: 1000, dvMaxUm: 2000, mlMinUm: 3000, mlMaxUm: 4000 },
    limits: [0, 1] as const,
    colormap: 'viridis' as const,
    outline: { mask: Uint8Array.from([1, 0, 1, 1]), rows: 2, cols: 2 },
    title,
  });
  it('is well-formed, escapes titles, one image and outline per panel', () => {
    const svg = heatmapSvg({
      width: 300,
      height: 120,
      title: 'A & B',
      panels: [panel('AP <7200> µm', 0), panel(`"g2"`, 100)],
      colorBar: { colormap: 'viridis', limits: [0, 1] },
    });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg.match(/<image /g)).toHaveLength(2);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('AP &lt;7200&gt; µm');
    expect(svg).toContain('&quot;g2&quot;');
    expect(svg).toContain('A &amp; B');
  });
  it('places the outline in CSS px of the letterboxed panel', () => {
    // 1000 × 1000 µm in a 100 × 100 box: 10 µm/px, origin at the box corner
    const svg = heatmapSvg({
      width: 100,
      height: 100,
      panels: [{ ...panel('', 0), outline: { mask: Uint8Array.from([1]), rows: 1, cols: 1 } }],
    });
    expect(svg).toContain('d="M0 0L100 0M0 100L100 100M0 0L0 100M100 0L100 100"');
  });
});
