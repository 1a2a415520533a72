// Statistics, the fake server's request log summary, a reference throughput measurement and the
// printed table for `npm run bench:browser`.
import type { FakeRequest } from '../../e2e/fake-allen/control.ts';

export interface Row {
  readonly name: string;
  readonly budget: string;
  readonly value: string;
  /** null: informational, no budget. */
  readonly pass: boolean | null;
}

/** Linear-interpolated quantile; NaN for no samples. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? NaN) + ((sorted[hi] ?? NaN) - (sorted[lo] ?? NaN)) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Bytes the fake server sent (response bodies as it logged them) and the grid downloads. */
export function downloadSummary(log: readonly FakeRequest[]) {
  const grids = log.filter((r) => r.path.includes('/grid_data/') && r.status === 200);
  return {
    bytes: log.reduce((t, r) => t + r.bytes, 0),
    gridBytes: grids.reduce((t, r) => t + r.bytes, 0),
    grids: grids.length,
    gridPaths: grids.map((r) => r.url),
  };
}

/**
 * Raw throughput of the fake server for the same grid requests, fetched from Node with
 * `connections` in parallel (Chromium's HTTP/1.1 per-host limit is 6). This is the "bandwidth" the
 * cold-start budget is compared against; it is loopback + the fake's gzip/zip, not a real network.
 */
export async function referenceThroughput(baseUrl: string, paths: readonly string[], connections: number): Promise<{ bytes: number; bytesPerSec: number }> {
  let next = 0;
  let bytes = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const p = paths[next++] ?? '';
      const url = p.startsWith('http') ? p : `${baseUrl}${p}`;
      // read the length first: `bytes += await …` would read `bytes` before the await and lose
      // the other connections' additions
      const n = (await (await fetch(url)).arrayBuffer()).byteLength;
      bytes += n;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const sec = (performance.now() - t0) / 1000;
  return { bytes, bytesPerSec: sec > 0 ? bytes / sec : NaN };
}

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.name, r.budget, r.value, r.pass === null ? 'info' : r.pass ? 'ok' : 'MISS']);
  const head = ['measurement', 'budget (DESIGN §6)', 'result', 'status'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
