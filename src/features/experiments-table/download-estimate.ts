// What the Download button promises before it starts: how many of the experiments' grids are
// already in the browser cache, and roughly how many bytes the rest will take. Until this session
// has downloaded grids, the estimate is the planning range of DESIGN.md §7 (a 100 µm projection
// density NRRD is 0.3–1.1 MB over the wire; a real one measured ~277 KB); afterwards it is the mean
// size of the grids actually downloaded.
import { formatBytes } from '../../lib/format.ts';

/** Per-grid size range before anything was measured (bytes over the wire). */
export const GRID_BYTES_PRIOR: readonly [number, number] = [0.3 * 1024 * 1024, 1.1 * 1024 * 1024];
/** Grids measured this session before their mean replaces the prior range. */
const MIN_SAMPLE = 3;

export interface DownloadEstimate {
  readonly total: number;
  readonly cached: number;
  readonly toDownload: number;
  /** [low, high] bytes for the grids to download; low = high when measured. */
  readonly bytes: readonly [number, number];
  readonly measured: boolean;
}

export function estimateDownload(
  ids: readonly number[],
  cachedIds: ReadonlySet<number>,
  sample: { readonly grids: number; readonly bytes: number },
): DownloadEstimate {
  const unique = [...new Set(ids)];
  const cached = unique.filter((id) => cachedIds.has(id)).length;
  const toDownload = unique.length - cached;
  const measured = sample.grids >= MIN_SAMPLE;
  const [lo, hi] = measured ? [sample.bytes / sample.grids, sample.bytes / sample.grids] : GRID_BYTES_PRIOR;
  return { total: unique.length, cached, toDownload, bytes: [toDownload * lo, toDownload * hi], measured };
}

/** The button's label, e.g. "Download 12 volumes (≈ 3.6–13.2 MB)" or "All 40 volumes cached". */
export function downloadLabel(e: DownloadEstimate): string {
  const plural = (n: number) => `${n} volume${n === 1 ? '' : 's'}`;
  if (e.total > 0 && e.toDownload === 0) return `All ${plural(e.total)} cached`;
  const [lo, hi] = e.bytes;
  const size = e.measured || lo === hi ? `≈ ${formatBytes(lo)}` : `≈ ${formatBytes(lo)}–${formatBytes(hi)}`;
  const what = e.cached > 0 ? `${e.toDownload} of ${plural(e.total)}` : plural(e.toDownload);
  return `Download ${what} (${size})`;
}

/** The button's tooltip: where the numbers come from. */
export function downloadTitle(e: DownloadEstimate, sample: { readonly grids: number; readonly bytes: number }): string {
  if (e.total > 0 && e.toDownload === 0)
    return 'Every volume is in this browser’s cache already: pressing reads them back and checks them, without downloading.';
  const basis = e.measured
    ? `the mean of the ${sample.grids} volumes downloaded in this session (${formatBytes(sample.bytes / sample.grids)} each)`
    : 'the usual size of a 100 µm projection density file from Allen (0.3–1.1 MB each)';
  return `${e.cached > 0 ? `${e.cached} of the ${e.total} are cached already. ` : ''}Size estimated from ${basis}.`;
}
