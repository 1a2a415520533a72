import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DataEvent, GridStatus } from '../protocol/data-contract.ts';
import { STATUS_BATCH_MS, statusBatches, withStatusBatches } from './status-batches.ts';

const queued = (experimentId: number): GridStatus => ({ experimentId, state: 'queued' });
const done = (experimentId: number): GridStatus => ({ experimentId, state: 'done', source: 'network' });
const one = (s: GridStatus): DataEvent => ({ kind: 'status', statuses: [s] });

describe('statusBatches', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the statuses of a batch window as one event, in order', () => {
    const sent: DataEvent[] = [];
    const b = statusBatches((e) => void sent.push(e));
    for (const id of [1, 2, 3]) void b.onEvent(one(queued(id)));
    void b.onEvent(one(done(2)));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(STATUS_BATCH_MS - 1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ kind: 'status', statuses: [queued(1), queued(2), queued(3), done(2)] }]);
    // the next status opens a new window
    void b.onEvent(one(done(1)));
    vi.advanceTimersByTime(STATUS_BATCH_MS);
    expect(sent).toEqual([
      { kind: 'status', statuses: [queued(1), queued(2), queued(3), done(2)] },
      { kind: 'status', statuses: [done(1)] },
    ]);
  });

  it('sends held statuses before any other event, which goes at once and keeps its answer', async () => {
    const sent: DataEvent[] = [];
    const b = statusBatches((e) => {
      sent.push(e);
      return e.kind === 'partial' ? Promise.resolve() : undefined;
    });
    void b.onEvent(one(queued(1)));
    void b.onEvent({ kind: 'phase', phase: 'volumes' });
    void b.onEvent(one(done(1)));
    const partial: DataEvent = { kind: 'partial', key: 'k', received: 1, total: 1, usedIds: [[1]] };
    await expect(b.onEvent(partial)).resolves.toBeUndefined();
    expect(sent).toEqual([{ kind: 'status', statuses: [queued(1)] }, { kind: 'phase', phase: 'volumes' }, { kind: 'status', statuses: [done(1)] }, partial]);
    // nothing left for the timer
    vi.advanceTimersByTime(STATUS_BATCH_MS);
    expect(sent).toHaveLength(4);
  });

  it('withStatusBatches sends what is held before the work answers, and before its error', async () => {
    const sent: DataEvent[] = [];
    const send = (e: DataEvent): void => void sent.push(e);
    const never = new AbortController().signal;
    const answer = await withStatusBatches(send, never, async (onEvent) => {
      void onEvent(one(queued(7)));
      await Promise.resolve();
      void onEvent(one(done(7)));
      expect(sent).toEqual([]);
      return 'ok';
    });
    expect(answer).toBe('ok');
    expect(sent).toEqual([{ kind: 'status', statuses: [queued(7), done(7)] }]);
    const failing = withStatusBatches(send, never, (onEvent) => {
      void onEvent(one(queued(8)));
      return Promise.reject(new Error('no'));
    });
    await expect(failing).rejects.toThrow('no');
    expect(sent.at(-1)).toEqual({ kind: 'status', statuses: [queued(8)] });
    vi.advanceTimersByTime(STATUS_BATCH_MS);
    expect(sent).toHaveLength(2);
  });

  it("drops a cancelled job's held statuses: the page has moved on to another build", async () => {
    const sent: DataEvent[] = [];
    const ctl = new AbortController();
    const cancelled = withStatusBatches(
      (e) => void sent.push(e),
      ctl.signal,
      async (onEvent) => {
        void onEvent(one(queued(9)));
        ctl.abort();
        await Promise.resolve();
        throw new Error('cancelled');
      },
    );
    await expect(cancelled).rejects.toThrow('cancelled');
    vi.advanceTimersByTime(STATUS_BATCH_MS);
    expect(sent).toEqual([]);
    // and one held when the job is cancelled is not sent by its timer either
    const b = statusBatches((e) => void sent.push(e), ctl.signal);
    void b.onEvent(one(queued(10)));
    vi.advanceTimersByTime(STATUS_BATCH_MS);
    expect(sent).toEqual([]);
  });
});
