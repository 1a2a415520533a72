// One lane of worker work that runs a task at a time and drops stale ones: a task whose signal
// was aborted while it waited (react-query aborts a query's signal when its key changes, e.g. a
// threshold slider moved on) never starts. Rapid input therefore costs at most the task already
// running plus the newest one, instead of a queue of every intermediate value. A running task is
// not interrupted (worker kernels are synchronous); its result is simply not wanted.

export interface Lane {
  run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T>;
  /** Tasks started / skipped because they were stale before they could start. */
  readonly stats: { started: number; skipped: number };
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const e = new Error('superseded before it started');
  e.name = 'AbortError';
  return e;
}

export function createLane(): Lane {
  let tail: Promise<unknown> = Promise.resolve();
  const stats = { started: 0, skipped: 0 };
  return {
    stats,
    run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
      const result = tail.then(() => {
        if (signal.aborted) {
          stats.skipped++;
          throw abortError(signal);
        }
        stats.started++;
        return task();
      });
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
