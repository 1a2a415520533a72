// The grid fetcher's worker: downloads and packs density grids for the compute worker, which
// asks over a MessagePort (attach), while the main thread keeps this endpoint to configure it and
// to cancel jobs at once. Expose only; logic lives in src/backend/grid-fetch-api.ts (tested in Node).
import * as Comlink from 'comlink';
import { createGridFetchApi } from '../src/backend/grid-fetch-api';

Comlink.expose(createGridFetchApi(), self);
