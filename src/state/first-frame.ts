// Whether this page's projectome has settled once: a frame on screen (drawn, a preview while
// volumes arrive, or a link's stored frame) or its build failed. Work the first frame does not
// need waits for it: the upstream-source list (hooks/use-upstream.ts), whose read, grouping and
// table cost a new combination's first frame ~0.14 s on the 2-core bench machine when they ran
// alongside it (bench:ab, 16 paired loads: 1.05 s without them against 1.19 s).
import { create } from 'zustand';

export const useFirstFrameSettled = create<{ readonly settled: boolean }>(() => ({ settled: false }));

/** Called by the projectome's stage when a frame is shown and by its view when the build failed; idempotent. */
export function markFirstFrameSettled(): void {
  if (!useFirstFrameSettled.getState().settled) useFirstFrameSettled.setState({ settled: true });
}
