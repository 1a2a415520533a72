// Export buttons (PNG / SVG / CSV …) of any figure: each item makes its file on demand at the
// shared PNG scale; every PNG and SVG leaves with its provenance (app version, data release, the
// link to this view, export time: render/export-provenance.ts). A failed export says so next to
// the buttons. A long export (the sweeps) shows its progress and can be cancelled; while any export
// is being made the other buttons wait.
import { useRef, useState } from 'react';
import { APP_NAME, APP_VERSION, DATA_RELEASE } from '../config/app.ts';
import { stampExport, type Provenance } from '../render/export-provenance.ts';
import type { ExportScale } from '../render/export-scale.ts';
import { downloadBlob } from '../render/figure-download.ts';
import { useExportPrefs } from '../state/export-prefs.ts';
import { ExportScaleSelect } from './export-scale-select.tsx';

export interface ExportContext {
  /** PNG scale: the PNG is exactly scale × the figure's layout size in CSS px. */
  readonly scale: ExportScale;
  readonly provenance: Provenance;
  /** Aborted when the user cancels (items with `cancellable`). */
  readonly signal: AbortSignal;
  /** Progress text shown beside the buttons while the item is being made. */
  readonly progress: (text: string) => void;
}

export interface ExportItem {
  readonly label: string;
  /** The file's name, or a function giving it when the export is made (what is on screen then). */
  readonly filename: string | (() => string);
  readonly title?: string;
  readonly disabled?: boolean;
  /** Shown on the button while this item is being made (e.g. "Recording…"). */
  readonly busyLabel?: string;
  /** A Cancel button is shown while this item is being made. */
  readonly cancellable?: boolean;
  readonly make: (ctx: ExportContext) => Blob | Promise<Blob>;
}

/** Where an export made now comes from: this app, its data release, the view on screen, now. */
export function currentProvenance(title: string): Provenance {
  return { title, appName: APP_NAME, appVersion: APP_VERSION, dataRelease: DATA_RELEASE, url: window.location.href, exportedAt: new Date() };
}

const nameOf = (it: ExportItem): string => (typeof it.filename === 'function' ? it.filename() : it.filename);

export interface ExportButtonsProps {
  readonly items: readonly ExportItem[];
  /** What the figure shows, for the files' titles (default: the file name); a function is called at export time. */
  readonly caption?: string | (() => string);
}

export function ExportButtons({ items, caption }: ExportButtonsProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const scale = useExportPrefs((s) => s.scale);
  async function run(it: ExportItem) {
    setBusy(it.label);
    setError(null);
    setProgress(null);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const filename = nameOf(it);
      const title = typeof caption === 'function' ? caption() : (caption ?? filename.replace(/\.[a-z0-9]+$/i, ''));
      const ctx: ExportContext = { scale, provenance: currentProvenance(title), signal: controller.signal, progress: setProgress };
      const blob = await it.make(ctx);
      if (controller.signal.aborted) return;
      downloadBlob(await stampExport(blob, ctx.scale, ctx.provenance), filename);
    } catch (e) {
      if (!controller.signal.aborted) setError(`${it.label} export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      abort.current = null;
      setBusy(null);
      setProgress(null);
    }
  }
  const busyItem = items.find((it) => it.label === busy);
  const hasPng = items.some((it) => nameOf(it).endsWith('.png'));
  return (
    <div className="export-bar" role="group" aria-label="Export">
      <span className="muted small">Export:</span>
      {items.map((it) => (
        <button key={it.label} type="button" title={it.title} disabled={busy !== null || it.disabled} onClick={() => void run(it)}>
          {busy === it.label && it.busyLabel ? it.busyLabel : it.label}
        </button>
      ))}
      {busyItem?.cancellable && (
        <button type="button" onClick={() => abort.current?.abort()}>
          Cancel
        </button>
      )}
      {progress && busy && (
        <span className="muted small" role="status" data-testid="export-progress">
          {progress}
        </span>
      )}
      {hasPng && <ExportScaleSelect disabled={busy !== null} />}
      {error && (
        <span className="error-inline" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
