/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

interface ImportMetaEnv {
  readonly VITE_ALLEN_API?: string;
  readonly VITE_ALLEN_DOWNLOAD?: string;
  /** A CORS-enabled copy of the download host's informatics-archive paths, tried last. */
  readonly VITE_ALLEN_DOWNLOAD_MIRROR?: string;
  /** Comma-separated download sources in the order to try (default direct,same-origin,mirror). */
  readonly VITE_ALLEN_DOWNLOAD_SOURCES?: string;
}

/** package.json version, defined by vite.config.ts. */
declare const __APP_VERSION__: string;

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
