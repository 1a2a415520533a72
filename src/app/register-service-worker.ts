// Registers the app-shell service worker (vite-offline.config.ts) in production builds, so the
// next visit opens without a network. In `vite` dev the plugin's module is a no-op and nothing is
// registered. With autoUpdate, a new build's worker takes over and the page reloads once.
import { registerSW } from 'virtual:pwa-register';

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  void registerSW({
    immediate: true,
    // offline use is a convenience: a failed registration must never break the app
    onRegisterError: (e: unknown) => console.warn('The offline app shell (service worker) could not be registered:', e),
  });
}
