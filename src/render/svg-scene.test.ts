import { afterEach, describe, expect, it } from 'vitest';
import { approxTextWidth, OVERLAY_FONT } from './overlay-layout';
import { boldTextWidth, px, SCENE_FONT, sceneToSvg, textWidth } from './svg-scene';
import { measuredWidth, setTextMeasurer } from './text-measure';
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

describe('text widths for layout', () => {
  afterEach(() => setTextMeasurer(null));

  it('without a measurer (Node) is the estimate: 0.58 em per character, bold 8 % wider', () => {
    expect(textWidth('abcd', 10)).toBeCloseTo(23.2, 6);
    expect(boldTextWidth('abcd', 10)).toBeCloseTo(23.2 * 1.08, 6);
    expect(measuredWidth('abcd', '10px serif')).toBeNull();
  });

  it('with a measurer, the larger of the measured and the estimated width, in the scene font (bold asked as bold)', () => {
    const asked: string[] = [];
    setTextMeasurer((text, font) => {
      asked.push(font);
      return text === 'WWWW' ? 40 : 5; // wide glyphs measure wider than the estimate; narrow ones less
    });
    expect(textWidth('WWWW', 10)).toBe(40);
    expect(textWidth('iiii', 10)).toBeCloseTo(23.2, 6);
    expect(boldTextWidth('WWWW', 10)).toBe(40);
    expect(asked).toEqual([`10px ${SCENE_FONT}`, `10px ${SCENE_FONT}`, `bold 10px ${SCENE_FONT}`]);
  });

  it('the projectome overlay measures in its own font', () => {
    const asked: string[] = [];
    setTextMeasurer((_text, font) => {
      asked.push(font);
      return 100;
    });
    expect(approxTextWidth('AP 5000 µm', 12)).toBe(100);
    expect(approxTextWidth('x'.repeat(40), 12)).toBeCloseTo(40 * 12 * 0.6, 6);
    expect(asked[0]).toBe(`12px ${OVERLAY_FONT}`);
  });
});
