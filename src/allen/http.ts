// HTTP layer for every Allen request: retries with exponential backoff and full jitter, a
// per-host concurrency cap, abort everywhere (including backoff sleeps and the host queue),
// optional per-attempt timeout, and body reading that detects truncation via Content-Length.
import { AllenError, abortedError, isAllenError, isRetryable } from './errors.ts';
import { createHostLimiter } from './host-limiter.ts';
import type { HostLimiter } from './host-limiter.ts';

export interface RetryPolicy {
  /** Total attempts including the first. */
  readonly attempts: number;
  /** Backoff before attempt k+1 is random() × min(maxMs, baseMs × 2^(k-1)) ms (full jitter). */
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 400, maxMs: 5000 };

/** Waits ms milliseconds; should reject (or at least stop mattering) when signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Progress of one body download: bytes so far and Content-Length when known. */
export type ProgressCallback = (receivedBytes: number, totalBytes: number | null) => void;

/** Simultaneous requests per URL origin when HttpOptions.maxConcurrentPerHost is not given. */
export const DEFAULT_MAX_CONCURRENT_PER_HOST = 4;

export interface HttpOptions {
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Cap of simultaneous requests per URL origin (default 4), or a function of the origin. */
  readonly maxConcurrentPerHost?: number | ((origin: string) => number);
  readonly retry?: Partial<RetryPolicy>;
  /** One attempt (request + body) longer than this counts as a network failure. 0 = no limit. */
  readonly attemptTimeoutMs?: number;
  /**
   * True when the device is known to be offline (default: `navigator.onLine === false`): a network
   * failure then fails at once instead of being retried with backoff, so cached data is used promptly.
   */
  readonly isOffline?: () => boolean;
}

/** `navigator.onLine === false` where there is a navigator (window or worker); never offline in Node. */
export const browserIsOffline = (): boolean => typeof navigator !== 'undefined' && navigator.onLine === false;

export interface RequestSpec {
  readonly url: string;
  /** What is being asked, for error messages: "Download of experiment 100141219". */
  readonly what: string;
  readonly experimentId?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressCallback;
  /** At most this many attempts for this request (default: the retry policy's). */
  readonly attempts?: number;
}

export interface Http {
  /** Body bytes. `check` may throw an AllenError; retryable kinds are retried. */
  bytes(spec: RequestSpec, check?: (bytes: ArrayBuffer) => void): Promise<ArrayBuffer>;
  /** Parsed JSON handed to `parse`, which may throw an AllenError (retryable kinds are retried). */
  json<T>(spec: RequestSpec, parse: (json: unknown) => T): Promise<T>;
  readonly limiter: HostLimiter;
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Rejects as soon as `signal` aborts, whatever `promise` does. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => unknown): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // The promise still settles later: observe it so its rejection is not reported as unhandled.
    promise.catch(() => undefined);
    return Promise.reject(onAbort());
  }
  return new Promise<T>((resolve, reject) => {
    const listener = (): void => reject(onAbort());
    signal.addEventListener('abort', listener, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', listener);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', listener);
        reject(e);
      },
    );
  });
}

function contentLength(res: Response): number | null {
  const raw = res.headers.get('content-length');
  if (raw === null || !/^\d+$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/** Content-Length counts encoded bytes; only an identity-encoded body can be compared to it. */
function identityEncoded(res: Response): boolean {
  const enc = res.headers.get('content-encoding');
  return enc === null || enc.trim() === '' || enc.trim().toLowerCase() === 'identity';
}

async function readBody(res: Response, onProgress: ProgressCallback | undefined): Promise<ArrayBuffer> {
  const total = contentLength(res);
  let bytes: Uint8Array;
  if (!res.body) {
    bytes = new Uint8Array(await res.arrayBuffer());
    onProgress?.(bytes.byteLength, total);
  } else {
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress?.(received, total);
    }
    bytes = new Uint8Array(received);
    let offset = 0;
    for (const c of chunks) {
      bytes.set(c, offset);
      offset += c.byteLength;
    }
  }
  if (total !== null && bytes.byteLength < total && identityEncoded(res)) {
    throw new TruncatedBody(bytes.byteLength, total);
  }
  return bytes.buffer.byteLength === bytes.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
}

class TruncatedBody extends Error {
  constructor(
    readonly received: number,
    readonly expected: number,
  ) {
    super(`body truncated: received ${received} of ${expected} bytes`);
  }
}

function linkedController(outer: AbortSignal | undefined): {
  ctl: AbortController;
  unlink: () => void;
} {
  const ctl = new AbortController();
  if (!outer) return { ctl, unlink: () => undefined };
  const onAbort = (): void => ctl.abort(outer.reason);
  if (outer.aborted) ctl.abort(outer.reason);
  else outer.addEventListener('abort', onAbort, { once: true });
  return { ctl, unlink: () => outer.removeEventListener('abort', onAbort) };
}

export function createHttp(options: HttpOptions = {}): Http {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const cap = options.maxConcurrentPerHost ?? DEFAULT_MAX_CONCURRENT_PER_HOST;
  const limiter = createHostLimiter(typeof cap === 'number' ? () => cap : cap);
  const timeoutMs = options.attemptTimeoutMs ?? 60_000;
  const isOffline = options.isOffline ?? browserIsOffline;

  const aborted = (spec: RequestSpec): AllenError => abortedError(spec.what, spec.url, spec.experimentId);

  function fail(spec: RequestSpec, kind: AllenError['kind'], detail: string, status?: number, cause?: unknown): AllenError {
    return new AllenError({
      kind,
      what: spec.what,
      detail,
      url: spec.url,
      status,
      experimentId: spec.experimentId,
      cause,
    });
  }

  /** One attempt: wait for a host slot, fetch, read the whole body. */
  async function once(spec: RequestSpec): Promise<ArrayBuffer> {
    const release = await limiter.acquire(spec.url, spec.signal);
    const { ctl, unlink } = linkedController(spec.signal);
    const timer = new AbortController();
    let timedOut = false;
    if (timeoutMs > 0) {
      sleep(timeoutMs, timer.signal).then(
        () => {
          timedOut = true;
          ctl.abort();
        },
        () => undefined,
      );
    }
    try {
      // Raced against the attempt's own signal so a fetch that ignores abort cannot stall us.
      const work = (async () => {
        const res = await doFetch(spec.url, { signal: ctl.signal });
        if (!res.ok) {
          await res.body?.cancel().catch(() => undefined);
          throw fail(spec, 'http', `HTTP ${res.status} from ${spec.url}`, res.status);
        }
        return readBody(res, spec.onProgress);
      })();
      return await raceAbort(work, ctl.signal, () => new Error('attempt aborted'));
    } catch (e) {
      if (isAllenError(e)) throw e;
      if (spec.signal?.aborted) throw aborted(spec);
      if (timedOut) throw fail(spec, 'network', `no complete response within ${timeoutMs} ms from ${spec.url}`);
      if (e instanceof TruncatedBody) throw fail(spec, 'network', `${e.message} from ${spec.url}`, undefined, e);
      const msg = e instanceof Error ? e.message : String(e);
      throw fail(spec, 'network', `network error (${msg}) from ${spec.url}`, undefined, e);
    } finally {
      timer.abort();
      unlink();
      release();
    }
  }

  async function withRetry<T>(spec: RequestSpec, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      if (spec.signal?.aborted) throw aborted(spec);
      let error: AllenError;
      try {
        return await raceAbort(attempt(), spec.signal, () => aborted(spec));
      } catch (e) {
        error = isAllenError(e) ? e : fail(spec, 'validation', e instanceof Error ? e.message : String(e), undefined, e);
      }
      if (error.kind === 'aborted' || spec.signal?.aborted) throw aborted(spec);
      if (!isRetryable(error) || n >= (spec.attempts ?? policy.attempts)) throw error.withAttempts(n);
      if (error.kind === 'network' && isOffline()) throw error.withDetail('; the browser is offline').withAttempts(n);
      const delay = random() * Math.min(policy.maxMs, policy.baseMs * 2 ** (n - 1));
      await raceAbort(sleep(delay, spec.signal), spec.signal, () => aborted(spec));
    }
  }

  return {
    limiter,
    bytes(spec, check) {
      return withRetry(spec, async () => {
        const bytes = await once(spec);
        check?.(bytes);
        return bytes;
      });
    },
    json(spec, parse) {
      return withRetry(spec, async () => {
        const bytes = await once(spec);
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder().decode(bytes));
        } catch (e) {
          throw fail(spec, 'network', `response from ${spec.url} is not valid JSON (truncated or corrupted)`, undefined, e);
        }
        return parse(json);
      });
    },
  };
}
