// A job's download statuses reach the page in batches. Each call of a job's event callback is a
// Comlink round trip to the main thread (a message each way, an id, a listener); a load emits
// 3–6 statuses per experiment (queued, downloading with progress, decoding, done), so a
// 303-experiment cold load made ~1,500 of them, ~0.5 s of the worker's CPU in its trace on the
// two cores the downloads need. Statuses are held back for at most STATUS_BATCH_MS and sent
// together, in the order they happened; any other event of the job (a phase, a preview) and the
// job's end send what is held first, so the page sees the same sequence, only fewer messages.
// A cancelled job's held statuses are dropped: the page has moved on (a new build's progress
// would count them).
import type { DataEvent, DataEventCallback, GridStatus } from '../protocol/data-contract.ts';

/** How long a status may wait for others (ms): below a progress bar's perceptible lag. */
export const STATUS_BATCH_MS = 50;

export interface StatusBatches {
  /** The job's event callback: statuses are held back; any other event sends them first. */
  readonly onEvent: DataEventCallback;
  /** Sends what is held back now (call it before the job answers). */
  readonly flush: () => void;
}

export function statusBatches(send: DataEventCallback, signal?: AbortSignal, ms = STATUS_BATCH_MS): StatusBatches {
  let held: GridStatus[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (signal?.aborted) held = [];
    if (held.length === 0) return;
    const statuses = held;
    held = [];
    void send({ kind: 'status', statuses });
  };
  return {
    onEvent(e: DataEvent) {
      if (e.kind === 'status') {
        held.push(...e.statuses);
        timer ??= setTimeout(flush, ms);
        return;
      }
      flush();
      return send(e);
    },
    flush,
  };
}

/** Runs `work` with batched statuses, sending what is held before its answer or its error (not after its cancellation). */
export async function withStatusBatches<T>(send: DataEventCallback, signal: AbortSignal, work: (onEvent: DataEventCallback) => Promise<T>): Promise<T> {
  const batches = statusBatches(send, signal);
  try {
    return await work(batches.onEvent);
  } finally {
    batches.flush();
  }
}
