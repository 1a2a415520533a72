// Where the app fetches Allen data from. Vite inlines VITE_* at build time.
// The API host sends CORS * and is called directly; the download host (annotation volumes) is
// reached through the dev/preview proxy at /allen-download unless VITE_ALLEN_DOWNLOAD_DIRECT=true.

const env = import.meta.env;

export const ALLEN_API_DEFAULT = 'https://api.brain-map.org';
export const ALLEN_DOWNLOAD_DEFAULT = 'https://download.alleninstitute.org';

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export interface AllenConfig {
  /** Base of api/v2 queries, structure_graph_download and grid_data. */
  readonly apiBase: string;
  /** Base of informatics-archive paths (annotation volumes). */
  readonly downloadBase: string;
  /** Host behind downloadBase, for messages. */
  readonly downloadHost: string;
  /** Data release tag that cache keys carry. */
  readonly release: string;
}

export const allenConfig: AllenConfig = {
  apiBase: trimSlash(env.VITE_ALLEN_API || ALLEN_API_DEFAULT),
  downloadHost: trimSlash(env.VITE_ALLEN_DOWNLOAD || ALLEN_DOWNLOAD_DEFAULT),
  downloadBase: env.VITE_ALLEN_DOWNLOAD_DIRECT === 'true' ? trimSlash(env.VITE_ALLEN_DOWNLOAD || ALLEN_DOWNLOAD_DEFAULT) : '/allen-download',
  release: 'ccf2017-mcc2019',
};
