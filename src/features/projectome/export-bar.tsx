// Export buttons: PNG, SVG and CSV of the current frame, and a WebM of the AP sweep.
import { useState, type RefObject } from 'react';
import type { Rgb } from '../../render/colormaps.ts';
import { getComputeWorker } from '../../data/services.ts';
import { projectomeFrameCsv, projectomeStatsCsv } from './projectome-csv.ts';
import { downloadBlob, exportPng, exportSvg, overlayFor, recordSweep } from './projectome-export.ts';
import type { ProjectomeRequest, ProjectomeResult } from './projectome-pipeline.ts';
import type { ProjectomeStage } from './projectome-stage.ts';
import type { ShownFrame } from './shown-frame.ts';

export interface ExportBarProps {
  /** The canvas's stage: exports take the frame on screen (its AP) when clicked. */
  readonly stage: RefObject<ProjectomeStage | null>;
  readonly result: ProjectomeResult;
  readonly request: ProjectomeRequest;
  readonly target: string;
  readonly apRange: readonly [number, number] | null;
  readonly colors: readonly Rgb[];
  readonly visible: readonly boolean[];
  readonly showAp: (apIndex: number) => Promise<void>;
}

export function ExportBar({ stage, result, request, target, apRange, colors, visible, showAp }: ExportBarProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = (d: ShownFrame) => `projectome-${target}-AP${d.apIndex * 100}`;

  async function run(label: string, task: (d: ShownFrame) => Promise<void>) {
    const d = stage.current?.current();
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

  const overlay = (d: ShownFrame) => overlayFor(result, target, d.apIndex, colors, visible);
  return (
    <div className="export-bar" role="group" aria-label="Export">
      <span className="muted small">Export:</span>
      <button
        type="button"
        disabled={busy !== null}
        onClick={() => void run('PNG', async (d) => downloadBlob(await exportPng(d, overlay(d)), `${base(d)}.png`))}
      >
        PNG
      </button>
      <button type="button" disabled={busy !== null} onClick={() => void run('SVG', async (d) => downloadBlob(exportSvg(d, overlay(d)), `${base(d)}.svg`))}>
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
            const slab = await getComputeWorker().projectomeSlab(result.key, d.apIndex);
            const text = projectomeFrameCsv(slab, d.apIndex, d.data.stack.cols, result, request, window.location.href);
            downloadBlob(new Blob([text], { type: 'text/csv' }), `${base(d)}-frame.csv`);
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
            const start = d.apIndex;
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
