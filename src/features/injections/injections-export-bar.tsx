// Export buttons of the injection-site figure: PNG, SVG and the CSV of the drawn sites.
import { useState } from 'react';
import type { InjectionFigureLayout, PanelKind } from '../../render/injection-figure-layout.ts';
import type { PanelOutlineSvg } from '../../render/injection-figure-svg.ts';
import type { InjectionSites } from '../../render/injection-sites.ts';
import { downloadBlob, figureSvgBlob, sitesCsvBlob, svgToPng } from './injections-export.ts';

export interface InjectionsExportBarProps {
  readonly layout: InjectionFigureLayout;
  readonly sites: InjectionSites;
  readonly outlines: Partial<Record<PanelKind, PanelOutlineSvg>>;
  readonly regions: readonly string[];
}

export function InjectionsExportBar({ layout, sites, outlines, regions }: InjectionsExportBarProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const base = `injection-sites-${regions.join('-').replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60)}`;

  async function run(label: string, task: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await task();
    } catch (e) {
      setError(`${label} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="export-bar" role="group" aria-label="Export">
      <span className="muted small">Export:</span>
      <button type="button" disabled={busy} onClick={() => void run('PNG', async () => downloadBlob(await svgToPng(figureSvgBlob(layout, sites, outlines), layout.width, layout.height), `${base}.png`))}>
        PNG
      </button>
      <button type="button" disabled={busy} onClick={() => void run('SVG', async () => downloadBlob(figureSvgBlob(layout, sites, outlines), `${base}.svg`))}>
        SVG
      </button>
      <button type="button" disabled={busy} onClick={() => void run('CSV', async () => downloadBlob(sitesCsvBlob(sites), `${base}.csv`))}>
        CSV
      </button>
      {error && (
        <span className="error-inline" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
