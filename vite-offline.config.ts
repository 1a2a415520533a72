// The service worker that lets a second visit open with no network (vite-plugin-pwa, Workbox
// generateSW). It precaches the app shell only — index.html, every JS chunk (the worker and the
// lazily loaded three.js chunk included), CSS and the static assets — and answers navigations with
// the cached index.html. It caches no Allen data: Allen requests (another origin, or the
// /allen-download proxy) pass through untouched to the app's own IndexedDB cache (src/backend/cache).
//
// Updates: autoUpdate (skipWaiting + clientsClaim). A new build's worker takes over as soon as it
// is installed and the page reloads once (virtual:pwa-register). A prompt would leave the old page
// running on chunks the new deployment and the new precache no longer have (the 3D view's chunk
// is loaded on demand); a reload is cheap because the URL holds the whole view and IndexedDB the data.
//
// Not in `vite` dev: devOptions is off, so the dev server serves no worker and
// src/app/register-service-worker.ts registers nothing there.
import type { PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export function offlineAppShell(): PluginOption {
  return VitePWA({
    strategies: 'generateSW',
    registerType: 'autoUpdate',
    // registered by src/app/register-service-worker.ts (production builds only), not by an injected script
    injectRegister: false,
    manifest: false,
    devOptions: { enabled: false },
    workbox: {
      globPatterns: ['**/*.{html,js,css,wasm,svg,png,ico,webmanifest}'],
      globIgnores: ['**/*.map'],
      // the three.js chunk is ~0.95 MB; nothing of the shell may be silently left out
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      navigateFallback: 'index.html',
      // under any base path: the annotation files fetch-atlas puts on the site are never the app page
      navigateFallbackDenylist: [/\/allen-download\//, /^\/__/],
      cleanupOutdatedCaches: true,
      skipWaiting: true,
      clientsClaim: true,
      // no runtime caching: Allen data lives in IndexedDB, owned by the data worker
      runtimeCaching: [],
    },
  });
}
