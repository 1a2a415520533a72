// The sweep through the target (bsv plot_upstream_projectome save_gif): every position drawn again
// at the export scale with its furniture (title with the position, legend, scale bar, colour key:
// composeFrame, as the PNG), then written as a looping GIF (encoded in the GIF worker) or as a
// WebM: encoded frame by frame with WebCodecs (VP8) at timestamps k / fps, so it lasts exactly
// frames / fps however slowly the frames are drawn, or — where the browser has no VideoEncoder
// for the size — recorded in real time with MediaRecorder. All restore the position on screen and
// stop when their signal aborts.
import type { ArrayBufferTarget, Muxer } from 'webm-muxer';
import { startGifEncoding, type GifEncoding } from '../../render/gif-worker-client.ts';
import type { ExportScale } from '../../render/export-scale.ts';
import type { OverlaySpec } from '../../render/overlay-layout.ts';
import { composeFrame } from '../../render/png-export.ts';
import type { ProjectomeStage } from './projectome-stage.ts';

/** bsv's gif_fps. */
export const SWEEP_FPS = 8;

export interface SweepInput {
  readonly stage: ProjectomeStage;
  /** The positions (grid indices along the plane's axis), in order. */
  readonly indices: readonly number[];
  /** Shows a position; resolves once its frame is drawn. */
  readonly showAp: (index: number) => Promise<void>;
  readonly overlayAt: (index: number) => OverlaySpec;
  readonly scale: ExportScale;
  readonly signal?: AbortSignal;
  readonly onProgress?: (text: string) => void;
}

const aborted = (): DOMException => new DOMException('The sweep export was cancelled', 'AbortError');

/** Calls `consume` with each position's composed frame, in order; the position on screen is restored after. */
async function forEachFrame(input: SweepInput, consume: (frame: HTMLCanvasElement, k: number) => Promise<void>): Promise<void> {
  const start = input.stage.current()?.apIndex;
  try {
    for (const [k, index] of input.indices.entries()) {
      // a task boundary per frame: clicks (Cancel) and paints get their turn on the main thread
      await new Promise((resolve) => window.setTimeout(resolve, 0));
      if (input.signal?.aborted) throw aborted();
      await input.showAp(index);
      if (input.signal?.aborted) throw aborted();
      const overlay = input.overlayAt(index);
      const frame = input.stage.renderAt(input.scale, (f) =>
        composeFrame({ glCanvas: f.canvas, viewport: f.viewport, cssWidth: f.cssWidth, cssHeight: f.cssHeight, overlay, scale: input.scale }),
      );
      await consume(frame, k);
    }
  } finally {
    if (start !== undefined && start >= 0) await input.showAp(start).catch(() => undefined);
  }
}

/** A looping GIF of the sweep, one frame per position (1000 / fps ms each, as bsv), with `comment`. */
export async function exportSweepGif(input: SweepInput, comment: string, fps = SWEEP_FPS): Promise<Blob> {
  const total = input.indices.length;
  if (total === 0) throw new Error('there is no position to sweep');
  let enc: GifEncoding | null = null;
  let drawn = 0;
  let encoded = 0;
  const say = (): void => input.onProgress?.(`GIF: ${drawn} of ${total} drawn, ${encoded} encoded…`);
  const cancel = (): void => enc?.cancel();
  input.signal?.addEventListener('abort', cancel);
  try {
    await forEachFrame(input, async (frame) => {
      const g = frame.getContext('2d');
      if (!g) throw new Error('a 2D canvas is not available in this browser');
      const rgba = g.getImageData(0, 0, frame.width, frame.height).data;
      enc ??= startGifEncoding({
        width: frame.width,
        height: frame.height,
        delayMs: Math.floor(1000 / fps),
        comment,
        onEncoded: (n) => {
          encoded = n;
          say();
        },
      });
      drawn++;
      say();
      await enc.addFrame(rgba);
    });
    if (!enc) throw new Error('no frame was drawn');
    const bytes = await (enc as GifEncoding).finish();
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/gif' });
  } catch (e) {
    (enc as GifEncoding | null)?.cancel();
    throw input.signal?.aborted ? aborted() : e;
  } finally {
    input.signal?.removeEventListener('abort', cancel);
  }
}

/** VP8/VP9 bits per second that keep small text sharp: ~0.75 bit per pixel per frame, 4–40 Mbit/s. */
export function sweepVideoBitrate(width: number, height: number, fps: number): number {
  return Math.round(Math.min(40e6, Math.max(4e6, width * height * fps * 0.75)));
}

/** The VP8 encoder configuration for a sweep frame size, or null when this browser has none. */
async function vp8Config(width: number, height: number, fps: number): Promise<VideoEncoderConfig | null> {
  if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined') return null;
  const config: VideoEncoderConfig = { codec: 'vp8', width, height, bitrate: sweepVideoBitrate(width, height, fps), framerate: fps };
  try {
    return (await VideoEncoder.isConfigSupported(config)).supported === true ? config : null;
  } catch {
    return null;
  }
}

/** Thrown out of the sweep when this browser cannot encode the frame size: record it instead. */
class NoVideoEncoder extends Error {}

/**
 * The sweep as WebM, one frame per position lasting exactly 1000 / fps ms: WebCodecs VP8 with
 * explicit timestamps, muxed by webm-muxer; every `fps`-th frame is a key frame (seeking). Falls
 * back to real-time recording (recordSweepWebm) where VideoEncoder cannot encode the frame size.
 */
export async function exportSweepWebm(input: SweepInput, fps = SWEEP_FPS): Promise<Blob> {
  const total = input.indices.length;
  if (total === 0) throw new Error('there is no position to sweep');
  const frameUs = Math.round(1e6 / fps);
  let encoder: VideoEncoder | null = null;
  let muxer: Muxer<ArrayBufferTarget> | null = null;
  let failure: Error | null = null;
  const cancel = (): void => {
    if (encoder && encoder.state !== 'closed') encoder.close();
  };
  input.signal?.addEventListener('abort', cancel);
  try {
    await forEachFrame(input, async (frame, k) => {
      if (!encoder) {
        const config = await vp8Config(frame.width, frame.height, fps);
        // known at the first frame: the sweep stops here and is recorded instead
        if (!config) throw new NoVideoEncoder();
        // the muxer is fetched with the first WebM export, not with the app
        const { Muxer, ArrayBufferTarget } = await import('webm-muxer');
        const m = new Muxer({ target: new ArrayBufferTarget(), video: { codec: 'V_VP8', width: frame.width, height: frame.height, frameRate: fps } });
        muxer = m;
        encoder = new VideoEncoder({
          output: (chunk, meta) => m.addVideoChunk(chunk, meta),
          error: (e) => {
            failure = e instanceof Error ? e : new Error(String(e));
          },
        });
        encoder.configure(config);
      }
      const enc: VideoEncoder = encoder;
      // the last position is encoded twice, the copy at total / fps: WebM players take the last
      // frame's start as the end, so without it the last position would not be shown for its 1 / fps
      for (const at of k === total - 1 ? [k, k + 1] : [k]) {
        const video = new VideoFrame(frame, { timestamp: at * frameUs, duration: frameUs });
        try {
          enc.encode(video, { keyFrame: at % fps === 0 });
        } finally {
          video.close();
        }
      }
      // at most two frames wait in the encoder: a long sweep does not pile up in memory (woken by
      // 'dequeue', or after 100 ms: an encoder closed by an error or a cancel sends none)
      while (enc.encodeQueueSize > 2 && enc.state === 'configured')
        await new Promise((resolve) => {
          enc.addEventListener('dequeue', resolve, { once: true });
          window.setTimeout(resolve, 100);
        });
      if (failure) throw failure;
      input.onProgress?.(`WebM: ${k + 1} of ${total} encoded…`);
    });
    if (input.signal?.aborted) throw aborted();
    const enc = encoder as VideoEncoder | null;
    const mux = muxer as Muxer<ArrayBufferTarget> | null;
    if (!enc || !mux) throw new Error('no frame was drawn');
    await enc.flush();
    if (failure) throw failure;
    enc.close();
    mux.finalize();
    return new Blob([mux.target.buffer], { type: 'video/webm' });
  } catch (e) {
    if (e instanceof NoVideoEncoder && !input.signal?.aborted) return await recordSweepWebm(input, fps);
    throw input.signal?.aborted ? aborted() : e;
  } finally {
    cancel();
    input.signal?.removeEventListener('abort', cancel);
  }
}

/**
 * Records the sweep as WebM (MediaRecorder) from a 2D canvas that shows each composed frame for
 * 1000 / fps ms, or longer when a frame takes longer to draw. (Frames drawn first and then played
 * at exactly 8 per second were partly lost on a loaded machine: a canvas is captured at the page's
 * next rendering update, and with nothing else drawn between them updates were skipped.)
 */
export async function recordSweepWebm(input: SweepInput, fps = SWEEP_FPS): Promise<Blob> {
  if (typeof MediaRecorder === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') {
    throw new Error('This browser cannot record video from a canvas (MediaRecorder is missing).');
  }
  const type = ['video/webm;codecs=vp8', 'video/webm;codecs=vp9', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t));
  if (!type) throw new Error('This browser cannot encode WebM video.');
  const total = input.indices.length;
  const screen = document.createElement('canvas');
  const g = screen.getContext('2d');
  if (!g) throw new Error('a 2D canvas is not available in this browser');
  const frameMs = 1000 / fps;
  const chunks: Blob[] = [];
  let recorder: MediaRecorder | null = null;
  let track: (MediaStreamTrack & { requestFrame?: () => void }) | undefined;
  let stopped: Promise<void> = Promise.resolve();
  let due = 0;
  const until = (t: number): Promise<void> => new Promise((resolve) => window.setTimeout(resolve, Math.max(0, t - performance.now())));
  const start = (width: number, height: number): void => {
    screen.width = width;
    screen.height = height;
    const stream = screen.captureStream(0);
    track = stream.getVideoTracks()[0];
    if (!track) throw new Error('This browser cannot record video from a canvas.');
    const r = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: sweepVideoBitrate(width, height, fps) });
    r.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    stopped = new Promise((resolve) => {
      r.onstop = () => resolve();
    });
    r.start();
    recorder = r;
    due = performance.now();
  };
  const show = async (frame: HTMLCanvasElement, k: number): Promise<void> => {
    if (!recorder) start(frame.width, frame.height);
    await until(due);
    g.drawImage(frame, 0, 0);
    track?.requestFrame?.();
    // the canvas is captured at the page's next rendering update: wait for it
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    due = Math.max(performance.now(), due) + frameMs;
    input.onProgress?.(`WebM: ${k + 1} of ${total} recorded…`);
  };
  try {
    await forEachFrame(input, show);
    await until(due);
  } finally {
    const r = recorder as MediaRecorder | null;
    if (r && r.state !== 'inactive') r.stop();
    await stopped;
    track?.stop();
  }
  if (input.signal?.aborted) throw aborted();
  return new Blob(chunks, { type: 'video/webm' });
}
