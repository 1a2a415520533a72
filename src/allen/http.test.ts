import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fetchAllRows, numeric, parseEnvelope } from './envelope.ts';
import { AllenError } from './errors.ts';
import { asciiBytes, bytesResponse, createFakeFetch, envelope, jsonResponse, serviceFailure } from './fake-fetch.ts';
import type { FakeHandler } from './fake-fetch.ts';
import { createHttp } from './http.ts';
import type { HttpOptions, Sleep } from './http.ts';

const URL_A = 'https://api.example.org/api/v2/data/query.json?criteria=x';
const rowSchema = z.object({ id: z.number() });

function setup(handler: FakeHandler, options: Partial<HttpOptions> = {}) {
  const fake = createFakeFetch(handler);
  const sleeps: number[] = [];
  const sleep: Sleep = async (ms) => {
    sleeps.push(ms);
  };
  const http = createHttp({
    fetch: fake.fetch,
    sleep,
    random: () => 1,
    attemptTimeoutMs: 0,
    ...options,
  });
  return { fake, sleeps, http };
}

async function rejection(p: Promise<unknown>): Promise<AllenError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AllenError) return e;
    throw new Error(`expected AllenError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a rejection');
}

const rows = (http: ReturnType<typeof setup>['http'], signal?: AbortSignal) =>
  fetchAllRows(http, { what: 'Test query', signal }, () => URL_A, rowSchema).then((r) => r.rows);

describe('envelopes', () => {
  it('msg: {} is an empty result, not an error', async () => {
    const { http, fake } = setup(() => envelope({}));
    expect(await rows(http)).toEqual([]);
    expect(fake.calls).toHaveLength(1);
  });

  it('success:false is a service error that is retried, then succeeds', async () => {
    const { http, fake, sleeps } = setup((_, n) => (n === 0 ? serviceFailure() : envelope([{ id: 1 }, { id: 2 }])));
    expect(await rows(http)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(fake.calls).toHaveLength(2);
    expect(sleeps).toEqual([400]);
  });

  it('persistent success:false fails with kind service after 4 attempts', async () => {
    const { http, fake } = setup(() => serviceFailure('Informatics service request failed'));
    const err = await rejection(rows(http));
    expect(err.kind).toBe('service');
    expect(err.attempts).toBe(4);
    expect(fake.calls).toHaveLength(4);
    expect(err.message).toContain('Test query failed after 4 attempts');
    expect(err.message).toContain('Informatics service request failed');
    expect(err.message).toContain(URL_A);
  });

  it('invalid rows fail with kind validation and are not retried', async () => {
    const { http, fake } = setup(() => envelope([{ id: 'x' }]));
    const err = await rejection(rows(http));
    expect(err.kind).toBe('validation');
    expect(fake.calls).toHaveLength(1);
  });

  it('pages with start_row until total_rows', async () => {
    const fake = createFakeFetch((url) => {
      const start = Number(new URL(url).searchParams.get('start') ?? '0');
      const page = [start, start + 1].filter((i) => i < 5).map((id) => ({ id }));
      return envelope(page, { start_row: start, total_rows: 5 });
    });
    const http = createHttp({ fetch: fake.fetch, attemptTimeoutMs: 0 });
    const got = await fetchAllRows(http, { what: 'Paged' }, (s) => `https://h.example/q?start=${s}`, rowSchema);
    expect(got.rows.map((r) => r.id)).toEqual([0, 1, 2, 3, 4]);
    expect(fake.calls.map((u) => new URL(u).searchParams.get('start'))).toEqual(['0', '2', '4']);
  });

  it('numeric coerces numeric strings and rejects empty, NaN and non-numbers', () => {
    expect(numeric.parse('12.5')).toBe(12.5);
    expect(numeric.parse(3)).toBe(3);
    expect(numeric.safeParse('').success).toBe(false);
    expect(numeric.safeParse('abc').success).toBe(false);
    expect(numeric.safeParse(Number.NaN).success).toBe(false);
    expect(numeric.safeParse(null).success).toBe(false);
  });

  it('parseEnvelope rejects a msg that is neither a list nor {}', () => {
    expect(() => parseEnvelope({ success: true, msg: 'ok' }, { url: URL_A, what: 'T' })).toThrow(AllenError);
  });
});

describe('retry policy', () => {
  it('HTTP 500 then success is retried', async () => {
    const { http, fake } = setup((_, n) => (n === 0 ? jsonResponse({}, 500) : envelope([{ id: 7 }])));
    expect(await rows(http)).toEqual([{ id: 7 }]);
    expect(fake.calls).toHaveLength(2);
  });

  it('HTTP 429 and network errors are retried', async () => {
    const { http, fake } = setup((_, n) => (n === 0 ? jsonResponse({}, 429) : n === 1 ? new TypeError('fetch failed') : envelope([])));
    expect(await rows(http)).toEqual([]);
    expect(fake.calls).toHaveLength(3);
  });

  it('offline, a network error fails at once (no backoff) and says the browser is offline', async () => {
    const { http, fake, sleeps } = setup(() => new TypeError('Failed to fetch'), { isOffline: () => true });
    const err = await rejection(rows(http));
    expect(err.kind).toBe('network');
    expect(err.attempts).toBe(1);
    expect(fake.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(err.message).toContain('the browser is offline');
  });

  it('offline, HTTP errors (a server answered) are still retried', async () => {
    const { http, fake } = setup((_, n) => (n === 0 ? jsonResponse({}, 503) : envelope([{ id: 3 }])), { isOffline: () => true });
    expect(await rows(http)).toEqual([{ id: 3 }]);
    expect(fake.calls).toHaveLength(2);
  });

  it('HTTP 404 is not retried and names the URL', async () => {
    const { http, fake, sleeps } = setup(() => jsonResponse({}, 404));
    const err = await rejection(rows(http));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(404);
    expect(err.attempts).toBe(1);
    expect(fake.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(err.message).toBe(`Test query failed: HTTP 404 from ${URL_A}`);
  });

  it('exhausted 503s give a message naming the experiment, attempts, status and URL', async () => {
    const { http } = setup(() => jsonResponse({}, 503));
    const url = 'https://api.example.org/grid_data/download_file/100141219';
    const err = await rejection(http.bytes({ url, what: 'Download of experiment 100141219', experimentId: 100141219 }));
    expect(err.message).toBe(`Download of experiment 100141219 failed after 4 attempts: HTTP 503 from ${url}`);
    expect(err.experimentId).toBe(100141219);
    expect(err.url).toBe(url);
  });

  it('backoff is exponential with full jitter and capped at maxMs', async () => {
    const sleeps: number[] = [];
    const fake = createFakeFetch(() => jsonResponse({}, 503));
    const h2 = createHttp({
      fetch: fake.fetch,
      random: () => 0.5,
      attemptTimeoutMs: 0,
      retry: { attempts: 6 },
      sleep: async (ms) => void sleeps.push(ms),
    });
    await rejection(h2.bytes({ url: URL_A, what: 'T' }));
    // 0.5 × min(5000, 400·2^k) for k = 0..4
    expect(sleeps).toEqual([200, 400, 800, 1600, 2500]);
  });

  it('a body shorter than Content-Length is a retryable network error', async () => {
    const full = asciiBytes('NRRD0004', 64);
    const { http, fake } = setup((_, n) => (n === 0 ? bytesResponse(full.subarray(0, 20), 64) : bytesResponse(full)));
    const got = await http.bytes({ url: URL_A, what: 'T' });
    expect(new Uint8Array(got)).toEqual(full);
    expect(fake.calls).toHaveLength(2);
  });

  it('a body that stays truncated fails with kind network and says so', async () => {
    const { http } = setup(() => bytesResponse(new Uint8Array(10), 100));
    const err = await rejection(http.bytes({ url: URL_A, what: 'T' }));
    expect(err.kind).toBe('network');
    expect(err.attempts).toBe(4);
    expect(err.message).toContain('received 10 of 100 bytes');
  });

  it('a body that is not JSON is retried', async () => {
    const { http, fake } = setup((_, n) => (n === 0 ? new Response('{"success": tr') : envelope([])));
    expect(await rows(http)).toEqual([]);
    expect(fake.calls).toHaveLength(2);
  });

  it('reports download progress with the Content-Length total', async () => {
    const { http } = setup(() => bytesResponse(new Uint8Array(1000)));
    const seen: Array<[number, number | null]> = [];
    await http.bytes({ url: URL_A, what: 'T', onProgress: (r, t) => seen.push([r, t]) });
    expect(seen.at(-1)).toEqual([1000, 1000]);
  });
});

describe('attempt timeout', () => {
  it('an attempt that outlives attemptTimeoutMs is a retryable network failure', async () => {
    const timeouts: Array<() => void> = [];
    const fake = createFakeFetch((_, n) => (n < 2 ? 'hang' : bytesResponse(new Uint8Array(3))));
    // Timeout timers end only when the test fires them; backoff sleeps end at once.
    const http = createHttp({
      fetch: fake.fetch,
      attemptTimeoutMs: 30_000,
      sleep: (ms) => (ms === 30_000 ? new Promise<void>((resolve) => timeouts.push(resolve)) : Promise.resolve()),
    });
    const p = http.bytes({ url: URL_A, what: 'T' });
    for (let guard = 0; guard < 50 && fake.calls.length < 3; guard++) {
      await new Promise((r) => setTimeout(r, 0));
      timeouts.shift()?.();
    }
    const got = await p;
    expect(got.byteLength).toBe(3);
    expect(fake.calls).toHaveLength(3);
  });

  it('reports the timeout when every attempt hangs', async () => {
    const fake = createFakeFetch(() => 'hang');
    const http = createHttp({
      fetch: fake.fetch,
      attemptTimeoutMs: 1000,
      sleep: async () => undefined,
    });
    const err = await rejection(http.bytes({ url: URL_A, what: 'T' }));
    expect(err.kind).toBe('network');
    expect(err.message).toContain(`no complete response within 1000 ms from ${URL_A}`);
  });
});

describe('abort', () => {
  it('abort during a backoff sleep rejects at once with kind aborted', async () => {
    const ctl = new AbortController();
    let sleeping = 0;
    // A sleep that never ends on its own and ignores the signal: the client must not wait for it.
    const sleep: Sleep = () => {
      sleeping += 1;
      queueMicrotask(() => ctl.abort());
      return new Promise<void>(() => undefined);
    };
    const fake = createFakeFetch(() => jsonResponse({}, 503));
    const http = createHttp({ fetch: fake.fetch, sleep, attemptTimeoutMs: 0 });
    const err = await rejection(http.bytes({ url: URL_A, what: 'T', signal: ctl.signal }));
    expect(err.kind).toBe('aborted');
    expect(sleeping).toBe(1);
    expect(fake.calls).toHaveLength(1);
  });

  it('abort while the request hangs rejects with kind aborted', async () => {
    const ctl = new AbortController();
    const { http } = setup(() => 'hang');
    const p = http.bytes({ url: URL_A, what: 'T', signal: ctl.signal });
    ctl.abort();
    expect((await rejection(p)).kind).toBe('aborted');
  });

  it('an already aborted signal makes no request', async () => {
    const { http, fake } = setup(() => envelope([]));
    const err = await rejection(http.bytes({ url: URL_A, what: 'T', signal: AbortSignal.abort() }));
    expect(err.kind).toBe('aborted');
    expect(fake.calls).toHaveLength(0);
  });

  it('an aborted waiter leaves the host queue and never fetches', async () => {
    let releaseFirst: (r: Response) => void = () => undefined;
    const { http, fake } = setup(
      (url) => (url.endsWith('first') ? new Promise<Response>((resolve) => (releaseFirst = resolve)) : bytesResponse(new Uint8Array(1))),
      { maxConcurrentPerHost: 1 },
    );
    const first = http.bytes({ url: 'https://h.example/first', what: 'first' });
    const ctl = new AbortController();
    const second = http.bytes({
      url: 'https://h.example/second',
      what: 'second',
      signal: ctl.signal,
    });
    const third = http.bytes({ url: 'https://h.example/third', what: 'third' });
    await Promise.resolve();
    ctl.abort();
    expect((await rejection(second)).kind).toBe('aborted');
    releaseFirst(bytesResponse(new Uint8Array(2)));
    await first;
    await third;
    expect(fake.calls).toEqual(['https://h.example/first', 'https://h.example/third']);
  });
});

describe('per-host concurrency cap', () => {
  it('never has more than the cap in flight per host, and hosts are independent', async () => {
    const pending: Array<() => void> = [];
    const perHost = new Map<string, number>();
    let maxPerHost = 0;
    const fake = createFakeFetch(async (url) => {
      const host = new URL(url).host;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      maxPerHost = Math.max(maxPerHost, perHost.get(host) ?? 0);
      await new Promise<void>((resolve) => pending.push(resolve));
      perHost.set(host, (perHost.get(host) ?? 0) - 1);
      return bytesResponse(new Uint8Array(4));
    });
    const http = createHttp({ fetch: fake.fetch, maxConcurrentPerHost: 3, attemptTimeoutMs: 0 });
    const all = [
      ...Array.from({ length: 10 }, (_, i) => http.bytes({ url: `https://a.example/${i}`, what: 'a' })),
      ...Array.from({ length: 5 }, (_, i) => http.bytes({ url: `https://b.example/${i}`, what: 'b' })),
    ];
    for (let guard = 0; guard < 100 && fake.calls.length < 15; guard++) {
      await new Promise((r) => setTimeout(r, 0));
      expect(http.limiter.active('https://a.example/x')).toBeLessThanOrEqual(3);
      expect(http.limiter.active('https://b.example/x')).toBeLessThanOrEqual(3);
      pending.shift()?.();
    }
    while (pending.length > 0) pending.shift()?.();
    await Promise.all(all);
    expect(fake.calls).toHaveLength(15);
    expect(maxPerHost).toBe(3);
    expect(fake.maxInFlight()).toBe(6);
  });
});

describe('raceAbort and unhandled rejections', () => {
  it('observes the raced promise when the signal is already aborted', async () => {
    const { raceAbort } = await import('./http.ts');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const ctl = new AbortController();
      ctl.abort();
      let rejectLater: (e: Error) => void = () => undefined;
      const late = new Promise<number>((_, reject) => {
        rejectLater = reject;
      });
      await expect(raceAbort(late, ctl.signal, () => new Error('aborted'))).rejects.toThrow('aborted');
      rejectLater(new Error('late failure'));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
