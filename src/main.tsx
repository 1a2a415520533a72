// The page's entry, small on purpose: it starts the compute worker (its script loads and compiles
// while this thread parses the app), then loads the app itself (app/start-app.tsx: the link's
// first reads, React, the service worker) as a chunk of its own.
import { startComputeWorker } from './data/worker-start.ts';

startComputeWorker();
import('./app/start-app.tsx').catch((e: unknown) => {
  // the app's own script did not load (a network failure mid-deploy): say so instead of a blank page
  const root = document.getElementById('root');
  if (root) root.textContent = `Brain Street View could not load (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`;
});
