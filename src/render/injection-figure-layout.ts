// Layout of the injection-site figure (pure, CSS px), shared by the on-screen SVG and the SVG/PNG
// exports so both agree. Orthographic views of the CCF volume at one scale: top (AP × ML, seen
// from dorsal), side (AP × DV, dorsal up) and optionally front (ML × DV). Every axis increases
// right / down in CCF µm (anterior left, dorsal top, left hemisphere first); the side letters
// (A/P, D/V, L/R) say which way is which. Top and side share the AP columns, side and front share
// the DV rows.
import { rgbToHex } from './colormaps';
import { CCF_EXTENT_UM, sphereRadiusUm, type InjectionSites } from './injection-sites';
import { pngDataUrl } from './png-encode';
import { silhouetteRgba, type CcfAxis, type Silhouette } from './silhouette';
import { labelEdgesPath } from './svg-paths';

export type PanelKind = 'top' | 'side' | 'front';

export interface PanelLayout {
  readonly kind: PanelKind;
  readonly title: string;
  readonly u: CcfAxis;
  readonly v: CcfAxis;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Side letters: [u start, u end, v start, v end]. */
  readonly ends: readonly [string, string, string, string];
}

export interface PointLayout {
  /** Index into sites.sites. */
  readonly site: number;
  readonly panel: PanelKind;
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
  readonly color: string;
}

export interface LegendRow {
  readonly label: string;
  readonly color: string;
  readonly y: number;
}

export interface InjectionFigureLayout {
  readonly width: number;
  readonly height: number;
  readonly pxPerUm: number;
  readonly title: string;
  readonly panels: readonly PanelLayout[];
  /** Largest first, so small sites are drawn on top. */
  readonly points: readonly PointLayout[];
  readonly legend: { readonly x: number; readonly y: number; readonly rows: readonly LegendRow[] };
  /** Size key (volume sizing only): circles of the given volumes. */
  readonly sizeKey: ReadonlyArray<{ readonly label: string; readonly cx: number; readonly cy: number; readonly r: number }>;
  readonly midlineUm: number;
}

export interface FigureOptions {
  readonly showFront: boolean;
  readonly sizing: 'volume' | 'equal';
  readonly pxPerUm?: number;
  readonly title?: string;
}

export const POINT_RADIUS_PX = { min: 2, max: 24, equal: 4 } as const;
const MARGIN = { left: 28, top: 46, gap: 34, bottom: 16 } as const;
const LEGEND_WIDTH = 190;

/** Point radius in px: the injection's equivalent sphere at figure scale, clamped. */
export function pointRadiusPx(volumeMm3: number, pxPerUm: number, sizing: 'volume' | 'equal'): number {
  if (sizing === 'equal') return POINT_RADIUS_PX.equal;
  const r = sphereRadiusUm(volumeMm3, 0) * pxPerUm;
  return Math.min(POINT_RADIUS_PX.max, Math.max(POINT_RADIUS_PX.min, r));
}

export function injectionFigureLayout(sites: InjectionSites, opts: FigureOptions): InjectionFigureLayout {
  const s = opts.pxPerUm ?? 0.035;
  const [apW, dvH, mlW] = CCF_EXTENT_UM.map((e) => e * s) as [number, number, number];
  const { left, top, gap } = MARGIN;
  const panels: PanelLayout[] = [
    { kind: 'top', title: 'Top view (from dorsal)', u: 0, v: 2, x: left, y: top, width: apW, height: mlW, ends: ['A', 'P', 'L', 'R'] },
    { kind: 'side', title: 'Side view', u: 0, v: 1, x: left, y: top + mlW + gap, width: apW, height: dvH, ends: ['A', 'P', 'D', 'V'] },
  ];
  if (opts.showFront)
    panels.push({
      kind: 'front',
      title: 'Front view',
      u: 2,
      v: 1,
      x: left + apW + gap,
      y: top + mlW + gap,
      width: mlW,
      height: dvH,
      ends: ['L', 'R', 'D', 'V'],
    });
  const order = sites.sites.map((_, i) => i).sort((a, b) => (sites.sites[b]?.volumeMm3 ?? 0) - (sites.sites[a]?.volumeMm3 ?? 0) || a - b);
  const points: PointLayout[] = [];
  for (const p of panels)
    for (const i of order) {
      const site = sites.sites[i];
      if (!site) continue;
      points.push({
        site: i,
        panel: p.kind,
        cx: p.x + (site.coordUm[p.u] ?? 0) * s,
        cy: p.y + (site.coordUm[p.v] ?? 0) * s,
        r: pointRadiusPx(site.volumeMm3, s, opts.sizing),
        color: rgbToHex(sites.groups[site.group]?.color ?? [0, 0, 0]),
      });
    }
  const legendX = left + apW + gap;
  const rows: LegendRow[] = sites.groups.map((g, k) => ({
    label: `${g.label} (${g.drawn}${g.excluded > 0 ? `, ${g.excluded} not drawn` : ''})`,
    color: rgbToHex(g.color),
    y: top + 22 + k * 20,
  }));
  const sizeTop = top + 22 + rows.length * 20 + 30;
  const sizeKey =
    opts.sizing === 'volume'
      ? [0.01, 0.1, 0.5].map((v, k) => ({ label: `${v} mm³`, cx: legendX + 26, cy: sizeTop + 12 + k * 34, r: pointRadiusPx(v, s, 'volume') }))
      : [];
  const width = left + apW + gap + Math.max(opts.showFront ? mlW : 0, LEGEND_WIDTH) + 12;
  const height = top + mlW + gap + dvH + MARGIN.bottom;
  return {
    width,
    height,
    pxPerUm: s,
    title: opts.title ?? 'Injection sites',
    panels,
    points,
    legend: { x: legendX, y: top, rows },
    sizeKey,
    midlineUm: 5700,
  };
}

/** Brain outline of one panel from its silhouette: a fill image (PNG data URL) and an edge path. */
export function panelOutline(panel: PanelLayout, sil: Silhouette, pxPerUm: number): { href: string; path: string } {
  const cell = sil.binUm * pxPerUm;
  return {
    href: pngDataUrl(silhouetteRgba(sil, [236, 236, 236, 255]), sil.cols, sil.rows),
    path: labelEdgesPath(sil.data, sil.rows, sil.cols, (r, c) => ({ x: panel.x + c * cell, y: panel.y + r * cell })),
  };
}
