// Per-host concurrency cap: a small FIFO semaphore per URL origin. Aborted waiters leave the
// queue and never take a slot.

export type Release = () => void;

interface Waiter {
  readonly grant: (release: Release) => void;
}

interface HostState {
  active: number;
  readonly queue: Waiter[];
}

export interface HostLimiter {
  /** Resolves with a release function once a slot on the URL's origin is free; rejects on abort. */
  acquire(url: string, signal?: AbortSignal): Promise<Release>;
  /** Requests currently holding a slot for the URL's origin (for tests and diagnostics). */
  active(url: string): number;
}

/** Origin of an absolute URL; relative URLs (same-origin proxy paths) share one key. */
export function hostKey(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'same-origin';
  }
}

export function createHostLimiter(limitFor: (origin: string) => number): HostLimiter {
  const hosts = new Map<string, HostState>();

  function state(key: string): HostState {
    let s = hosts.get(key);
    if (!s) {
      s = { active: 0, queue: [] };
      hosts.set(key, s);
    }
    return s;
  }

  function makeRelease(key: string, s: HostState): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = s.queue.shift();
      if (next) next.grant(makeRelease(key, s));
      else s.active -= 1;
    };
  }

  return {
    acquire(url, signal) {
      const key = hostKey(url);
      const s = state(key);
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (s.active < Math.max(1, limitFor(key))) {
        s.active += 1;
        return Promise.resolve(makeRelease(key, s));
      }
      return new Promise<Release>((resolve, reject) => {
        const onAbort = (): void => {
          const i = s.queue.indexOf(waiter);
          if (i >= 0) s.queue.splice(i, 1);
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          grant: (release) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        s.queue.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    active(url) {
      return hosts.get(hostKey(url))?.active ?? 0;
    },
  };
}
