// PNG / SVG / CSV buttons of a figure (slice grid, threshold). The PNG is the SVG rasterised, so
// both exports show the same figure; errors are shown inline next to the buttons.
import { useState } from 'react';
import { downloadBlob, svgToPng } from '../render/figure-download.ts';

export interface FigureExport {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

export interface FigureExportBarProps {
  /** File name without extension. */
  readonly baseName: string;
  readonly figure: () => FigureExport | null;
  readonly csv: () => string | null;
}

export function FigureExportBar({ baseName, figure, csv }: FigureExportBarProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (label: string, task: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await task();
    } catch (e) {
      setError(`${label} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const svgBlob = (f: FigureExport) => new Blob([f.svg], { type: 'image/svg+xml' });
  return (
    <div className="export-bar" role="group" aria-label="Export">
      <span className="muted small">Export:</span>
      <button type="button" disabled={busy} onClick={() => void run('PNG', async () => {
        const f = figure();
        if (f) downloadBlob(await svgToPng(f.svg, f.width, f.height), `${baseName}.png`);
      })}>PNG</button>
      <button type="button" disabled={busy} onClick={() => void run('SVG', async () => {
        const f = figure();
        if (f) downloadBlob(svgBlob(f), `${baseName}.svg`);
      })}>SVG</button>
      <button type="button" disabled={busy} onClick={() => void run('CSV', async () => {
        const text = csv();
        if (text !== null) downloadBlob(new Blob([text], { type: 'text/csv' }), `${baseName}.csv`);
      })}>CSV</button>
      {error && <span className="error-inline" role="alert">{error}</span>}
    </div>
  );
}
