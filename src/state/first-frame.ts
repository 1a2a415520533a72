// Whether this page's projectome has settled once: a frame on screen (drawn, a preview while
// volumes arrive, or a link's stored frame) or its build failed. Work the first frame does not
// need waits for it: the upstream-source list (hooks/use-upstream.ts), whose read, grouping and
// table cost a new combination's first frame ~0.14 s on the 2-core bench machine when they ran
// alongside it (bench:ab, 16 paired loads: 1.05 s without them against 1.19 s).
//
// The store changes after the frame is presented, not in the task that drew it: its subscribers
// re-render synchronously (a zustand store is read through useSyncExternalStore), and that render
// ran in the drawing task's microtasks, ahead of the browser presenting the frame.
import { create } from 'zustand';

export const useFirstFrameSettled = create<{ readonly settled: boolean }>(() => ({ settled: false }));

let scheduled = false;

/** Called by the projectome's stage when a frame is shown and by its view when the build failed; idempotent. Settles after the next frame is presented. */
export function markFirstFrameSettled(): void {
  if (scheduled || useFirstFrameSettled.getState().settled) return;
  scheduled = true;
  afterNextPaint(() => {
    scheduled = false;
    if (!useFirstFrameSettled.getState().settled) useFirstFrameSettled.setState({ settled: true });
  });
}

/** A hidden tab runs no animation frames: the change is made after this long all the same. */
const NO_FRAME_MS = 200;

/**
 * Runs `run` once, in a task after the browser's next rendering opportunity, or after NO_FRAME_MS
 * when no animation frame comes (a hidden tab; a plain task where there is no requestAnimationFrame).
 */
export function afterNextPaint(run: () => void): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    run();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, typeof requestAnimationFrame === 'function' ? NO_FRAME_MS : 0);
}
