// Density grids and annotation volumes as raw bytes. Decoding happens elsewhere (a worker); here
// we check the magic bytes and, through the HTTP layer, Content-Length completeness.
import type { AllenContext, CallOptions } from './context.ts';
import { describeSource, fetchFromSources, orderSources, type DownloadSource } from './download-sources.ts';
import { AllenError } from './errors.ts';
import type { ProgressCallback, RequestSpec } from './http.ts';
import type { DensityDownload } from './types.ts';

export interface DownloadOptions extends CallOptions {
  readonly onProgress?: ProgressCallback;
  /**
   * Density grids: 'auto' (default) tries the gzip NRRD route, then the zip route; 'zip' asks the
   * zip route only (used when an NRRD arrived complete but did not decode).
   */
  readonly route?: 'auto' | 'zip';
}

const NRRD_MAGIC = [0x4e, 0x52, 0x52, 0x44]; // "NRRD"
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // "PK\x03\x04"

export function hasMagic(bytes: ArrayBuffer, magic: readonly number[]): boolean {
  if (bytes.byteLength < magic.length) return false;
  const head = new Uint8Array(bytes, 0, magic.length);
  return magic.every((b, i) => head[i] === b);
}

export const isNrrd = (bytes: ArrayBuffer): boolean => hasMagic(bytes, NRRD_MAGIC);
export const isZip = (bytes: ArrayBuffer): boolean => hasMagic(bytes, ZIP_MAGIC);

function magicCheck(spec: RequestSpec, test: (b: ArrayBuffer) => boolean, label: string): (b: ArrayBuffer) => void {
  return (bytes) => {
    if (!test(bytes)) {
      throw new AllenError({
        kind: 'validation',
        what: spec.what,
        url: spec.url,
        experimentId: spec.experimentId,
        detail: `${spec.url} did not return ${label} (${bytes.byteLength} bytes, wrong magic)`,
      });
    }
  };
}

export function densityNrrdUrl(apiBase: string, experimentId: number): string {
  return `${apiBase}/grid_data/download_file/${experimentId}?image=projection_density&resolution=100`;
}

export function densityZipUrl(apiBase: string, experimentId: number): string {
  return `${apiBase}/grid_data/download/${experimentId}?include=density`;
}

export function annotationUrl(downloadBase: string, resolution: 100 | 50 | 25): string {
  return `${downloadBase}/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_${resolution}.nrrd`;
}

/**
 * Projection density of one experiment at 100 µm: the gzip NRRD route first; if it fails after
 * retries (or is not NRRD), the zip route (density.raw inside). With `route: 'zip'` only the zip
 * route. Errors carry the experiment id.
 */
export async function fetchDensityGrid(ctx: AllenContext, experimentId: number, opts: DownloadOptions = {}): Promise<DensityDownload> {
  const what = `Download of experiment ${experimentId}`;
  const nrrd: RequestSpec = {
    url: densityNrrdUrl(ctx.apiBase, experimentId),
    what,
    experimentId,
    signal: opts.signal,
    onProgress: opts.onProgress,
  };
  const zip: RequestSpec = { ...nrrd, url: densityZipUrl(ctx.apiBase, experimentId) };
  if (opts.route === 'zip') {
    const bytes = await ctx.http.bytes(zip, magicCheck(zip, isZip, 'a zip archive'));
    return { experimentId, format: 'zip', bytes, url: zip.url };
  }
  let first: AllenError;
  try {
    const bytes = await ctx.http.bytes(nrrd, magicCheck(nrrd, isNrrd, 'an NRRD file'));
    return { experimentId, format: 'nrrd', bytes, url: nrrd.url };
  } catch (e) {
    if (!(e instanceof AllenError) || e.kind === 'aborted') throw e;
    first = e;
  }
  try {
    const bytes = await ctx.http.bytes(zip, magicCheck(zip, isZip, 'a zip archive'));
    return { experimentId, format: 'zip', bytes, url: zip.url };
  } catch (e) {
    if (!(e instanceof AllenError) || e.kind === 'aborted') throw e;
    throw new AllenError({
      kind: e.kind,
      what,
      experimentId,
      url: e.url,
      status: e.status,
      attempts: first.attempts + e.attempts,
      detail: `NRRD route: ${first.detail}${first.attempts > 1 ? ` (${first.attempts} attempts)` : ''}; zip route: ${e.detail}${e.attempts > 1 ? ` (${e.attempts} attempts)` : ''}`,
      cause: e,
    });
  }
}

/** An annotation volume's bytes and where they came from. */
export interface AnnotationDownload {
  readonly bytes: ArrayBuffer;
  readonly source: DownloadSource;
  /** Sources tried first that failed: "direct https://…: network error (…)". */
  readonly skipped: readonly string[];
}

/**
 * CCF 2017 annotation volume (gzip NRRD, uint32 structure ids, AP fastest) as raw bytes, from the
 * first download source that serves it (download-sources.ts), remembered for the next call.
 */
export async function fetchAnnotation(ctx: AllenContext, resolution: 100 | 50 | 25, opts: DownloadOptions = {}): Promise<AnnotationDownload> {
  const what = `Download of the ${resolution} µm annotation volume`;
  const sources = orderSources(ctx.downloadSources ?? [{ kind: 'direct', base: ctx.downloadBase }], ctx.sourceMemory?.preferred() ?? null);
  const served = await fetchFromSources(sources, what, (source, attempts) => {
    const spec: RequestSpec = { url: annotationUrl(source.base, resolution), what, signal: opts.signal, onProgress: opts.onProgress, attempts };
    return ctx.http.bytes(spec, magicCheck(spec, isNrrd, 'an NRRD file'));
  });
  ctx.sourceMemory?.served(served.source);
  return { bytes: served.value, source: served.source, skipped: served.failures.map((f) => `${describeSource(f.source)}: ${f.error.detail}`) };
}
