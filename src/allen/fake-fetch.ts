import { createAllenClient, type AllenClient } from './client.ts';
// Test support (used by *.test.ts only): a scripted fetch that records calls and in-flight
// counts, plus builders for Allen envelopes and byte bodies. Not imported by app code.

export type FakeReply = Response | Error | 'hang';
export type FakeHandler = (url: string, call: number, init?: RequestInit) => FakeReply | Promise<FakeReply>;

export interface FakeFetch {
  readonly fetch: typeof fetch;
  /** URLs requested, in order. */
  readonly calls: string[];
  /** Highest number of requests in flight at once (from fetch start until the body is consumed or the request settles). */
  readonly maxInFlight: () => number;
  readonly inFlight: () => number;
}

export function createFakeFetch(handler: FakeHandler): FakeFetch {
  const calls: string[] = [];
  let inFlight = 0;
  let max = 0;
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call = calls.length;
    calls.push(url);
    inFlight += 1;
    max = Math.max(max, inFlight);
    try {
      const reply = await handler(url, call, init);
      if (reply === 'hang') {
        return await new Promise<Response>((_, reject) => {
          if (init?.signal?.aborted) reject(new DOMException('aborted', 'AbortError'));
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
        });
      }
      if (reply instanceof Error) throw reply;
      return reply;
    } finally {
      inFlight -= 1;
    }
  };
  return { fetch: fake, calls, maxInFlight: () => max, inFlight: () => inFlight };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export function envelope(msg: unknown, extra: Record<string, unknown> = {}): Response {
  const rows = Array.isArray(msg) ? msg.length : 0;
  return jsonResponse({
    success: true,
    id: 0,
    start_row: 0,
    num_rows: rows,
    total_rows: rows,
    msg,
    ...extra,
  });
}

export function serviceFailure(text = 'Error in query: service::mouse_connectivity_injection_structure, Informatics service request failed'): Response {
  return jsonResponse({ success: false, id: 0, msg: text });
}

/** A byte body; `contentLength` may claim more bytes than sent (a truncated transfer). */
export function bytesResponse(bytes: Uint8Array, contentLength: number = bytes.byteLength, status = 200): Response {
  return new Response(bytes.slice(), {
    status,
    headers: { 'content-length': String(contentLength) },
  });
}

export function asciiBytes(text: string, padTo = 0): Uint8Array {
  const out = new Uint8Array(Math.max(text.length, padTo));
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** A client over a scripted fetch, with no real waiting (tests only). */
export function fakeClient(handler: FakeHandler): { fake: FakeFetch; client: AllenClient } {
  const fake = createFakeFetch(handler);
  const client = createAllenClient({
    apiBase: 'https://api.test',
    downloadBase: 'https://dl.test',
    fetch: fake.fetch,
    sleep: async () => undefined,
    attemptTimeoutMs: 0,
  });
  return { fake, client };
}
