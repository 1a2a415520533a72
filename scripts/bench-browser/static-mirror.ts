// A loopback HTTP server that serves pre-built files: the first answer to every GET is fetched
// from the fake Allen server and kept in memory; later requests for the same URL are answered
// from memory at once (status, headers and body as the fake sent them). After a priming load,
// a cold start through the mirror measures the app, not the fake's on-demand synthesis.
// `latencyMs` holds every answer back that long (a network's round trip: Allen is ~0.1–0.2 s away
// from Europe), so that a bench can see whether the app keeps enough requests in flight.
import { createServer, type Server } from 'node:http';

interface Stored {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export interface StaticMirror {
  readonly url: string;
  /** Responses served from memory / fetched from the fake since the last reset, and their paths. */
  stats(): { fromMemory: number; fetched: number; bytes: number; paths: readonly string[] };
  resetStats(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length']);

export async function startStaticMirror(upstream: string, port: number, options: { latencyMs?: number } = {}): Promise<StaticMirror> {
  const latencyMs = Math.max(0, options.latencyMs ?? 0);
  const store = new Map<string, Promise<Stored>>();
  let fromMemory = 0;
  let fetched = 0;
  let bytes = 0;
  let paths: string[] = [];
  const fetchOnce = async (path: string): Promise<Stored> => {
    const r = await fetch(`${upstream}${path}`);
    const headers: Record<string, string> = {};
    r.headers.forEach((v, k) => {
      if (!HOP_BY_HOP.has(k)) headers[k] = v;
    });
    const body = Buffer.from(await r.arrayBuffer());
    return { status: r.status, headers, body };
  };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      });
      res.end();
      return;
    }
    const cached = store.get(path);
    paths.push(path);
    if (cached) fromMemory++;
    else fetched++;
    const pending = cached ?? fetchOnce(path);
    if (!cached) store.set(path, pending);
    const answer = latencyMs > 0 ? pending.then((s) => new Promise<Stored>((resolve) => setTimeout(() => resolve(s), latencyMs))) : pending;
    answer.then(
      (s) => {
        // failures are not kept: the next request asks the fake again
        if (s.status >= 400) store.delete(path);
        bytes += s.body.length;
        res.writeHead(s.status, { ...s.headers, 'content-length': String(s.body.length) });
        res.end(s.body);
      },
      (e: unknown) => {
        store.delete(path);
        res.writeHead(502, { 'access-control-allow-origin': '*' });
        res.end(String(e));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ fromMemory, fetched, bytes, paths: [...paths] }),
    resetStats() {
      paths = [];
      fromMemory = 0;
      fetched = 0;
      bytes = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
