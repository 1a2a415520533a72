// PNG / SVG / CSV buttons of a figure (slice grid, threshold). The PNG is the SVG rasterised at the
// chosen scale, so both exports show the same figure; errors are shown inline next to the buttons.
import { svgToPng } from '../render/svg-to-png.ts';
import { ExportButtons, type ExportItem } from './export-buttons.tsx';

export interface FigureExport {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

export interface FigureExportBarProps {
  /** File name without extension. */
  readonly baseName: string;
  /** What the figure shows (the files' title). */
  readonly caption?: string;
  readonly figure: () => FigureExport | null;
  readonly csv: () => string | null;
  /** A second table (e.g. per-slice region means next to the bins). */
  readonly extraCsv?: { readonly label: string; readonly filename: string; readonly title?: string; readonly make: () => string | null };
}

export function FigureExportBar({ baseName, caption, figure, csv, extraCsv }: FigureExportBarProps) {
  const nothing = (what: string) => new Error(`there is no ${what} to export yet`);
  const items: ExportItem[] = [
    {
      label: 'PNG',
      filename: `${baseName}.png`,
      make: async ({ scale }) => {
        const f = figure();
        if (!f) throw nothing('figure');
        return svgToPng(f.svg, f.width, f.height, scale);
      },
    },
    {
      label: 'SVG',
      filename: `${baseName}.svg`,
      make: () => {
        const f = figure();
        if (!f) throw nothing('figure');
        return new Blob([f.svg], { type: 'image/svg+xml' });
      },
    },
    {
      label: 'CSV',
      filename: `${baseName}.csv`,
      make: () => {
        const text = csv();
        if (text === null) throw nothing('table');
        return new Blob([text], { type: 'text/csv' });
      },
    },
    ...(extraCsv
      ? [
          {
            label: extraCsv.label,
            filename: extraCsv.filename,
            title: extraCsv.title,
            make: () => {
              const text = extraCsv.make();
              if (text === null) throw nothing('table');
              return new Blob([text], { type: 'text/csv' });
            },
          },
        ]
      : []),
  ];
  return <ExportButtons items={items} caption={caption} />;
}
