import { describe, expect, it } from 'vitest';
import { gridFigureSvg, gridHitTest, gridPanels, regionOutlineMask, sliceExtent, type GridFigure } from './slice-grid-figure';
import { gridLayout } from './slice-grid-layout';
import { orientationMark, sliceOrientation } from './orientation-mark';
import { xmlProblem } from './xml-check';

const extent = { dvMinUm: 0, dvMaxUm: 400, mlMinUm: 1000, mlMaxUm: 1600 };

function fail(): never {
  throw new Error('missing cell');
}

function figure(): GridFigure {
  const layout = gridLayout({ extents: [extent, null], rows: 2, widthPx: 700, captions: true });
  const cell = {
    matrix: Float32Array.of(0, 1, NaN, 0.5, 0.2, 0.9),
    rows: 2,
    cols: 3,
    extent,
    limits: [0, 1] as const,
    outline: Uint8Array.of(1, 1, 0, 1, 1, 1),
  };
  return {
    layout,
    title: 'Projections into <CP> & "friends"',
    colormap: 'gray_r',
    outlineColor: [0.2, 0.4, 0.6],
    cells: [
      [cell, null],
      [cell, null],
    ],
    columnLabels: [
      ['AP 5000 µm', 'ARA level 51'],
      ['AP 6000 µm', 'ARA level 61'],
    ],
    rowLabels: [
      ['A&B', '2 exp.'],
      ['<x>', '1 exp.'],
    ],
    captions: [
      ['3 significant', ''],
      ['0 significant', ''],
    ],
    colorBar: { colormap: 'gray_r', limits: [0, 1], label: 'mean projection density / injection volume (mm⁻³)' },
    orientation: sliceOrientation('coronal'),
  };
}

describe('slice grid figure', () => {
  it('one renderer panel per non-empty cell, at the layout panel box', () => {
    const f = figure();
    const panels = gridPanels(f);
    expect(panels).toHaveLength(2);
    expect(panels[1]?.box).toEqual(f.layout.panels[1]?.[0]);
    expect(panels[0]?.outline?.color).toEqual([0.2, 0.4, 0.6]);
  });

  it('marks become a transparent overlay panel carrying only their outline', () => {
    const f = figure();
    const marked = { ...f, cells: [[{ ...(f.cells[0]?.[0] ?? fail()), marks: { mask: Uint8Array.of(0, 1, 0, 0, 0, 0), color: [1, 0, 0] as const } }, null]] };
    const panels = gridPanels(marked);
    expect(panels).toHaveLength(2);
    expect(panels[1]?.noDataColor).toEqual([0, 0, 0, 0]);
    expect(Number.isNaN(panels[1]?.matrix[0])).toBe(true);
    expect(panels[1]?.outline?.color).toEqual([1, 0, 0]);
    expect(panels[1]?.outline?.rows).toBe(2);
    const svg = gridFigureSvg(marked);
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain('stroke="#ff0000"');
    const box = marked.layout.panels[0]?.[0];
    if (!box) throw new Error('no panel');
    expect(gridHitTest(marked, box.x + box.width / 2, box.y + 1)).toMatchObject({ r: 0, c: 1, marked: true, outlined: true });
  });

  it('SVG is well-formed, escapes labels, and has the furniture', () => {
    const svg = gridFigureSvg(figure());
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain('Projections into &lt;CP&gt; &amp; &quot;friends&quot;');
    expect(svg).toContain('A&amp;B');
    expect(svg).toContain('ARA level 61');
    expect(svg).toContain('no voxels');
    expect(svg).toContain('3 significant');
    expect(svg.match(/<image /g)).toHaveLength(2);
    expect(svg).toContain('stroke="#336699"');
    expect(svg).toContain('class="colorbar"');
    expect(svg).toMatch(/>(1|500|200) (mm|µm)</);
  });

  it('marks orientation (dorsal up; medial or posterior to the right) inside the figure, under the row labels', () => {
    const f = figure();
    const svg = gridFigureSvg(f);
    expect(svg).toContain('class="orientation"');
    expect(svg).toContain('>dorsal<');
    expect(svg).toContain('>medial<');
    expect(gridFigureSvg({ ...f, orientation: sliceOrientation('sagittal') })).toContain('>posterior<');
    expect(gridFigureSvg({ ...f, orientation: null })).not.toContain('class="orientation"');
    const m = orientationMark(f.layout, sliceOrientation('coronal'));
    const firstCell = f.layout.cells[0]?.[0] ?? fail();
    const lastRow = f.layout.cells.at(-1)?.[0] ?? fail();
    for (const l of m.labels) {
      // below the grid, left of the first column, inside the figure
      expect(l.y).toBeGreaterThan(lastRow.y + lastRow.height);
      expect(l.y).toBeLessThanOrEqual(f.layout.height);
      expect(l.x + l.text.length * m.fontPx * 0.6).toBeLessThan(firstCell.x);
    }
  });

  it('sliceExtent reads the bin edges; empty or NaN slices have none', () => {
    const s = { empty: false, rows: 2, cols: 1, dvEdgesUm: Float64Array.of(100, 200, 300), colEdgesUm: Float64Array.of(50, 150) };
    expect(sliceExtent(s)).toEqual({ dvMinUm: 100, dvMaxUm: 300, mlMinUm: 50, mlMaxUm: 150 });
    expect(sliceExtent({ ...s, empty: true })).toBeNull();
    expect(sliceExtent({ ...s, dvEdgesUm: Float64Array.of(NaN, NaN, NaN) })).toBeNull();
  });
});

describe('gridHitTest', () => {
  it('finds the bin and CCF point under a pixel, null between panels', () => {
    const f = figure();
    const box = f.layout.panels[1]?.[0];
    if (!box) throw new Error('no panel');
    // Bottom-right bin (r 1, c 2): value 0.9, outlined; the point 5/6 across, 3/4 down.
    const hit = gridHitTest(f, box.x + (box.width * 5) / 6, box.y + (box.height * 3) / 4);
    expect(hit).toMatchObject({ row: 1, column: 0, r: 1, c: 2, outlined: true });
    expect(hit?.value).toBeCloseTo(0.9, 6);
    expect(hit?.dvUm).toBeCloseTo(300, 6);
    expect(hit?.acrossUm).toBeCloseTo(1500, 6);
    expect(gridHitTest(f, box.x + 1, box.y + 1)).toMatchObject({ r: 0, c: 0, value: 0 });
    expect(gridHitTest(f, 1, 1)).toBeNull();
  });
});

describe('regionOutlineMask', () => {
  it('marks every bin with any region coverage', () => {
    expect(regionOutlineMask(Float32Array.of(0, 1e-7, 0.5, 1, NaN))).toEqual(Uint8Array.of(0, 1, 1, 1, 0));
  });
});
