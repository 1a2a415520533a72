// SVG export of the injection-site figure (pure): the same layout as the screen
// (injection-figure-layout.ts), brain outlines as a pixelated fill image + edge path, sites as
// circles with an experiment-id <title>, legend with counts and a size key. Text via escapeXml.
import type { InjectionFigureLayout, PanelKind } from './injection-figure-layout';
import type { InjectionSites } from './injection-sites';
import { escapeXml } from './svg-export';

const num = (v: number): string => String(Math.round(v * 100) / 100);

export interface PanelOutlineSvg {
  readonly href: string;
  readonly path: string;
}

export function injectionFigureSvg(layout: InjectionFigureLayout, sites: InjectionSites, outlines: Partial<Record<PanelKind, PanelOutlineSvg>>): string {
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(layout.width)}" height="${num(layout.height)}" viewBox="0 0 ${num(layout.width)} ${num(layout.height)}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="8" y="18" font-weight="bold" font-size="14">${escapeXml(layout.title)}</text>`,
  );
  for (const p of layout.panels) {
    out.push(`<g data-panel="${p.kind}">`);
    out.push(`<text x="${num(p.x)}" y="${num(p.y - 8)}">${escapeXml(p.title)}</text>`);
    out.push(`<rect x="${num(p.x)}" y="${num(p.y)}" width="${num(p.width)}" height="${num(p.height)}" fill="none" stroke="#cccccc"/>`);
    const o = outlines[p.kind];
    if (o) {
      out.push(
        `<image x="${num(p.x)}" y="${num(p.y)}" width="${num(p.width)}" height="${num(p.height)}" preserveAspectRatio="none" style="image-rendering:pixelated" href="${escapeXml(o.href)}"/>`,
        `<path d="${o.path}" fill="none" stroke="#555555" stroke-width="1"/>`,
      );
    }
    const mid = layout.midlineUm * layout.pxPerUm;
    if (p.kind === 'top')
      out.push(`<line x1="${num(p.x)}" x2="${num(p.x + p.width)}" y1="${num(p.y + mid)}" y2="${num(p.y + mid)}" stroke="#999999" stroke-dasharray="4 4"/>`);
    if (p.kind === 'front')
      out.push(`<line y1="${num(p.y)}" y2="${num(p.y + p.height)}" x1="${num(p.x + mid)}" x2="${num(p.x + mid)}" stroke="#999999" stroke-dasharray="4 4"/>`);
    const [u0, u1, v0, v1] = p.ends;
    out.push(
      `<text x="${num(p.x + 4)}" y="${num(p.y + p.height / 2)}" fill="#666666">${escapeXml(u0)}</text>`,
      `<text x="${num(p.x + p.width - 12)}" y="${num(p.y + p.height / 2)}" fill="#666666">${escapeXml(u1)}</text>`,
      `<text x="${num(p.x + p.width / 2)}" y="${num(p.y + 14)}" fill="#666666">${escapeXml(v0)}</text>`,
      `<text x="${num(p.x + p.width / 2)}" y="${num(p.y + p.height - 4)}" fill="#666666">${escapeXml(v1)}</text>`,
    );
    for (const pt of layout.points) {
      if (pt.panel !== p.kind) continue;
      const s = sites.sites[pt.site];
      if (!s) continue;
      out.push(
        `<circle cx="${num(pt.cx)}" cy="${num(pt.cy)}" r="${num(pt.r)}" fill="${pt.color}" fill-opacity="0.8" stroke="#000000" stroke-width="0.5"><title>${escapeXml(
          `Experiment ${s.experimentId} — ${s.structureAcronym} — ${s.volumeMm3} mm³`,
        )}</title></circle>`,
      );
    }
    out.push('</g>');
  }
  const lg = layout.legend;
  out.push(`<text x="${num(lg.x)}" y="${num(lg.y)}" font-weight="bold">Injection regions</text>`);
  for (const row of lg.rows)
    out.push(
      `<circle cx="${num(lg.x + 6)}" cy="${num(row.y - 4)}" r="5" fill="${row.color}" stroke="#000000" stroke-width="0.5"/>`,
      `<text x="${num(lg.x + 16)}" y="${num(row.y)}">${escapeXml(row.label)}</text>`,
    );
  for (const k of layout.sizeKey)
    out.push(
      `<circle cx="${num(k.cx)}" cy="${num(k.cy)}" r="${num(k.r)}" fill="#bbbbbb" stroke="#000000" stroke-width="0.5"/>`,
      `<text x="${num(k.cx + 30)}" y="${num(k.cy + 4)}">${escapeXml(k.label)}</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}
