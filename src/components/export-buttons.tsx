// Export buttons (PNG / SVG / CSV …) of any figure: each item makes its Blob on demand; a failed
// export says so next to the buttons.
import { useState } from 'react';
import { downloadBlob } from '../render/figure-download.ts';

export interface ExportItem {
  readonly label: string;
  readonly filename: string;
  readonly title?: string;
  readonly make: () => Blob | Promise<Blob>;
}

export function ExportButtons({ items }: { readonly items: readonly ExportItem[] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(it: ExportItem) {
    setBusy(true);
    setError(null);
    try {
      downloadBlob(await it.make(), it.filename);
    } catch (e) {
      setError(`${it.label} export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="export-bar" role="group" aria-label="Export">
      <span className="muted small">Export:</span>
      {items.map((it) => (
        <button key={it.label} type="button" title={it.title} disabled={busy} onClick={() => void run(it)}>
          {it.label}
        </button>
      ))}
      {error && (
        <span className="error-inline" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
