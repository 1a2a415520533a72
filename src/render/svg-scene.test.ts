import { describe, expect, it } from 'vitest';
import { px, sceneToSvg, textWidth } from './svg-scene';
import { xmlProblem } from './xml-check';

describe('SVG scene serialiser', () => {
  it('writes each primitive with rounded coordinates, escaped text and attributes', () => {
    const svg = sceneToSvg({
      width: 100.123,
      height: 50,
      title: 'T <&>',
      items: [
        { kind: 'rect', x: 1.005, y: 2, w: 3, h: 4, fill: '#ff0000', stroke: '#000', strokeWidth: 0.5 },
        { kind: 'line', x1: 0, y1: 0, x2: 10, y2: 10, stroke: '#00ff00' },
        { kind: 'text', x: 5, y: 6, text: 'a"b<c>&d', rotate: -45, anchor: 'end', bold: true },
      ],
    });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain('width="100.12"');
    expect(svg).toContain('<title>T &lt;&amp;&gt;</title>');
    expect(svg).toContain('stroke-width="0.5"');
    expect(svg).toContain('transform="rotate(-45 5 6)"');
    expect(svg).toContain('>a&quot;b&lt;c&gt;&amp;d</text>');
    expect(svg).toContain('font-weight="bold"');
  });
  it('rounds to hundredths and estimates text width linearly', () => {
    expect(px(1.23456)).toBe('1.23');
    expect(textWidth('abcd', 10)).toBeCloseTo(2 * textWidth('ab', 10));
  });
});
