// The fake Allen HTTP server (plain node:http): real Allen paths and envelopes from the synthetic
// world, CORS on everything (unless a noCors fault says otherwise), fault injection and a request log. startFakeAllen() resolves once the
// world is built and the socket listens; per-experiment PSU statistics then warm up in the
// background (chunked, so requests are served meanwhile).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { experimentStats } from '../psu/leaf-stats.ts';
import { completeSyntheticMetadata } from '../psu/synthetic-metadata.ts';
import { Downloads } from '../routes/downloads.ts';
import { failEnvelope } from '../routes/envelope.ts';
import { jsonAnswer, route } from '../routes/router.ts';
import type { Answer } from '../routes/router.ts';
import { buildWorld } from '../world/world.ts';
import type { World, WorldMode } from '../world/world.ts';
import { controlRoute } from './control-routes.ts';
import { FaultState, mergeFaults, NO_FAULTS } from './faults.ts';
import type { FaultConfig, FaultKind, RouteKind } from './faults.ts';
import { RequestLog } from './request-log.ts';

export interface FakeAllenOptions {
  /** 0 = any free port. */
  readonly port?: number;
  readonly host?: string;
  readonly seed?: number;
  readonly mode?: WorldMode | 'auto';
  /** undefined = look for the shared fixtures; null = never use them. */
  readonly sharedAllenDir?: string | null;
  readonly faults?: Partial<FaultConfig>;
  /** Disk cache for annotation volumes; null = memory only. */
  readonly cacheDir?: string | null;
  /** Precompute PSU statistics of every experiment in the background (default true). */
  readonly warm?: boolean;
  /** Injected delay for latencyMs (tests pass a recorder instead of a timer). */
  readonly delay?: (ms: number) => Promise<void>;
}

export interface FakeAllen {
  readonly url: string;
  readonly port: number;
  readonly world: World;
  readonly faults: FaultState;
  readonly log: RequestLog;
  readonly timingsMs: Map<string, number>;
  close(): Promise<void>;
}

function routeKind(path: string): RouteKind {
  if (path.endsWith('/query.json')) return 'query';
  if (path.startsWith('/grid_data/') || path.startsWith('/informatics-archive/')) return 'binary';
  return 'json';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes an answer, applying truncate / short-body faults; returns the body bytes written. */
function send(res: ServerResponse, answer: Answer, fault: FaultKind | null, head: boolean): number {
  const body = answer.kind === 'json' ? Buffer.from(answer.text, 'utf8') : Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength);
  const contentType = answer.kind === 'json' ? 'application/json; charset=utf-8' : answer.contentType;
  const half = Math.floor(body.length / 2);
  if (fault === 'short-body') {
    res.writeHead(answer.status, { 'Content-Type': contentType, 'Content-Length': half });
    res.end(head ? undefined : body.subarray(0, half));
    return head ? 0 : half;
  }
  res.writeHead(answer.status, { 'Content-Type': contentType, 'Content-Length': body.length });
  if (head) {
    res.end();
    return 0;
  }
  if (fault === 'truncate') {
    res.write(body.subarray(0, half), () => res.destroy());
    return half;
  }
  res.end(body);
  return body.length;
}

export async function startFakeAllen(options: FakeAllenOptions = {}): Promise<FakeAllen> {
  const timingsMs = new Map<string, number>();
  const t0 = performance.now();
  const world = buildWorld({ seed: options.seed ?? 1, mode: options.mode ?? 'auto', sharedAllenDir: options.sharedAllenDir });
  completeSyntheticMetadata(world);
  timingsMs.set('world', performance.now() - t0);
  const startupFaults = mergeFaults(NO_FAULTS, options.faults ?? {});
  const faults = new FaultState(world.seed);
  faults.reset(startupFaults);
  const log = new RequestLog();
  const downloads = new Downloads(world, options.cacheDir ?? null);
  const delay = options.delay ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const ctx = { world, faults, log, downloads, timingsMs };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const startedAt = Date.now();
    let clientGone = false;
    let onGone = (): void => undefined;
    const gone = new Promise<void>((resolve) => (onGone = resolve));
    res.on('close', () => {
      if (res.writableFinished) return;
      clientGone = true;
      onGone();
    });
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://fake-allen');
    const method = req.method ?? 'GET';
    if (!faults.refusesCors(rawUrl)) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Length');
    }
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      if (!url.pathname.startsWith('/__fake/')) {
        log.add({ method, path: url.pathname, url: rawUrl, status: 204, fault: null, bytes: 0, ms: performance.now() - started, startedAt, aborted: false });
      }
      return;
    }
    if (url.pathname.startsWith('/__fake/')) {
      send(res, controlRoute(ctx, method, url, await readBody(req)), null, false);
      return;
    }
    const head = method === 'HEAD';
    const record = (status: number, fault: string | null, bytes: number, experimentId?: number): void =>
      log.add({ method, path: url.pathname, url: rawUrl, status, fault, bytes, ms: performance.now() - started, experimentId, startedAt, aborted: false });
    if (method !== 'GET' && !head) {
      record(405, null, send(res, jsonAnswer(405, { success: false, msg: 'method not allowed' }), null, false));
      return;
    }
    const decision = faults.decide(rawUrl, routeKind(url.pathname));
    // A client that aborts while we wait is logged as aborted at once.
    if (decision.latencyMs > 0) await Promise.race([delay(decision.latencyMs), gone]);
    if (clientGone) {
      const id = /^\/grid_data\/download(?:_file)?\/(\d+)/.exec(url.pathname)?.[1];
      log.add({
        method,
        path: url.pathname,
        url: rawUrl,
        status: 0,
        fault: null,
        bytes: 0,
        ms: performance.now() - started,
        experimentId: id === undefined ? undefined : Number(id),
        startedAt,
        aborted: true,
      });
      return;
    }
    if (decision.fault === 'fail-always' || decision.fault === 'fail-first' || decision.fault === 'fail-rate') {
      const answer = jsonAnswer(decision.status, { success: false, msg: `fake fault (${decision.fault}): HTTP ${decision.status}` });
      record(decision.status, decision.fault, send(res, answer, null, head));
      return;
    }
    let answer: Answer;
    try {
      answer = route(world, downloads, url) ?? jsonAnswer(404, { success: false, msg: `Not found: ${url.pathname}` });
    } catch (e) {
      answer = jsonAnswer(500, { success: false, msg: `fake server error: ${e instanceof Error ? e.message : String(e)}` });
    }
    let fault: FaultKind | null = decision.fault;
    if (fault === 'success-false' && answer.kind === 'json' && answer.query !== undefined) {
      const stage = answer.query.split(/[,[]/)[0] ?? '';
      answer = jsonAnswer(200, failEnvelope(`${stage}, Informatics service request failed`));
    } else if (fault === 'success-false' || answer.status !== 200) {
      fault = null;
    }
    const bytes = send(res, answer, answer.kind === 'binary' ? fault : null, head);
    record(answer.status, fault, bytes, answer.kind === 'binary' ? answer.experimentId : undefined);
  };

  // Long PSU criteria (hundreds of section_data_set_ids) exceed Node's default 16 KB header limit.
  const server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  timingsMs.set('startup', performance.now() - t0);
  let closed = false;
  if (options.warm ?? true) {
    const warmStart = performance.now();
    let next = 0;
    const step = (): void => {
      if (closed) return;
      const end = Math.min(world.experiments.length, next + 25);
      for (; next < end; next++) {
        const exp = world.experiments[next];
        if (exp) experimentStats(world, exp);
      }
      if (next < world.experiments.length) setImmediate(step);
      else timingsMs.set('psu_warmup', performance.now() - warmStart);
    };
    setImmediate(step);
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    world,
    faults,
    log,
    timingsMs,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
