// Compute worker entry: expose only. Logic lives in compute.api.ts (tested in Node).
// Comlink.expose(api, self): under @vitest/web-worker the default endpoint hangs (DESIGN.md §7).
import * as Comlink from 'comlink';
import { createComputeApi } from './compute.api';

Comlink.expose(createComputeApi(), self);
