import { readFileSync } from 'node:fs';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { offlineAppShell } from './vite-offline.config.ts';
import { configuredDownloadSources } from './src/allen/download-sources.ts';

/** The app's version (package.json), stamped into every export. */
export const APP_VERSION = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Content-Security-Policy for the built page: scripts only from the app itself, network only to
 * the app and the configured Allen hosts, no plugins, no <base>, no form posts. Added at build
 * time so it names the hosts this build talks to. 'wasm-unsafe-eval' is for the WebAssembly SIMD
 * kernel; 'unsafe-eval' is needed only because regl compiles its draw commands with
 * `Function(...)` (node_modules/regl/dist/regl.js) — the app's own code has no eval (lint).
 */
function contentSecurityPolicy(hosts: readonly string[]): Plugin {
  const origins = [...new Set(hosts.map((url) => new URL(url).origin))];
  const csp = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
    "worker-src 'self' blob:",
    `connect-src ${["'self'", ...origins].join(' ')}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return {
    name: 'bsv-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: csp }, injectTo: 'head-prepend' }],
  };
}

/**
 * The download host may send no CORS headers: the dev and preview servers proxy it under
 * `<base>allen-download`, one of the places the app looks for annotation volumes
 * (src/allen/download-sources.ts). Set from the resolved base, so `--base /repo/` works too.
 */
function allenDownloadProxy(downloadHost: string): Plugin {
  return {
    name: 'bsv-allen-download-proxy',
    config(config) {
      const base = config.base?.startsWith('/') ? config.base.replace(/\/?$/, '/') : '/';
      const prefix = `${base}allen-download`;
      const proxy = { [prefix]: { target: downloadHost, changeOrigin: true, rewrite: (p: string) => p.slice(prefix.length) } };
      return { server: { proxy }, preview: { proxy } };
    },
  };
}

/**
 * The page's entry (src/main.tsx) only starts the compute worker and then imports the app's own chunk
 * (src/app/start-app.tsx). Built, the page also names that chunk and its CSS in <link> tags, so
 * the browser fetches and parses them alongside the entry instead of after it has run.
 */
function preloadAppChunk(): Plugin {
  let base = '/';
  return {
    name: 'bsv-preload-app-chunk',
    apply: 'build',
    configResolved(config) {
      base = config.base.endsWith('/') ? config.base : `${config.base}/`;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/app/start-app.tsx'));
        if (!chunk || chunk.type !== 'chunk') return [];
        return [
          { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${chunk.fileName}` }, injectTo: 'head' },
          ...[...(chunk.viteMetadata?.importedCss ?? [])].map((css) => ({
            tag: 'link',
            attrs: { rel: 'stylesheet', crossorigin: true, href: `${base}${css}` },
            injectTo: 'head' as const,
          })),
        ];
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_');
  const downloadHost = env.VITE_ALLEN_DOWNLOAD || 'https://download.alleninstitute.org';
  const apiHost = env.VITE_ALLEN_API || 'https://api.brain-map.org';
  // the hosts the page fetches from: the API and the download sources that are not this site
  const sources = configuredDownloadSources({
    direct: downloadHost,
    sameOrigin: '/',
    mirror: env.VITE_ALLEN_DOWNLOAD_MIRROR,
    order: env.VITE_ALLEN_DOWNLOAD_SOURCES,
  });
  const connectHosts = [apiHost, ...sources.filter((s) => s.kind !== 'same-origin').map((s) => s.base)];
  return {
    plugins: [react(), contentSecurityPolicy(connectHosts), allenDownloadProxy(downloadHost), offlineAppShell(), preloadAppChunk()],
    define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
    worker: { format: 'es' },
    // The 3D chunk is three.js itself (~0.95 MB, loaded only by the 3D view): warn above that.
    build: {
      outDir: mode === 'e2e' ? 'dist-e2e' : mode === 'e2e-static' ? 'dist-static' : 'dist',
      sourcemap: true,
      target: 'es2022',
      chunkSizeWarningLimit: 1000,
    },
  };
});
