// Exports of the injection-site figure: SVG (render/injection-figure-svg.ts), PNG (that SVG
// rasterised at 2× through an <img> and a 2D canvas) and the CSV of the drawn sites.
import type { InjectionFigureLayout, PanelKind } from '../../render/injection-figure-layout.ts';
import { injectionFigureSvg, type PanelOutlineSvg } from '../../render/injection-figure-svg.ts';
import { sitesCsv, type InjectionSites } from '../../render/injection-sites.ts';
export { downloadBlob } from '../../render/figure-download.ts';

export function figureSvgBlob(layout: InjectionFigureLayout, sites: InjectionSites, outlines: Partial<Record<PanelKind, PanelOutlineSvg>>): Blob {
  return new Blob([injectionFigureSvg(layout, sites, outlines)], { type: 'image/svg+xml' });
}

export function sitesCsvBlob(sites: InjectionSites): Blob {
  return new Blob([sitesCsv(sites.sites)], { type: 'text/csv' });
}

/** Rasterises an SVG blob of the given CSS size at `scale`× into a PNG blob. */
export async function svgToPng(svg: Blob, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(svg);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const g = canvas.getContext('2d');
    if (!g) throw new Error('a 2D canvas is not available in this browser');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
