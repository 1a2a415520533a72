// Progress of a volume download: a bar, counts (from cache / downloaded / failed) and the failed
// experiments by id with a retry. ViewDownloadProgress shows the shared download store under a view
// that averages volumes.
import { formatBytes } from '../lib/format.ts';
import { countStatuses, failedDownloads, useDownloadStore, type DownloadCounts } from '../state/download-store.ts';

export interface FailedItem {
  readonly experimentId: number;
  readonly message: string;
}

export interface DownloadProgressProps {
  readonly counts: DownloadCounts;
  readonly running: boolean;
  readonly failed: readonly FailedItem[];
  readonly onRetryFailed?: () => void;
  readonly onCancel?: () => void;
}

export function DownloadProgress({ counts, running, failed, onRetryFailed, onCancel }: DownloadProgressProps) {
  const settled = counts.done + counts.failed;
  const pct = counts.total === 0 ? 0 : Math.round((100 * settled) / counts.total);
  return (
    <div className="download-progress" data-testid="download-progress">
      <div className="status-line">
        <div
          className={`progress${counts.failed > 0 ? ' failed' : ''}`}
          role="progressbar"
          aria-label="Volume download"
          aria-valuemin={0}
          aria-valuemax={counts.total}
          aria-valuenow={settled}
        >
          <div style={{ width: `${pct}%` }} />
        </div>
        <span className="download-summary" data-testid="download-summary">
          {counts.done} of {counts.total} volumes ready
          {counts.fromCache > 0 && ` (${counts.fromCache} from cache)`}
          {counts.failed > 0 && `, ${counts.failed} failed`}
          {running && counts.active > 0 && `, ${counts.active} in progress`}
        </span>
        {counts.receivedBytes > 0 && (
          <span className="muted" data-testid="download-bytes">
            {formatBytes(counts.receivedBytes)} downloaded
          </span>
        )}
        {running && onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {!running && failed.length > 0 && (
        <div className="error-message" role="alert" data-testid="download-failures">
          <strong>
            {failed.length} of {counts.total} experiments could not be downloaded; the other {counts.done} are ready.
          </strong>
          <ul className="failed-list">
            {failed.slice(0, 20).map((f) => (
              <li key={f.experimentId}>
                Experiment {f.experimentId}: {f.message}
              </li>
            ))}
            {failed.length > 20 && <li>…and {failed.length - 20} more</li>}
          </ul>
          {onRetryFailed && (
            <button type="button" onClick={onRetryFailed}>
              Retry failed
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The shared download's progress under an analysis view: shown while the view is `loading`, and
 * afterwards while experiments have failed (with `onRetry`), unless `onlyWhileLoading`.
 */
export function ViewDownloadProgress({ loading, onRetry, onlyWhileLoading = false }: { loading: boolean; onRetry: () => void; onlyWhileLoading?: boolean }) {
  const phase = useDownloadStore((s) => s.phase);
  const requested = useDownloadStore((s) => s.requested);
  const statuses = useDownloadStore((s) => s.statuses);
  const receivedBytes = useDownloadStore((s) => s.receivedBytes);
  const failed = failedDownloads(requested, statuses);
  if (phase === 'idle' || requested.length === 0 || !(loading || (!onlyWhileLoading && failed.length > 0))) return null;
  return <DownloadProgress counts={countStatuses(requested, statuses, receivedBytes)} running={phase === 'running'} failed={failed} onRetryFailed={onRetry} />;
}
