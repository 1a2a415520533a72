// `npm run fetch-atlas`: downloads the CCF annotation volumes the app needs (100 µm for every
// number, 50 µm for drawn boundaries) from the download host into the build output, at the paths
// the app asks its own site for (`<base>allen-download/informatics-archive/…`). For static hosts
// where the download host cannot be read from the browser (no CORS). Run by the deployer after
// `npm run build`; the files are never committed.
//   npx tsx scripts/fetch-atlas.ts [--out dist] [--host URL] [--resolutions 100,50] [--force]
// The host defaults to VITE_ALLEN_DOWNLOAD, else https://download.alleninstitute.org. Each file is
// checked (Content-Length, NRRD header, gzip payload inflates to uint32 of the CCF grid's size)
// before it is moved into place; a file already there that passes the same check is kept.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs as parseCliArgs } from 'node:util';
import { annotationUrl } from '../src/allen/grids.ts';
import { decodeNrrd } from '../src/compute/decode-nrrd.ts';
import { CCF_SHAPES, voxelCount } from '../src/compute/grid.ts';

export const ALLEN_DOWNLOAD_DEFAULT = 'https://download.alleninstitute.org';
/** The resolutions the app loads (src/protocol/data-contract.ts AtlasResolution). */
export const APP_RESOLUTIONS = [100, 50] as const;
export type FetchResolution = 100 | 50 | 25;

export interface FetchAtlasOptions {
  /** The build output; files go to <out>/allen-download/… */
  readonly out: string;
  readonly host: string;
  readonly resolutions: readonly FetchResolution[];
  readonly force?: boolean;
  readonly fetch?: typeof fetch;
  readonly log?: (line: string) => void;
  /** Progress of one file: bytes so far and Content-Length when known. */
  readonly progress?: (file: string, received: number, total: number | null) => void;
}

export interface FetchedFile {
  readonly resolution: FetchResolution;
  readonly path: string;
  readonly bytes: number;
  readonly action: 'downloaded' | 'kept';
}

/** Where the app looks for a same-origin copy, relative to the build output. */
export function outputPath(out: string, resolution: FetchResolution): string {
  return join(out, 'allen-download', new URL(annotationUrl('http://x', resolution)).pathname);
}

/** Throws with what is wrong unless `bytes` is a whole CCF annotation NRRD at `resolution`. */
export function verifyAnnotation(bytes: Uint8Array, resolution: FetchResolution): void {
  const volume = decodeNrrd(bytes);
  const shape = CCF_SHAPES[resolution];
  const sizes = volume.header.sizes.join('×');
  if (volume.header.type !== 'uint32') throw new Error(`is ${volume.header.type}, expected uint32 structure ids`);
  if (sizes !== `${shape.nx}×${shape.ny}×${shape.nz}`) throw new Error(`is ${sizes}, expected ${shape.nx}×${shape.ny}×${shape.nz}`);
  if (volume.data.length !== voxelCount(shape)) throw new Error(`holds ${volume.data.length} voxels, expected ${voxelCount(shape)}`);
}

async function download(url: string, options: FetchAtlasOptions, file: string): Promise<Uint8Array> {
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url);
  } catch (e) {
    throw new Error(`cannot reach ${url} (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)})`, { cause: e });
  }
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
  const header = res.headers.get('content-length');
  const total = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      options.progress?.(file, received, total);
    }
  }
  if (total !== null && received !== total) throw new Error(`received ${received} of ${total} bytes from ${url} (truncated)`);
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

export async function fetchAtlas(options: FetchAtlasOptions): Promise<FetchedFile[]> {
  const log = options.log ?? (() => undefined);
  const host = options.host.replace(/\/+$/, '');
  const done: FetchedFile[] = [];
  for (const resolution of options.resolutions) {
    const path = outputPath(options.out, resolution);
    const file = `annotation_${resolution}.nrrd`;
    if (!options.force && existsSync(path)) {
      const existing = new Uint8Array(await readFile(path));
      try {
        verifyAnnotation(existing, resolution);
        log(`${file}: already in ${path} (${existing.byteLength} bytes, checked), kept`);
        done.push({ resolution, path, bytes: existing.byteLength, action: 'kept' });
        continue;
      } catch {
        log(`${file}: the copy in ${path} does not check out, downloading again`);
      }
    }
    const url = annotationUrl(host, resolution);
    let bytes: Uint8Array;
    try {
      bytes = await download(url, options, file);
      verifyAnnotation(bytes, resolution);
    } catch (e) {
      throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.part`, bytes);
    await rename(`${path}.part`, path);
    log(`${file}: ${bytes.byteLength} bytes from ${url} → ${path}`);
    done.push({ resolution, path, bytes: bytes.byteLength, action: 'downloaded' });
  }
  return done;
}

function parseArgs(argv: readonly string[]): FetchAtlasOptions {
  // Node's own parser: unknown flags and missing values throw with the flag named
  const { values } = parseCliArgs({
    args: [...argv],
    options: { out: { type: 'string' }, host: { type: 'string' }, resolutions: { type: 'string' }, force: { type: 'boolean' } },
  });
  const resolutions = (values.resolutions?.split(',') ?? APP_RESOLUTIONS.map(String)).map((r): FetchResolution => {
    const n = Number(r.trim());
    if (n !== 100 && n !== 50 && n !== 25) throw new Error(`--resolutions: ${r} is not one of 100, 50, 25`);
    return n;
  });
  return {
    out: values.out ?? 'dist',
    host: values.host ?? (process.env.VITE_ALLEN_DOWNLOAD || ALLEN_DOWNLOAD_DEFAULT),
    resolutions,
    force: values.force === true,
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const out = resolve(options.out);
  if (!existsSync(join(out, 'index.html'))) {
    console.warn(`fetch-atlas: ${out} has no index.html — run \`npm run build\` first (or pass --out <build folder>)`);
  }
  console.log(`fetch-atlas: ${options.resolutions.map((r) => `annotation_${r}.nrrd`).join(', ')} from ${options.host} into ${out}/allen-download`);
  let lastShown = 0;
  const files = await fetchAtlas({
    ...options,
    out,
    log: (line) => console.log(`fetch-atlas: ${line}`),
    progress: (file, received, total) => {
      const now = Date.now();
      if (now - lastShown < 500 && received !== total) return;
      lastShown = now;
      const pct = total ? ` (${Math.round((100 * received) / total)}%)` : '';
      console.log(`fetch-atlas: ${file} ${(received / 1e6).toFixed(1)}${total ? ` of ${(total / 1e6).toFixed(1)}` : ''} MB${pct}`);
    },
  });
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  console.log(`fetch-atlas: done, ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB; serve ${out} as static files (README "Deploy as static files")`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(`fetch-atlas: ${e instanceof Error ? e.message : String(e)}`);
    console.error('fetch-atlas: check the host (--host or VITE_ALLEN_DOWNLOAD) and the network; nothing was written for the failed file.');
    process.exit(1);
  });
}
