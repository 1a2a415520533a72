// The app proper, loaded by the page's entry (main.tsx) once the compute worker is started. First
// import: starts a link's first reads (app/boot-prefetch.ts) before the modules below are evaluated.
import './boot-prefetch.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { registerServiceWorker } from './register-service-worker.ts';
import { canvasTextMeasurer, setTextMeasurer } from '../render/text-measure.ts';
import { pagePictureSettled } from '../data/page-picture.ts';

// figures are laid out from text as this browser draws it (render/text-measure.ts)
setTextMeasurer(canvasTextMeasurer());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// a repeat visit's stored picture of the page goes up first (data/page-picture.ts; its read began
// in the page's entry and the link's first reads above are under way meanwhile)
await pagePictureSettled();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerServiceWorker();
