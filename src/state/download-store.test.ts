import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PUBLISH_INTERVAL_MS, countStatuses, useDownloadStore } from './download-store.ts';

const flushed = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve));

describe('download store', () => {
  beforeEach(() => useDownloadStore.getState().reset());

  it('joins a burst of streamed experiments in one update, in arrival order, keeping the latest status', async () => {
    const store = useDownloadStore;
    store.getState().begin([]);
    let updates = 0;
    const unsub = store.subscribe(() => updates++);
    for (let id = 1; id <= 300; id++) store.getState().pushJoining({ experimentId: id, state: 'queued' });
    store.getState().pushJoining({ experimentId: 7, state: 'done', source: 'cache' });
    await flushed();
    unsub();
    expect(updates).toBe(1);
    const { requested, statuses, phase } = store.getState();
    expect(phase).toBe('running');
    expect(requested).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(statuses.get(7)).toEqual({ experimentId: 7, state: 'done', source: 'cache' });
    expect(countStatuses(requested, statuses)).toMatchObject({ total: 300, done: 1, fromCache: 1 });
  });

  it('an experiment already requested is not joined twice; begin() drops joins not yet flushed', async () => {
    const store = useDownloadStore;
    store.getState().begin([5]);
    store.getState().pushJoining({ experimentId: 5, state: 'decoding', attempt: 1 });
    await flushed();
    expect(store.getState().requested).toEqual([5]);
    store.getState().pushJoining({ experimentId: 6, state: 'queued' });
    store.getState().begin([8]);
    await flushed();
    expect(store.getState().requested).toEqual([8]);
    expect([...store.getState().statuses.keys()]).toEqual([8]);
  });

  it('keeps the bytes of finished downloads for the summary, and measures each network grid once', async () => {
    const store = useDownloadStore;
    const before = store.getState().measured;
    store.getState().begin([1, 2, 3]);
    store.getState().push({ experimentId: 1, state: 'downloading', receivedBytes: 1000, totalBytes: 3000, attempt: 1 });
    store.getState().push({ experimentId: 1, state: 'downloading', receivedBytes: 3000, totalBytes: 3000, attempt: 1 });
    store.getState().push({ experimentId: 2, state: 'downloading', receivedBytes: 500, totalBytes: null, attempt: 1 });
    await flushed();
    store.getState().push({ experimentId: 1, state: 'decoding', attempt: 1 });
    store.getState().push({ experimentId: 1, state: 'done', source: 'network' });
    store.getState().push({ experimentId: 1, state: 'done', source: 'network' });
    store.getState().push({ experimentId: 3, state: 'done', source: 'cache' });
    await flushed();
    const { requested, statuses, receivedBytes, measured } = store.getState();
    // the finished grid still counts; the one in flight counts what it has
    expect(countStatuses(requested, statuses, receivedBytes)).toMatchObject({ done: 2, fromCache: 1, active: 1, receivedBytes: 3500 });
    // without the byte map, only downloads in flight count (the old behaviour)
    expect(countStatuses(requested, statuses).receivedBytes).toBe(500);
    expect(measured).toEqual({ grids: before.grids + 1, bytes: before.bytes + 3000 });
    // a new load starts its byte count again; the session's sample stays
    store.getState().begin([9]);
    expect(store.getState().receivedBytes.size).toBe(0);
    expect(store.getState().measured).toEqual(measured);
  });

  describe('in a page (requestAnimationFrame)', () => {
    beforeEach(() => {
      vi.useFakeTimers();
      vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 16));
    });
    afterEach(() => {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    });

    it(`publishes at most once per ${PUBLISH_INTERVAL_MS} ms while statuses stream in; finish() publishes at once`, () => {
      const store = useDownloadStore;
      store.getState().begin([1, 2, 3]);
      let updates = 0;
      const unsub = store.subscribe(() => updates++);
      const at: number[] = [];
      const unsubAt = store.subscribe(() => at.push(performance.now()));
      // 3 statuses every 10 ms for 1 s: one grid's worth each time
      for (let t = 0; t < 1000; t += 10) {
        store.getState().push({ experimentId: 1 + (t % 3), state: 'downloading', receivedBytes: t, totalBytes: null, attempt: 1 });
        vi.advanceTimersByTime(10);
      }
      // the first publish comes at the next frame, the others 250 ms apart: 4 or 5 in a second, not 60
      expect(updates).toBeGreaterThanOrEqual(4);
      expect(updates).toBeLessThanOrEqual(5);
      for (let i = 1; i < at.length; i++) expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(PUBLISH_INTERVAL_MS);
      // the last statuses are not lost: the end of the load shows them without waiting
      store.getState().push({ experimentId: 3, state: 'done', source: 'network' });
      store.getState().finish('done');
      expect(store.getState().statuses.get(3)).toEqual({ experimentId: 3, state: 'done', source: 'network' });
      expect(store.getState().phase).toBe('done');
      unsub();
      unsubAt();
    });

    it('a status after a quiet spell is shown at the next frame', () => {
      const store = useDownloadStore;
      store.getState().begin([1]);
      vi.advanceTimersByTime(PUBLISH_INTERVAL_MS + 1);
      store.getState().push({ experimentId: 1, state: 'decoding', attempt: 1 });
      vi.advanceTimersByTime(17);
      expect(store.getState().statuses.get(1)).toEqual({ experimentId: 1, state: 'decoding', attempt: 1 });
    });
  });
});
