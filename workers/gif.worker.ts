// Encodes an animated GIF off the main thread (a frame of a 2× export takes ~90–260 ms to
// quantise and compress): frames arrive one at a time and are encoded as they come (gif.api.ts);
// the main thread terminates the worker to cancel.
import type { GifWorkerRequest } from '../src/protocol/gif-worker-messages.ts';
import { createGifApi } from './gif.api.ts';

const handle = createGifApi((m, transfer = []) => self.postMessage(m, { transfer }));
self.onmessage = (e: MessageEvent<GifWorkerRequest>) => handle(e.data);
