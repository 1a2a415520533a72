import { describe, expect, it } from 'vitest';
import { readGif } from '../src/compute/gif-read.ts';
import type { GifWorkerReply } from '../src/protocol/gif-worker-messages.ts';
import { createGifApi } from './gif.api.ts';

describe('GIF worker', () => {
  const run = () => {
    const replies: GifWorkerReply[] = [];
    const transfers: Transferable[][] = [];
    const handle = createGifApi((m, t = []) => {
      replies.push(m);
      transfers.push(t);
    });
    return { replies, transfers, handle };
  };

  it('encodes frames as they arrive and replies with the file, transferred', () => {
    const { replies, transfers, handle } = run();
    handle({ type: 'start', width: 3, height: 2, delayMs: 125, comment: 'link' });
    for (let k = 0; k < 3; k++) handle({ type: 'frame', rgba: new Uint8Array(3 * 2 * 4).fill(40 * k).buffer });
    handle({ type: 'finish' });
    expect(replies.slice(0, 3)).toEqual([1, 2, 3].map((frames) => ({ type: 'encoded', frames })));
    const done = replies[3];
    if (done?.type !== 'done') throw new Error('no file');
    expect(transfers[3]).toEqual([done.bytes]);
    const gif = readGif(new Uint8Array(done.bytes));
    expect([gif.width, gif.height, gif.frames.length, gif.loopCount]).toEqual([3, 2, 3, 0]);
    expect(gif.comments).toEqual(['link']);
  });

  it('replies with an error (never throws) for a frame before a start or of the wrong size', () => {
    const { replies, handle } = run();
    handle({ type: 'frame', rgba: new ArrayBuffer(24) });
    handle({ type: 'start', width: 3, height: 2, delayMs: 100, comment: '' });
    handle({ type: 'frame', rgba: new ArrayBuffer(8) });
    handle({ type: 'finish' });
    expect(replies.map((r) => (r.type === 'error' ? r.message : r.type))).toEqual([
      'GIF worker: no file started',
      'GIF: a frame has 8 bytes, expected 24',
      'GIF worker: no file started',
    ]);
  });
});
