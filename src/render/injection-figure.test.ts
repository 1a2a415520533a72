import { describe, expect, it } from 'vitest';
import type { Experiment } from '../allen/types';
import { injectionFigureLayout, panelOutline, pointRadiusPx, POINT_RADIUS_PX } from './injection-figure-layout';
import { injectionFigureSvg } from './injection-figure-svg';
import { injectionSites } from './injection-sites';
import { xmlProblem } from './xml-check';

function exp(id: number, coord: [number, number, number], volume: number, acronym: string): Experiment {
  return {
    id,
    structureId: 1,
    structureAcronym: acronym,
    structureName: acronym,
    injectionStructureIds: [1],
    transgenicLine: null,
    injectionVolumeMm3: volume,
    injectionCoordUm: coord,
    productId: 5,
    gender: null,
    strain: null,
    specimenName: null,
  };
}

const sites = injectionSites([
  {
    label: 'VISp',
    name: 'Primary visual area',
    color: [0.1, 0.2, 0.3],
    experiments: [exp(1, [10000, 1000, 2000], 0.01, 'VISp'), exp(2, [9000, 2000, 9000], 0.5, 'VISp<b>')],
  },
  { label: 'MOp', name: 'Primary motor area', color: [0.9, 0.5, 0], experiments: [exp(3, [3000, 1500, 4000], 0.1, 'MOp'), exp(4, [0, 0, 0], 0.1, 'MOp')] },
]);

describe('injection figure layout', () => {
  it('places each site in every panel at its CCF coordinate × scale, largest first', () => {
    const s = 0.04;
    const lay = injectionFigureLayout(sites, { showFront: true, sizing: 'volume', pxPerUm: s });
    expect(lay.panels.map((p) => p.kind)).toEqual(['top', 'side', 'front']);
    expect(lay.points).toHaveLength(3 * 3);
    const top = lay.panels[0],
      side = lay.panels[1],
      front = lay.panels[2];
    if (!top || !side || !front) throw new Error('panels');
    // shared axes: top and side share AP columns; side and front share DV rows
    expect(side.x).toBe(top.x);
    expect(side.width).toBe(top.width);
    expect(front.y).toBe(side.y);
    expect(front.height).toBe(side.height);
    expect(top.width).toBeCloseTo(13200 * s, 9);
    expect(top.height).toBeCloseTo(11400 * s, 9);
    const p1 = lay.points.find((p) => p.panel === 'front' && sites.sites[p.site]?.experimentId === 1);
    expect(p1?.cx).toBeCloseTo(front.x + 2000 * s, 9);
    expect(p1?.cy).toBeCloseTo(front.y + 1000 * s, 9);
    const topOrder = lay.points.filter((p) => p.panel === 'top').map((p) => sites.sites[p.site]?.experimentId);
    expect(topOrder).toEqual([2, 3, 1]);
    expect(lay.legend.rows.map((r) => r.label)).toEqual(['VISp (2)', 'MOp (1, 1 not drawn)']);
    expect(lay.width).toBeGreaterThanOrEqual(front.x + front.width);
  });

  it('without the front view the figure is narrower and has two panels', () => {
    const a = injectionFigureLayout(sites, { showFront: false, sizing: 'volume' });
    const b = injectionFigureLayout(sites, { showFront: true, sizing: 'volume' });
    expect(a.panels).toHaveLength(2);
    expect(a.width).toBeLessThan(b.width);
  });

  it('point radius: equivalent sphere at figure scale, clamped; equal sizing ignores volume', () => {
    // V = 4/3 π (0.25 mm)³ → r = 250 µm → 10 px at 0.04 px/µm
    expect(pointRadiusPx((4 / 3) * Math.PI * 0.25 ** 3, 0.04, 'volume')).toBeCloseTo(10, 9);
    expect(pointRadiusPx(1e-9, 0.04, 'volume')).toBe(POINT_RADIUS_PX.min);
    expect(pointRadiusPx(1000, 0.04, 'volume')).toBe(POINT_RADIUS_PX.max);
    expect(pointRadiusPx(0.5, 0.04, 'equal')).toBe(POINT_RADIUS_PX.equal);
  });
});

describe('injection figure SVG', () => {
  it('is well-formed XML with one circle per drawn site and panel, names escaped', () => {
    const lay = injectionFigureLayout(sites, { showFront: false, sizing: 'volume', title: 'Injection sites — VISp & MOp' });
    const sil = { rows: 2, cols: 2, binUm: 100, data: Uint8Array.from([1, 1, 0, 1]) };
    const top = lay.panels[0];
    if (!top) throw new Error('panel');
    const svg = injectionFigureSvg(lay, sites, { top: panelOutline(top, sil, lay.pxPerUm) });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg.match(/<circle [^>]*fill-opacity/g)).toHaveLength(3 * 2);
    expect(svg).toContain('VISp&lt;b&gt;');
    expect(svg).not.toContain('VISp<b>');
    expect(svg).toContain('VISp &amp; MOp');
    expect(svg).toContain('data:image/png;base64,');
  });
});
