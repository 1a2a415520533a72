// Work in steps: a generator that yields where the page may run in between, so a caller that
// schedules each step in a task of its own keeps every task short, and returns its result. A
// caller in a hurry (a restored context) runs the steps at once.

export type Steps<T> = Generator<void, T, void>;

/** The steps run to their end in this task: their result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Stops steps before their end: their `finally` blocks release what they made. */
export function abandonSteps(steps: Steps<unknown>): void {
  steps.return(undefined);
}
