// The projectome SVG is a vector figure: read back element by element (xmlElements), with the
// expected coordinates worked out by hand on a tiny section.
import { describe, expect, it } from 'vitest';
import { sectionOrientation } from './orientation-mark';
import { projectomeSvg } from './svg-export';
import { xmlElements, xmlProblem, type XmlElement } from './xml-check';

// 4 rows × 6 columns of 100 µm drawn in a 600 × 400 px figure: 1 px per µm, a cell is 100 px.
//   row 0   0 0 0 0 0 0
//   row 1   0 5 5 6 6 0      target (T):  . . . T T .
//   row 2   0 5 5 6 6 0                   . . . T . .
//   row 3   0 0 0 0 0 0
const ann = Uint32Array.from([0, 0, 0, 0, 0, 0, 0, 5, 5, 6, 6, 0, 0, 5, 5, 6, 6, 0, 0, 0, 0, 0, 0, 0]);
const target = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
const shape = { rows: 4, cols: 6, resolutionUm: 100 };
const alpha = new Float32Array(24).fill(0.5);

function figure(visible: readonly boolean[]) {
  return projectomeSvg({
    width: 600,
    height: 400,
    frame: {
      section: { dvMinUm: 0, dvMaxUm: 400, mlMinUm: 0, mlMaxUm: 600 },
      background: { annotation: ann, ...shape },
      target: { mask: target, ...shape, color: [0, 0, 1] },
      sources: visible.map((v, i) => ({ alpha, color: [i / 2, 0, 0] as const, visible: v })),
      sourceShape: shape,
      injections: {
        positionsUm: Float32Array.from([150, 250, 250, 450]),
        sizesPx: Float32Array.from([10, 20]),
        colors: Float32Array.from([1, 0, 0, 0, 1, 0]),
      },
    },
    overlay: {
      title: 'Target region: X',
      legendTitle: 'Input regions',
      legend: [{ label: 'VISp (3 exp.)', color: [1, 0, 0] }],
      scaleBar: true,
      orientation: sectionOrientation('coronal'),
    },
  });
}

const cls = (els: readonly XmlElement[], name: string, c: string): XmlElement[] => els.filter((e) => e.name === name && e.attrs.get('class') === c);
const texts = (els: readonly XmlElement[]): string[] => els.filter((e) => e.name === 'text').map((e) => e.text);

describe('projectomeSvg as a vector figure', () => {
  const svg = figure([true, false, true]);
  const els = xmlElements(svg);

  it('is well-formed and embeds no raster but one heatmap per visible source', () => {
    expect(xmlProblem(svg)).toBeNull();
    const images = els.filter((e) => e.name === 'image');
    expect(images.map((e) => e.attrs.get('data-source'))).toEqual(['0', '2']);
    // native resolution, stretched over the section: 6 × 4 cells on 600 × 400 px
    for (const im of images) expect([im.attrs.get('width'), im.attrs.get('height')]).toEqual(['600', '400']);
    expect(xmlElements(figure([false, false, false])).filter((e) => e.name === 'image')).toHaveLength(0);
  });

  it('fills the brain as the outline of the labelled cells (columns 1–4, rows 1–2)', () => {
    const inside = cls(els, 'path', 'inside');
    expect(inside).toHaveLength(1);
    expect(inside[0]?.attrs.get('d')).toBe('M100 100L500 100L500 300L100 300Z');
    expect(inside[0]?.attrs.get('fill')).toBe('#f2f2f2');
  });

  it('strokes the region boundaries: the brain outline and the 5 | 6 border at ML 300 µm', () => {
    const d = cls(els, 'path', 'boundaries')[0]?.attrs.get('d') ?? '';
    expect(d).toContain('M100 100L500 100'); // top of the brain
    expect(d).toContain('M300 100L300 300'); // between ids 5 and 6
    expect(cls(els, 'path', 'boundaries')[0]?.attrs.get('fill')).toBe('none');
  });

  it('shades the target cells (1,3), (1,4), (2,3) in its colour, with the outline inside', () => {
    const L = 'M300 100L500 100L500 200L400 200L400 300L300 300Z';
    const fill = cls(els, 'path', 'target-fill')[0];
    expect(fill?.attrs.get('d')).toBe(L);
    expect(fill?.attrs.get('fill')).toBe('#0000ff');
    expect(fill?.attrs.get('fill-opacity')).toBe('0.15');
    const outline = cls(els, 'path', 'target-outline')[0];
    expect(outline?.attrs.get('d')).toBe(L);
    expect(outline?.attrs.get('stroke')).toBe('#0000ff');
    expect(outline?.attrs.get('clip-path')).toBe('url(#target-inside)');
    const clip = els.find((e) => e.name === 'path' && e.ancestors.includes('clipPath') && e.attrs.get('d') === L);
    expect(clip).toBeDefined();
  });

  it('draws each injection dot as a circle at its (DV, ML)', () => {
    const dots = cls(els, 'circle', 'injection');
    expect(dots.map((e) => [e.attrs.get('cx'), e.attrs.get('cy'), e.attrs.get('r')])).toEqual([
      ['250', '150', '4.5'],
      ['450', '250', '9.5'],
    ]);
  });

  it('writes title, legend, scale bar and orientation as text', () => {
    expect(cls(els, 'text', 'title')[0]?.text).toBe('Target region: X');
    // the title's runs of spaces (between target and position) survive, as on the PNG
    expect(cls(els, 'text', 'title')[0]?.attrs.get('xml:space')).toBe('preserve');
    expect(texts(els)).toEqual(expect.arrayContaining(['Input regions', 'VISp (3 exp.)', 'dorsal', 'right']));
    const bar = svg.match(/<g class="scale-bar">.*?<\/g>/)?.[0] ?? '';
    expect(texts(xmlElements(bar))[0]).toMatch(/^\d+ (µm|mm)$/);
    const mark = svg.match(/<g class="orientation".*?<\/g>/)?.[0] ?? '';
    expect(xmlElements(mark).filter((e) => e.name === 'path')).toHaveLength(1);
  });

  it('keeps every text anchor inside the figure, the orientation mark in the section’s bottom-right', () => {
    for (const t of els.filter((e) => e.name === 'text')) {
      const x = Number(t.attrs.get('x')),
        y = Number(t.attrs.get('y'));
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(600);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThanOrEqual(400);
    }
    const right = els.find((e) => e.name === 'text' && e.text === 'right');
    expect(Number(right?.attrs.get('x'))).toBeGreaterThan(450);
    expect(Number(right?.attrs.get('y'))).toBeGreaterThan(370);
  });

  it('faces the planes as compute/section-plane.ts lays them out', () => {
    expect(sectionOrientation('coronal')).toEqual({ up: 'dorsal', right: 'right' });
    expect(sectionOrientation('sagittal')).toEqual({ up: 'dorsal', right: 'posterior' });
    expect(sectionOrientation('horizontal')).toEqual({ up: 'left', right: 'posterior' });
  });
});
