import { describe, expect, it } from 'vitest';
import { sectionViewport } from './section-viewport';
import { gridLayout, groupRowLabel, perGroupLimits, sectionLevel, sliceColumnLabel, valueLabel, wrapWords } from './slice-grid-layout';

const ext = (w: number, h: number) => ({ dvMinUm: 1000, dvMaxUm: 1000 + h, mlMinUm: 2000, mlMaxUm: 2000 + w });

describe('gridLayout', () => {
  it('draws every panel at one scale, so one scale bar is true for all', () => {
    const extents = [ext(2000, 1000), ext(1000, 3000), null, ext(500, 500)];
    const L = gridLayout({ extents, rows: 2, widthPx: 1000 });
    for (const row of L.panels)
      row.forEach((box, c) => {
        const e = extents[c];
        if (!e) return expect(box).toBeNull();
        if (!box) throw new Error('missing panel');
        const vp = sectionViewport(e, box);
        expect(vp.umPerCssPx).toBeCloseTo(L.umPerPx, 9);
        // The box is the extent at that scale: nothing is letterboxed.
        expect(vp.rect.width).toBeCloseTo(box.width, 9);
        expect(vp.rect.height).toBeCloseTo(box.height, 9);
      });
    expect(L.scaleBar?.lengthPx).toBeCloseTo((L.scaleBar?.lengthUm ?? 0) / L.umPerPx, 9);
  });

  it('panels stay inside their cells, cells do not overlap, and the figure holds them', () => {
    const L = gridLayout({ extents: [ext(3000, 2000), ext(2500, 2600), ext(1000, 800)], rows: 3, widthPx: 900, captions: true });
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) {
        const cell = L.cells[r]?.[c];
        const p = L.panels[r]?.[c];
        if (!cell || !p) throw new Error('missing');
        expect(p.x).toBeGreaterThanOrEqual(cell.x - 1e-9);
        expect(p.x + p.width).toBeLessThanOrEqual(cell.x + cell.width + 1e-9);
        expect(p.y + p.height).toBeLessThanOrEqual(cell.y + cell.height + 1e-9);
        const right = L.cells[r]?.[c + 1];
        if (right) expect(cell.x + cell.width).toBeLessThanOrEqual(right.x);
        const below = L.cells[r + 1]?.[c];
        if (below) expect(L.captions[r]?.[c]?.y ?? 0).toBeLessThan(below.y);
        expect(cell.x + cell.width).toBeLessThanOrEqual(L.width);
        expect(cell.y + cell.height).toBeLessThanOrEqual(L.height);
      }
    expect(L.captions).toHaveLength(3);
    expect(L.colorBar.y + L.colorBar.height).toBeLessThanOrEqual(L.height);
    expect(L.colorBar.x).toBeGreaterThan((L.cells[0]?.[2]?.x ?? 0) + L.cellWidth);
  });

  it('caps cell height for tall extents', () => {
    const L = gridLayout({ extents: [ext(100, 5000)], rows: 1, widthPx: 2000 });
    expect(L.cellHeight).toBeLessThanOrEqual(190);
    expect(L.umPerPx).toBeCloseTo(5000 / 190, 9);
  });

  it('with no extent at all it still lays out cells and has no scale bar', () => {
    const L = gridLayout({ extents: [null, null], rows: 1, widthPx: 600 });
    expect(L.scaleBar).toBeNull();
    expect(L.panels[0]).toEqual([null, null]);
    expect(L.cells[0]).toHaveLength(2);
  });
});

describe('labels', () => {
  it('section level is the 1-based 100 µm section holding the position', () => {
    expect(sectionLevel(0)).toBe(1);
    expect(sectionLevel(99.9)).toBe(1);
    expect(sectionLevel(5450)).toBe(55);
    expect(sliceColumnLabel('coronal', 5450.4)).toEqual(['AP 5450 µm', 'ARA level 55']);
    expect(sliceColumnLabel('sagittal', 3400)).toEqual(['ML 3400 µm', 'ML section 35']);
    expect(sliceColumnLabel('coronal', 5450.4, true)).toEqual(['5450', 'L55']);
  });

  it('row labels name the bin centre in CCF µm, the region, or all experiments', () => {
    expect(groupRowLabel({ label: 'g1', axis: 'AP', centerUm: 5399.6, experiments: 3 }, 'AP')).toEqual(['AP 5400 µm (CCF)', '3 exp.']);
    expect(groupRowLabel({ label: 'g1', axis: 'AP', centerUm: 5399.6, rangeUm: [5000, 5800.4], experiments: 3 }, 'AP')).toEqual([
      'AP 5400 µm (CCF)',
      'bin 5000–5800 µm · 3 exp.',
    ]);
    expect(groupRowLabel({ label: 'MOp', axis: null, centerUm: null, experiments: 2 }, 'region')).toEqual(['MOp', '2 exp.']);
    expect(groupRowLabel({ label: 'all', axis: null, centerUm: null, experiments: 9 }, 'none')[0]).toBe('All experiments');
  });

  it('value label names the normalisation', () => {
    expect(valueLabel({ normalization: 'none', subtractOtherHemisphere: false, normalizeByGroup: false })).toBe('mean projection density');
    expect(valueLabel({ normalization: 'injection-volume', subtractOtherHemisphere: true, normalizeByGroup: true })).toBe(
      'mean projection density / injection volume, PSU (mm⁻³), ipsi − contra, ÷ group max',
    );
  });

  it('wraps words without losing any', () => {
    const text = 'mean projection density / injection volume (mm⁻³)';
    const lines = wrapWords(text, 22);
    expect(lines.join(' ')).toBe(text);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(22);
  });
});

describe('perGroupLimits', () => {
  it('takes each row over all its slices, vmin = min(0, smallest), NaN ignored', () => {
    const s1 = [Float32Array.of(1, NaN, 3), Float32Array.of(-2, 0.5, NaN)];
    const s2 = [Float32Array.of(4, 0, 0), Float32Array.of(NaN, NaN, NaN)];
    expect(perGroupLimits([s1, s2], 2)).toEqual([
      [0, 4],
      [-2, 0.5],
    ]);
    expect(perGroupLimits([[Float32Array.of(NaN)]], 1)).toEqual([[0, 1]]);
  });
});
