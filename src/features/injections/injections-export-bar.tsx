// Export buttons of the injection-site figure: PNG, SVG and the CSV of the drawn sites.
import { ExportButtons } from '../../components/export-buttons.tsx';
import type { InjectionFigureLayout, PanelKind } from '../../render/injection-figure-layout.ts';
import type { PanelOutlineSvg } from '../../render/injection-figure-svg.ts';
import type { InjectionSites } from '../../render/injection-sites.ts';
import { figureSvgBlob, sitesCsvBlob, svgToPng } from './injections-export.ts';

export interface InjectionsExportBarProps {
  readonly layout: InjectionFigureLayout;
  readonly sites: InjectionSites;
  readonly outlines: Partial<Record<PanelKind, PanelOutlineSvg>>;
  readonly regions: readonly string[];
  /** The query, as CSV header lines. */
  readonly parameters: ReadonlyArray<readonly [string, string]>;
}

export function InjectionsExportBar({ layout, sites, outlines, regions, parameters }: InjectionsExportBarProps) {
  const base = `injection-sites-${regions
    .join('-')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .slice(0, 60)}`;
  return (
    <ExportButtons
      caption={`Injection sites of ${regions.join(', ')}`}
      items={[
        { label: 'PNG', filename: `${base}.png`, make: ({ scale }) => svgToPng(figureSvgBlob(layout, sites, outlines), layout.width, layout.height, scale) },
        { label: 'SVG', filename: `${base}.svg`, make: () => figureSvgBlob(layout, sites, outlines) },
        { label: 'CSV', filename: `${base}.csv`, make: () => sitesCsvBlob(sites, parameters) },
      ]}
    />
  );
}
