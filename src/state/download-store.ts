// Per-experiment download status for the current load, for progress bars and the table.
// Status events arrive fast (byte progress); they are buffered and published at most once per
// animation frame so React renders a bounded number of times.
import { create } from 'zustand';
import type { PersistOutcome } from '../data/persistent-storage.ts';
import type { GridStatus as LoadStatus } from '../protocol/data-contract.ts';

export type LoadPhase = 'idle' | 'running' | 'done' | 'aborted';

interface DownloadStore {
  readonly phase: LoadPhase;
  /** What the browser answered when a large download asked to keep the cache (null: not asked). */
  readonly persistence: PersistOutcome | null;
  setPersistence(outcome: PersistOutcome): void;
  readonly requested: readonly number[];
  readonly statuses: ReadonlyMap<number, LoadStatus>;
  begin(ids: readonly number[], keepStatuses?: boolean): void;
  push(status: LoadStatus): void;
  /** push() for a load that streams in experiments (an aggregate): joins unknown ones at the next flush. */
  pushJoining(status: LoadStatus): void;
  finish(phase: Exclude<LoadPhase, 'idle' | 'running'>): void;
  reset(): void;
}

let pending: LoadStatus[] = [];
/** Experiments pushJoining() saw that are not requested yet: joined at the next flush. */
let joining: number[] = [];
let scheduled = false;

export const useDownloadStore = create<DownloadStore>()((set, get) => {
  const flush = () => {
    scheduled = false;
    if (pending.length === 0 && joining.length === 0) return;
    const next = new Map(get().statuses);
    let requested = get().requested;
    if (joining.length > 0) {
      // one update for a burst of joins (an aggregate announces hundreds of experiments at once)
      const known = new Set(requested);
      const added = [...new Set(joining)].filter((id) => !known.has(id));
      for (const id of added) if (!next.has(id)) next.set(id, { experimentId: id, state: 'queued' });
      if (added.length > 0) requested = [...requested, ...added];
      joining = [];
    }
    for (const s of pending) next.set(s.experimentId, s);
    pending = [];
    set(requested === get().requested ? { statuses: next } : { statuses: next, requested, phase: 'running' });
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    else queueMicrotask(flush);
  };
  return {
    phase: 'idle',
    persistence: null,
    setPersistence: (persistence) => set({ persistence }),
    requested: [],
    statuses: new Map(),
    begin: (ids, keepStatuses = false) => {
      pending = [];
      joining = [];
      const statuses = keepStatuses ? new Map(get().statuses) : new Map<number, LoadStatus>();
      for (const id of ids) statuses.set(id, { experimentId: id, state: 'queued' });
      const requested = keepStatuses ? [...new Set([...get().requested, ...ids])] : [...ids];
      set({ phase: 'running', requested, statuses });
    },
    push: (status) => {
      pending.push(status);
      schedule();
    },
    pushJoining: (status) => {
      joining.push(status.experimentId);
      get().push(status);
    },
    finish: (phase) => {
      flush();
      set({ phase });
    },
    reset: () => {
      pending = [];
      joining = [];
      if (get().phase === 'idle' && get().requested.length === 0) return;
      set({ phase: 'idle', requested: [], statuses: new Map() });
    },
  };
});

export interface DownloadCounts {
  readonly total: number;
  readonly done: number;
  readonly fromCache: number;
  readonly failed: number;
  readonly active: number;
  readonly receivedBytes: number;
}

/** The requested experiments whose download failed, with the error message, in request order. */
export function failedDownloads(requested: readonly number[], statuses: ReadonlyMap<number, LoadStatus>): Array<{ experimentId: number; message: string }> {
  return requested.flatMap((id) => {
    const s = statuses.get(id);
    return s?.state === 'failed' ? [{ experimentId: id, message: s.message }] : [];
  });
}

export function countStatuses(requested: readonly number[], statuses: ReadonlyMap<number, LoadStatus>): DownloadCounts {
  let done = 0;
  let fromCache = 0;
  let failed = 0;
  let active = 0;
  let receivedBytes = 0;
  for (const id of requested) {
    const s = statuses.get(id);
    if (!s) continue;
    if (s.state === 'done') {
      done += 1;
      if (s.source === 'cache') fromCache += 1;
    } else if (s.state === 'failed') failed += 1;
    else if (s.state === 'downloading' || s.state === 'decoding') active += 1;
    if (s.state === 'downloading') receivedBytes += s.receivedBytes;
  }
  return { total: requested.length, done, fromCache, failed, active, receivedBytes };
}

export function describeStatus(s: LoadStatus | undefined): string | undefined {
  if (!s) return undefined;
  switch (s.state) {
    case 'queued':
      return 'queued';
    case 'cached':
      return 'in cache';
    case 'downloading': {
      const kb = Math.round(s.receivedBytes / 1024);
      const of = s.totalBytes ? ` / ${Math.round(s.totalBytes / 1024)} KB` : ' KB';
      return `downloading ${kb}${of}${s.attempt > 1 ? ` (try ${s.attempt})` : ''}`;
    }
    case 'decoding':
      return 'decoding';
    case 'done':
      return s.source === 'cache' ? 'ready (cache)' : 'ready';
    case 'failed':
      return 'failed';
  }
}
