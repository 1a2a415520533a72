// One row of the `npm run bench` table. Setup runs in prepare() and is not timed; the returned
// function is timed repeatedly (awaited when it returns a promise, e.g. a round trip to a worker
// thread) and the runner reports median and p95 (and GB/s when bytesPerRun is given). Budgets are
// DESIGN.md §6 text, printed next to the measurement, never asserted. cleanup() runs after timing.
export interface BenchCase {
  /** e.g. 'slice extraction (coronal, 100 µm)'. */
  readonly name: string;
  /** e.g. '≤ 16 ms p95 (AP slider frame)' or '—' when DESIGN.md sets none. */
  readonly budget: string;
  /** Bytes the timed function reads; when set the table shows throughput in GB/s. */
  readonly bytesPerRun?: number;
  /** Number of timed runs (default chosen by the runner). */
  readonly runs?: number;
  prepare(): (() => void | Promise<void>) | Promise<() => void | Promise<void>>;
  cleanup?(): void | Promise<void>;
}
