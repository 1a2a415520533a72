// Per-experiment download status for the current load, for progress bars and the table.
// Status events arrive fast (byte progress, three per grid); they are buffered and published at
// most once per PUBLISH_INTERVAL_MS, in an animation frame. Every publish repaints the page, and
// with software WebGL each frame costs the GPU process 50–400 ms of CPU (its swap), taken from
// the workers doing the load: on the 2-core bench a warm 129-grid start presented 45–60 frames at
// rAF rate (with the bar's width transition) against 27–40 at 4 Hz without it.
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
  /** Bytes received so far per experiment of this load (kept after its download finishes). */
  readonly receivedBytes: ReadonlyMap<number, number>;
  /** Every grid downloaded from the network this session and its bytes: the size estimate's sample. */
  readonly measured: { readonly grids: number; readonly bytes: number };
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
/** When the store last published (performance.now()); the next publish waits out the interval. */
let lastPublish = -Infinity;
/** Progress is repainted at most 4 times a second during a load (finish() publishes at once). */
export const PUBLISH_INTERVAL_MS = 250;

export const useDownloadStore = create<DownloadStore>()((set, get) => {
  const flush = () => {
    scheduled = false;
    if (pending.length === 0 && joining.length === 0) return;
    lastPublish = performance.now();
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
    let bytes = get().receivedBytes;
    let measured = get().measured;
    for (const s of pending) {
      if (s.state === 'downloading' && s.receivedBytes !== (bytes.get(s.experimentId) ?? 0)) {
        if (bytes === get().receivedBytes) bytes = new Map(bytes);
        (bytes as Map<number, number>).set(s.experimentId, s.receivedBytes);
      }
      const got = bytes.get(s.experimentId) ?? 0;
      if (s.state === 'done' && s.source === 'network' && got > 0 && next.get(s.experimentId)?.state !== 'done')
        measured = { grids: measured.grids + 1, bytes: measured.bytes + got };
      next.set(s.experimentId, s);
    }
    pending = [];
    const changes = { statuses: next, receivedBytes: bytes, measured };
    set(requested === get().requested ? changes : { ...changes, requested, phase: 'running' });
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    if (typeof requestAnimationFrame !== 'function') {
      queueMicrotask(flush); // no frames to spare (tests, workers): publish at once
      return;
    }
    const wait = lastPublish + PUBLISH_INTERVAL_MS - performance.now();
    if (wait > 0) setTimeout(() => requestAnimationFrame(flush), wait);
    else requestAnimationFrame(flush);
  };
  return {
    phase: 'idle',
    persistence: null,
    setPersistence: (persistence) => set({ persistence }),
    requested: [],
    statuses: new Map(),
    receivedBytes: new Map(),
    measured: { grids: 0, bytes: 0 },
    begin: (ids, keepStatuses = false) => {
      pending = [];
      joining = [];
      lastPublish = -Infinity; // a new load's first status shows at the next frame
      const statuses = keepStatuses ? new Map(get().statuses) : new Map<number, LoadStatus>();
      for (const id of ids) statuses.set(id, { experimentId: id, state: 'queued' });
      const requested = keepStatuses ? [...new Set([...get().requested, ...ids])] : [...ids];
      set({ phase: 'running', requested, statuses, receivedBytes: keepStatuses ? get().receivedBytes : new Map() });
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
      set({ phase: 'idle', requested: [], statuses: new Map(), receivedBytes: new Map() });
    },
  };
});

export interface DownloadCounts {
  readonly total: number;
  readonly done: number;
  readonly fromCache: number;
  readonly failed: number;
  readonly active: number;
  /** Bytes received for the requested experiments (finished downloads included when `bytes` is given). */
  readonly receivedBytes: number;
}

/** The requested experiments whose download failed, with the error message, in request order. */
export function failedDownloads(requested: readonly number[], statuses: ReadonlyMap<number, LoadStatus>): Array<{ experimentId: number; message: string }> {
  return requested.flatMap((id) => {
    const s = statuses.get(id);
    return s?.state === 'failed' ? [{ experimentId: id, message: s.message }] : [];
  });
}

export function countStatuses(requested: readonly number[], statuses: ReadonlyMap<number, LoadStatus>, bytes?: ReadonlyMap<number, number>): DownloadCounts {
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
    if (bytes) receivedBytes += bytes.get(id) ?? 0;
    else if (s.state === 'downloading') receivedBytes += s.receivedBytes;
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
