// Where the app fetches Allen data from. Vite inlines VITE_* at build time.
// The API host sends CORS * and is called directly. The annotation volumes come from the first
// download source that serves them (src/allen/download-sources.ts): the download host directly,
// then this site's own `<base>allen-download/` (the dev/preview proxy, or files that
// `npm run fetch-atlas` put next to a static build), then VITE_ALLEN_DOWNLOAD_MIRROR.
import { configuredDownloadSources, type DownloadSource } from '../allen/download-sources.ts';

const env = import.meta.env;

export const ALLEN_API_DEFAULT = 'https://api.brain-map.org';
export const ALLEN_DOWNLOAD_DEFAULT = 'https://download.alleninstitute.org';
/** annotation_25.nrrd as Allen serves it (CCF 2017, gzip): 4,035,363 B (docs/allen-api.md §1.7). */
export const ANNOTATION_25_DOWNLOAD_BYTES = 4_035_363;
/** The folder, under the app's base path, that the proxy or fetch-atlas serves. */
export const SAME_ORIGIN_DOWNLOAD_DIR = 'allen-download';

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `<page origin><base path>allen-download`, absolute: the worker fetches relative to its own URL. */
function sameOriginBase(): string {
  const relative = `${env.BASE_URL}${SAME_ORIGIN_DOWNLOAD_DIR}`;
  return typeof location === 'undefined' ? relative : new URL(relative, location.href).href;
}

export interface AllenConfig {
  /** Base of api/v2 queries, structure_graph_download and grid_data. */
  readonly apiBase: string;
  /** The download host (annotation volumes), for messages and the direct source. */
  readonly downloadHost: string;
  /** Annotation sources in the order they are tried. */
  readonly downloadSources: readonly DownloadSource[];
  /** Data release tag that cache keys carry. */
  readonly release: string;
}

const downloadHost = trimSlash(env.VITE_ALLEN_DOWNLOAD || ALLEN_DOWNLOAD_DEFAULT);

export const allenConfig: AllenConfig = {
  apiBase: trimSlash(env.VITE_ALLEN_API || ALLEN_API_DEFAULT),
  downloadHost,
  downloadSources: configuredDownloadSources({
    direct: downloadHost,
    sameOrigin: sameOriginBase(),
    mirror: env.VITE_ALLEN_DOWNLOAD_MIRROR,
    order: env.VITE_ALLEN_DOWNLOAD_SOURCES,
  }),
  release: 'ccf2017-mcc2019',
};
