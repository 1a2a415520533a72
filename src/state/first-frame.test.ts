import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint, markFirstFrameSettled, useFirstFrameSettled } from './first-frame.ts';

describe('markFirstFrameSettled', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useFirstFrameSettled.setState({ settled: false });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('settles in a later task, not in the task that drew the frame', () => {
    markFirstFrameSettled();
    expect(useFirstFrameSettled.getState().settled).toBe(false);
    vi.runAllTimers();
    expect(useFirstFrameSettled.getState().settled).toBe(true);
  });

  it('waits for the next animation frame, then a task after it', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    markFirstFrameSettled();
    vi.advanceTimersByTime(100);
    expect(useFirstFrameSettled.getState().settled).toBe(false);
    expect(frames).toHaveLength(1);
    frames[0]?.(0);
    expect(useFirstFrameSettled.getState().settled).toBe(false);
    vi.advanceTimersByTime(0);
    expect(useFirstFrameSettled.getState().settled).toBe(true);
  });

  it('settles without an animation frame (a hidden tab runs none) after a short wait', () => {
    vi.stubGlobal('requestAnimationFrame', () => 0);
    markFirstFrameSettled();
    vi.advanceTimersByTime(150);
    expect(useFirstFrameSettled.getState().settled).toBe(false);
    vi.advanceTimersByTime(100);
    expect(useFirstFrameSettled.getState().settled).toBe(true);
  });

  it('is idempotent: calls before it settles schedule one change, the store notifies once', () => {
    const seen: boolean[] = [];
    const unsubscribe = useFirstFrameSettled.subscribe((s) => seen.push(s.settled));
    markFirstFrameSettled();
    markFirstFrameSettled();
    vi.runAllTimers();
    markFirstFrameSettled();
    vi.runAllTimers();
    unsubscribe();
    expect(seen).toEqual([true]);
  });

  it('afterNextPaint runs once per call, whether the frame or the fallback comes first', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    const run = vi.fn();
    afterNextPaint(run);
    afterNextPaint(run);
    expect(run).not.toHaveBeenCalled();
    for (const f of frames) f(0);
    vi.runAllTimers();
    expect(run).toHaveBeenCalledTimes(2);
  });
});
