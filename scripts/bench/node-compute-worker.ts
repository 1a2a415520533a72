// The compute API in a Node worker thread (bench only): the same createComputeApi as
// workers/compute.worker.ts, exposed over worker_threads so the bench measures a real thread hop
// with structured clone and transfers.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createComputeApi } from '../../workers/compute.api';

if (parentPort === null) throw new Error('node-compute-worker must run in a worker thread');
Comlink.expose(createComputeApi(), nodeEndpoint(parentPort));
