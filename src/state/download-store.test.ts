import { beforeEach, describe, expect, it } from 'vitest';
import { countStatuses, useDownloadStore } from './download-store.ts';

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
});
