// Encodes an animated GIF off the main thread (a frame of a 2× export takes ~100+ ms to quantise
// and compress): frames arrive one at a time and are encoded as they come; the main thread
// terminates the worker to cancel.
import { createGifWriter, type GifWriter } from '../src/compute/gif-encode.ts';
import type { GifWorkerReply, GifWorkerRequest } from '../src/protocol/gif-worker-messages.ts';

let writer: GifWriter | null = null;
const reply = (m: GifWorkerReply, transfer: Transferable[] = []): void => self.postMessage(m, { transfer });

self.onmessage = (e: MessageEvent<GifWorkerRequest>) => {
  const m = e.data;
  try {
    if (m.type === 'start') writer = createGifWriter(m.width, m.height, { delayMs: m.delayMs, comment: m.comment });
    else if (!writer) throw new Error('GIF worker: no file started');
    else if (m.type === 'frame') {
      writer.addFrame(new Uint8Array(m.rgba));
      reply({ type: 'encoded', frames: writer.frames });
    } else {
      const bytes = writer.finish();
      writer = null;
      reply({ type: 'done', bytes: bytes.buffer as ArrayBuffer }, [bytes.buffer]);
    }
  } catch (err) {
    writer = null;
    reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
