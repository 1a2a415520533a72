// Messages between the main thread and the GIF worker (workers/gif.worker.ts).

export type GifWorkerRequest =
  | { readonly type: 'start'; readonly width: number; readonly height: number; readonly delayMs: number; readonly comment: string }
  /** One frame: width × height × 4 RGBA bytes (transferred). */
  | { readonly type: 'frame'; readonly rgba: ArrayBuffer }
  | { readonly type: 'finish' };

export type GifWorkerReply =
  | { readonly type: 'encoded'; readonly frames: number }
  | { readonly type: 'done'; readonly bytes: ArrayBuffer }
  | { readonly type: 'error'; readonly message: string };
