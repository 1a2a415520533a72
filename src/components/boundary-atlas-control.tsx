// The boundary atlas (URL `atlas`): which annotation the drawn section boundaries and target
// shading come from, 50 µm (default) or 25 µm. Says what choosing 25 µm costs before it starts
// (a one-time download), shows its progress, and says when it fell back to 50 µm.
import { useId } from 'react';
import { ANNOTATION_25_DOWNLOAD_BYTES } from '../config/allen.ts';
import { useDrawingAtlasStatus, type DrawingAtlasStatus } from '../state/drawing-atlas-status.ts';
import type { DrawingAtlasUm } from '../state/url-state.ts';
import { useViewStore } from '../state/view-store.ts';
import { FieldHead } from './help-hint.tsx';

const MB = 1e6;
const mb = (bytes: number): string => (bytes / MB).toFixed(1);

function statusText(s: DrawingAtlasStatus): string | null {
  if (s.state === 'loading') {
    if (s.phase === 'download') return `Downloading the 25 µm annotation: ${mb(s.done)}${s.total !== null ? ` of ${mb(s.total)}` : ''} MB…`;
    return `Building the 25 µm boundaries: ${s.total ? Math.floor((100 * s.done) / s.total) : 0}%…`;
  }
  if (s.state === 'ready')
    return s.from === 'network' ? '25 µm annotation downloaded and cached in this browser.' : '25 µm annotation from this browser’s cache.';
  return null;
}

export function BoundaryAtlasControl() {
  const id = useId();
  const um = useViewStore((s) => s.drawingAtlasUm);
  const status = useDrawingAtlasStatus((s) => s.status);
  const shown = um === 25 ? status : ({ state: 'idle' } as const);
  const text = statusText(shown);
  return (
    <div className="field" data-testid="boundary-atlas">
      <FieldHead topic="boundaryAtlas">
        <label htmlFor={id}>Boundary atlas</label>
      </FieldHead>
      <select id={id} value={um} onChange={(e) => useViewStore.getState().setDrawingAtlas(Number(e.target.value) as DrawingAtlasUm)}>
        <option value={50}>50 µm (default)</option>
        <option value={25}>25 µm (finer)</option>
      </select>
      {um === 50 && (
        <p className="muted" data-testid="boundary-atlas-hint">
          25 µm draws finer boundaries; it downloads ~{mb(ANNOTATION_25_DOWNLOAD_BYTES)} MB once, then comes from this browser’s cache.
        </p>
      )}
      {shown.state === 'loading' && (
        <progress
          data-testid="boundary-atlas-progress"
          aria-label="25 µm annotation"
          max={shown.total ?? undefined}
          value={shown.total !== null ? shown.done : undefined}
        />
      )}
      {text && (
        <p className="muted" role="status" data-testid="boundary-atlas-status">
          {text}
        </p>
      )}
      {shown.state === 'failed' && (
        <p className="error-inline" role="alert" data-testid="boundary-atlas-error" title={shown.message}>
          The 25 µm annotation could not be loaded: the 50 µm boundaries are drawn (the figure says why). Reload the page to try again.
        </p>
      )}
    </div>
  );
}
