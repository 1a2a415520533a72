// Export buttons: PNG, SVG and CSV of the current frame, and a WebM of the AP sweep.
import { useState, type RefObject } from 'react';
import type { Rgb } from '../../render/colormaps.ts';
import type { DrawnFrame } from './projectome-canvas.tsx';
import { getComputeWorker } from '../../data/services.ts';
import { projectomeFrameCsv, projectomeStatsCsv } from './projectome-csv.ts';
import { downloadBlob, exportPng, exportSvg, overlayFor, recordSweep } from './projectome-export.ts';
import type { ProjectomeRequest, ProjectomeResult } from './projectome-pipeline.ts';

export interface ExportBarProps {
  readonly drawn: RefObject<DrawnFrame | null>;
  readonly result: ProjectomeResult;
  readonly request: ProjectomeRequest;
  readonly target: string;
  readonly apIndex: number;
  readonly apRange: readonly [number, number] | null;
  readonly colors: readonly Rgb[];
  readonly visible: readonly boolean[];
  readonly showAp: (apIndex: number) => Promise<void>;
}

export function ExportBar({ drawn, result, request, target, apIndex, apRange, colors, visible, showAp }: ExportBarProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `projectome-${target}-AP${apIndex * 100}`;

  async function run(label: string, task: (d: DrawnFrame) => Promise<void>) {
    const d = drawn.current;
    if (!d) return;
    setBusy(label);
    setError(null);
    try {
      await task(d);
    } catch (e) {
      setError(`${label} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  }

  const overlay = () => overlayFor(result, target, apIndex, colors, visible);
  return (
    <div className="export-bar" role="group" aria-label="Export">
      <span className="muted small">Export:</span>
      <button type="button" disabled={busy !== null} onClick={() => void run('PNG', async (d) => downloadBlob(await exportPng(d, overlay()), `${base}.png`))}>
        PNG
      </button>
      <button type="button" disabled={busy !== null} onClick={() => void run('SVG', async (d) => downloadBlob(exportSvg(d, overlay()), `${base}.svg`))}>
        SVG
      </button>
      <button
        type="button"
        disabled={busy !== null}
        title="Per AP position over the target and per source: the target mean and maximum, and the colour ceiling"
        onClick={() =>
          void run('CSV', async () => {
            const stats = await getComputeWorker().projectomeStats(result.key);
            const text = projectomeStatsCsv(stats, result, request, window.location.href);
            downloadBlob(new Blob([text], { type: 'text/csv' }), `projectome-${target}-per-AP.csv`);
          })
        }
      >
        CSV
      </button>
      <button
        type="button"
        disabled={busy !== null}
        title="Every target voxel of this frame: the slab mean each source draws there"
        onClick={() =>
          void run('Frame CSV', async (d) => {
            const slab = await getComputeWorker().projectomeSlab(result.key, apIndex);
            const text = projectomeFrameCsv(slab, apIndex, d.data.frame.cols, result, request, window.location.href);
            downloadBlob(new Blob([text], { type: 'text/csv' }), `${base}-frame.csv`);
          })
        }
      >
        Frame CSV
      </button>
      <button
        type="button"
        disabled={busy !== null || !apRange}
        title="Record the AP sweep through the target as a WebM video (bsv save_gif)"
        onClick={() =>
          void run('Video', async (d) => {
            if (!apRange) return;
            const start = apIndex;
            const indices = Array.from({ length: apRange[1] - apRange[0] + 1 }, (_, k) => apRange[0] + k);
            const blob = await recordSweep(d.canvas, indices, showAp);
            await showAp(start);
            downloadBlob(blob, `projectome-${target}-sweep.webm`);
          })
        }
      >
        {busy === 'Video' ? 'Recording…' : 'Sweep video'}
      </button>
      {error && (
        <span className="error-inline" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
