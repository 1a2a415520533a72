/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

interface ImportMetaEnv {
  readonly VITE_ALLEN_API?: string;
  readonly VITE_ALLEN_DOWNLOAD?: string;
  readonly VITE_ALLEN_DOWNLOAD_DIRECT?: string;
}

/** package.json version, defined by vite.config.ts. */
declare const __APP_VERSION__: string;

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
