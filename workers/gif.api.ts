// The GIF worker's logic (tested in Node): a file is started, frames are encoded as they arrive
// with a reply after each, and finish replies with the file's bytes (transferred). An error ends
// the file and is replied, never thrown.
import { createGifWriter, type GifWriter } from '../src/compute/gif-encode.ts';
import type { GifWorkerReply, GifWorkerRequest } from '../src/protocol/gif-worker-messages.ts';

export type GifReply = (m: GifWorkerReply, transfer?: Transferable[]) => void;

export function createGifApi(reply: GifReply): (m: GifWorkerRequest) => void {
  let writer: GifWriter | null = null;
  return (m) => {
    try {
      if (m.type === 'start') writer = createGifWriter(m.width, m.height, { delayMs: m.delayMs, comment: m.comment });
      else if (!writer) throw new Error('GIF worker: no file started');
      else if (m.type === 'frame') {
        writer.addFrame(new Uint8Array(m.rgba));
        reply({ type: 'encoded', frames: writer.frames });
      } else {
        const bytes = writer.finish();
        writer = null;
        reply({ type: 'done', bytes: bytes.buffer as ArrayBuffer }, [bytes.buffer as ArrayBuffer]);
      }
    } catch (err) {
      writer = null;
      reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
}
