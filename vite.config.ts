import { readFileSync } from 'node:fs';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { offlineAppShell } from './vite-offline.config.ts';

/** The app's version (package.json), stamped into every export. */
export const APP_VERSION = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Content-Security-Policy for the built page: scripts only from the app itself, network only to
 * the app and the configured Allen hosts, no plugins, no <base>, no form posts. Added at build
 * time so it names the hosts this build talks to. 'wasm-unsafe-eval' is for the WebAssembly SIMD
 * kernel; 'unsafe-eval' is needed only because regl compiles its draw commands with
 * `Function(...)` (node_modules/regl/dist/regl.js) — the app's own code has no eval (lint).
 */
function contentSecurityPolicy(apiHost: string, downloadHost: string): Plugin {
  const origin = (url: string) => new URL(url).origin;
  const csp = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
    "worker-src 'self' blob:",
    `connect-src 'self' ${origin(apiHost)} ${origin(downloadHost)}`,
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

// The download host (annotation volumes) sends no known CORS headers, so the dev and preview
// servers proxy it under /allen-download. The API host sends CORS * and is called directly.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_');
  const downloadHost = env.VITE_ALLEN_DOWNLOAD || 'https://download.alleninstitute.org';
  const apiHost = env.VITE_ALLEN_API || 'https://api.brain-map.org';
  const proxy = {
    '/allen-download': {
      target: downloadHost,
      changeOrigin: true,
      rewrite: (p: string) => p.replace(/^\/allen-download/, ''),
    },
  };
  return {
    plugins: [react(), contentSecurityPolicy(apiHost, downloadHost), offlineAppShell()],
    define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
    worker: { format: 'es' },
    server: { proxy },
    preview: { proxy },
    // The 3D chunk is three.js itself (~0.95 MB, loaded only by the 3D view): warn above that.
    build: { outDir: mode === 'e2e' ? 'dist-e2e' : 'dist', sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 1000 },
  };
});
