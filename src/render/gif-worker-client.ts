// The main thread's side of the GIF worker: one worker per file, frames sent as they are drawn
// (transferred, at most `maxQueued` waiting so a long sweep does not pile up in memory), progress
// per encoded frame, and cancel = terminate.
import type { GifWorkerReply, GifWorkerRequest } from '../protocol/gif-worker-messages';

export interface GifEncoding {
  /** Sends a frame; resolves once the worker has room for another. */
  addFrame(rgba: Uint8ClampedArray | Uint8Array): Promise<void>;
  /** The complete GIF once every frame is encoded. */
  finish(): Promise<Uint8Array>;
  /** Stops the worker; pending promises reject with an AbortError. */
  cancel(): void;
}

export interface GifEncodingOptions {
  readonly width: number;
  readonly height: number;
  readonly delayMs: number;
  readonly comment: string;
  /** Called after each encoded frame with how many are done. */
  readonly onEncoded?: (frames: number) => void;
  readonly maxQueued?: number;
}

export function startGifEncoding(opts: GifEncodingOptions): GifEncoding {
  const worker = new Worker(new URL('../../workers/gif.worker.ts', import.meta.url), { type: 'module', name: 'bsv-gif' });
  const maxQueued = opts.maxQueued ?? 2;
  let sent = 0;
  let encoded = 0;
  let failure: Error | null = null;
  let waiters: Array<{ ok: () => void; fail: (e: Error) => void; when: () => boolean }> = [];
  let result: Uint8Array | null = null;
  const settle = (): void => {
    const still: typeof waiters = [];
    for (const w of waiters) {
      if (failure) w.fail(failure);
      else if (w.when()) w.ok();
      else still.push(w);
    }
    waiters = still;
  };
  const wait = (when: () => boolean): Promise<void> =>
    new Promise((ok, fail) => {
      waiters.push({ ok, fail, when });
      settle();
    });
  const post = (m: GifWorkerRequest, transfer: Transferable[] = []): void => worker.postMessage(m, transfer);
  worker.onmessage = (e: MessageEvent<GifWorkerReply>) => {
    const m = e.data;
    if (m.type === 'encoded') {
      encoded = m.frames;
      opts.onEncoded?.(encoded);
    } else if (m.type === 'done') {
      result = new Uint8Array(m.bytes);
      worker.terminate();
    } else failure = new Error(m.message);
    settle();
  };
  worker.onerror = (e) => {
    failure = new Error(`the GIF worker failed: ${e.message || 'it could not start'}`);
    settle();
  };
  post({ type: 'start', width: opts.width, height: opts.height, delayMs: opts.delayMs, comment: opts.comment });
  return {
    async addFrame(rgba) {
      if (failure) throw failure;
      const copy =
        rgba.byteOffset === 0 && rgba.byteLength === rgba.buffer.byteLength && rgba.buffer instanceof ArrayBuffer ? rgba.buffer : rgba.slice().buffer;
      post({ type: 'frame', rgba: copy }, [copy]);
      sent++;
      await wait(() => sent - encoded <= maxQueued);
    },
    async finish() {
      post({ type: 'finish' });
      await wait(() => result !== null);
      if (!result) throw new Error('GIF: no file');
      return result;
    },
    cancel() {
      worker.terminate();
      failure ??= new DOMException('The GIF export was cancelled', 'AbortError') as unknown as Error;
      settle();
    },
  };
}
