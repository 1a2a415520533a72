// A plain static file server (node:http, no proxy, no SPA fallback): what a lab web server or
// GitHub Pages does with a built site. Used by the static-build e2e and to try a build locally:
//   npx tsx scripts/static-server.ts --root dist --base /bsv/ --port 4340 [--host 127.0.0.1]
//     [--cors-under allen-download]
// Files under <root> are served at <base>; a directory serves its index.html; anything else is a
// 404. `--cors-under DIR` adds `Access-Control-Allow-Origin: *` to files under <base>DIR/, so
// that folder can act as a CORS-enabled mirror for a site on another origin.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs as parseCliArgs } from 'node:util';

export interface StaticServerOptions {
  readonly root: string;
  /** URL path the root is served at, with leading and trailing slash (default '/'). */
  readonly base?: string;
  readonly port?: number;
  readonly host?: string;
  /** Folders under base (e.g. 'allen-download') whose files carry CORS `*`. */
  readonly corsUnder?: readonly string[];
}

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

const normaliseBase = (base: string): string => `/${base.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(options.root);
  const base = normaliseBase(options.base ?? '/');
  const corsPrefixes = (options.corsUnder ?? []).map((d) => `${base}${d.replace(/^\/+|\/+$/g, '')}/`);
  const server: Server = createServer((req, res) => {
    const notFound = (): void => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found: ${req.url ?? ''}\n`);
    };
    const method = req.method ?? 'GET';
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://static').pathname);
    const cors = corsPrefixes.some((p) => pathname.startsWith(p));
    if (cors) res.setHeader('Access-Control-Allow-Origin', '*');
    if (method === 'OPTIONS' && cors) {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': '*' });
      res.end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    if (pathname === base.slice(0, -1)) {
      res.writeHead(301, { Location: base });
      res.end();
      return;
    }
    if (!pathname.startsWith(base)) return notFound();
    let file = join(root, pathname.slice(base.length));
    if (file !== root && !file.startsWith(root + sep)) return notFound();
    void (async () => {
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return notFound();
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
      });
      if (method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    })().catch(() => {
      if (!res.headersSent) notFound();
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}${base}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function parseArgs(argv: readonly string[]): StaticServerOptions {
  // Node's own parser: unknown flags and missing values throw with the flag named
  const { values } = parseCliArgs({
    args: [...argv],
    options: {
      root: { type: 'string' },
      base: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'cors-under': { type: 'string', multiple: true },
    },
  });
  return {
    root: values.root ?? 'dist',
    base: values.base ?? '/',
    port: Number(values.port ?? 4340),
    host: values.host ?? '127.0.0.1',
    corsUnder: values['cors-under'] ?? [],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArgs(process.argv.slice(2));
  startStaticServer(options).then(
    (s) => {
      console.log(`static-server: ${resolve(options.root)} at ${s.url}`);
      const stop = (): void => void s.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e: unknown) => {
      console.error(`static-server: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
