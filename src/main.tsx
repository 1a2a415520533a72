// The page's entry, small on purpose: it starts the compute worker (its script loads and compiles
// while this thread parses the app), starts reading the page's stored picture (a repeat visit of a
// link shows it before the app runs, data/page-picture.ts), then loads the app itself
// (app/start-app.tsx: the link's first reads, React, the service worker) as a chunk of its own.
// When a picture of this page was stored (data/page-picture-hint.ts), the worker and the app start
// once it is on screen instead: started together with it, they held its first paint back.
import { dismissPagePicture, pagePictureExpected, showStoredPagePicture } from './data/page-picture.ts';
import { startComputeWorker } from './data/worker-start.ts';

function importApp(): void {
  import('./app/start-app.tsx').catch((e: unknown) => {
    // the app's own script did not load (a network failure mid-deploy): say so instead of a blank page
    // (or of a stored picture of the page that will never come to life)
    dismissPagePicture();
    const root = document.getElementById('root');
    if (root) root.textContent = `Brain Street View could not load (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`;
  });
}

if (pagePictureExpected()) {
  // a repeat visit's picture goes on screen first: the app starts once it is (at most ~0.4 s later)
  void showStoredPagePicture(true).then(() => {
    startComputeWorker();
    importApp();
  });
} else {
  startComputeWorker();
  void showStoredPagePicture(false);
  importApp();
}
