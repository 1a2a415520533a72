// Exports of the injection-site figure: SVG (render/injection-figure-svg.ts), PNG (that SVG
// rasterised at the chosen scale through an <img> and a 2D canvas) and the CSV of the drawn sites.
import type { InjectionFigureLayout, PanelKind } from '../../render/injection-figure-layout.ts';
import { injectionFigureSvg, type PanelOutlineSvg } from '../../render/injection-figure-svg.ts';
import { sitesCsv, type InjectionSites } from '../../render/injection-sites.ts';
import type { ExportScale } from '../../render/export-scale.ts';
import { svgToPng as svgStringToPng } from '../../render/svg-to-png.ts';

export function figureSvgBlob(layout: InjectionFigureLayout, sites: InjectionSites, outlines: Partial<Record<PanelKind, PanelOutlineSvg>>): Blob {
  return new Blob([injectionFigureSvg(layout, sites, outlines)], { type: 'image/svg+xml' });
}

export function sitesCsvBlob(sites: InjectionSites, parameters: ReadonlyArray<readonly [string, string]>): Blob {
  return new Blob([sitesCsv(sites, window.location.href, parameters)], { type: 'text/csv' });
}

/** Rasterises an SVG blob of the given CSS size at `scale`× into a PNG blob. */
export async function svgToPng(svg: Blob, width: number, height: number, scale: ExportScale): Promise<Blob> {
  return svgStringToPng(await svg.text(), width, height, scale);
}
