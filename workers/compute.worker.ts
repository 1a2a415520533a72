// The worker: the compute API (kernels on held data) and the data plane (fetch, cache, decode,
// aggregate: src/backend) side by side, so grids go from the network or IndexedDB to the
// accumulator without leaving this thread. Expose only; logic lives in compute.api.ts and
// src/backend/data-api.ts (tested in Node).
// Comlink.expose(api, self): under @vitest/web-worker the default endpoint hangs (DESIGN.md §7).
import * as Comlink from 'comlink';
import { createDataApi } from '../src/backend/data-api';
import { createComputeApi } from './compute.api';

const compute = createComputeApi();
Comlink.expose({ ...compute, ...createDataApi(compute) }, self);
// from the worker's creation to here: its script fetched, compiled and evaluated (bench:ab's timelines)
performance.measure('bsv:worker-ready', { start: 0, end: performance.now() });
