import { describe, expect, it } from 'vitest';
import { createLane } from './latest-only.ts';

describe('latest-only lane', () => {
  it('runs one task at a time and never starts the ones superseded while they waited', async () => {
    const lane = createLane();
    const started: number[] = [];
    let release = (): void => undefined;
    const gate = new Promise<number>((resolve) => (release = () => resolve(0)));
    const first = lane.run(new AbortController().signal, () => {
      started.push(0);
      return gate;
    });
    // a slider moved through 1…5 while 0 was being computed: 1–4 are aborted by their queries
    const ctls = [1, 2, 3, 4, 5].map(() => new AbortController());
    const rest = ctls.map((c, i) =>
      lane.run(c.signal, async () => {
        started.push(i + 1);
        return i + 1;
      }),
    );
    ctls.slice(0, 4).forEach((c) => c.abort());
    release();
    expect(await first).toBe(0);
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    expect((settled[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'AbortError' });
    expect(started).toEqual([0, 5]);
    expect(lane.stats).toEqual({ started: 2, skipped: 4 });
  });

  it('a failing task does not stop the lane', async () => {
    const lane = createLane();
    const signal = new AbortController().signal;
    await expect(lane.run(signal, () => Promise.reject(new Error('isosurface failed')))).rejects.toThrow('isosurface failed');
    expect(await lane.run(signal, async () => 7)).toBe(7);
  });
});
