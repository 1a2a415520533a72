// An annotation NRRD (gzip, uint32 labels, AP fastest) turned into label runs while it inflates:
// the platform's DecompressionStream (native zlib; ~2.6× fflate here) or fflate's streaming
// Gunzip hands out the labels a window at a time and LabelRunsEncoder keeps only the runs, so the
// 25 µm annotation's 308 MB of labels never exist at once. Between windows the caller's `pause`
// lets other work (and an abort) in.
import { Gunzip, Unzlib } from 'fflate';
import { DecodeError } from './decode-error';
import { parseNrrdHeader } from './decode-nrrd';
import { nrrdGridShape } from './decode-volume';
import type { GridShape } from './grid';
import { LabelRunsEncoder } from './label-runs';

export interface StreamRunsOptions {
  readonly signal?: AbortSignal;
  /** Compressed bytes fed per step (default 256 KiB). */
  readonly sliceBytes?: number;
  /** Awaited between steps (a worker passes a macrotask yield); default: none. */
  readonly pause?: () => Promise<void>;
  /** Voxels encoded so far, after each step. */
  readonly onVoxels?: (done: number, total: number) => void;
  /** 'native' = DecompressionStream (the default where it exists), else fflate. */
  readonly inflater?: 'native' | 'fflate';
}

const hasNativeGunzip = (): boolean => typeof DecompressionStream !== 'undefined' && typeof Blob !== 'undefined';

/** Native gunzip, `onData` per chunk; `pause` about every `every` bytes of output. */
async function nativeGunzip(payload: Uint8Array, onData: (c: Uint8Array) => void, opts: StreamRunsOptions, report: () => void, every: number): Promise<void> {
  const reader = new Blob([payload as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  let sincePause = 0;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const { done, value } = await reader.read();
      if (done) return;
      onData(value);
      sincePause += value.length;
      if (sincePause >= every) {
        sincePause = 0;
        report();
        if (opts.pause) await opts.pause();
      }
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

export interface StreamedRuns {
  readonly runs: Uint8Array;
  readonly shape: GridShape;
  /** Bytes of labels that went through the encoder (nx·ny·nz·4). */
  readonly inflatedBytes: number;
  readonly ms: number;
}

export async function annotationNrrdToRuns(file: Uint8Array, opts: StreamRunsOptions = {}): Promise<StreamedRuns> {
  const t0 = performance.now();
  const header = parseNrrdHeader(file);
  if (header.type !== 'uint32' && header.type !== 'int32') throw new DecodeError(`annotation NRRD must hold 32-bit labels, got ${header.type}`);
  const shape = nrrdGridShape(header, 'annotation');
  const encoder = new LabelRunsEncoder(shape);
  const swap = header.endian === 'big';
  const push = (chunk: Uint8Array): void => {
    if (!swap) return encoder.pushBytes(chunk);
    // big-endian labels (never seen from Allen): swap a copy; chunks arrive 4-byte whole here
    const c = chunk.slice();
    for (let i = 0; i + 3 < c.length; i += 4) {
      const [a = 0, b = 0] = [c[i], c[i + 1]];
      c[i] = c[i + 3] ?? 0;
      c[i + 1] = c[i + 2] ?? 0;
      c[i + 2] = b;
      c[i + 3] = a;
    }
    encoder.pushBytes(c);
  };
  const payload = file.subarray(header.dataOffset);
  const total = shape.nx * shape.ny * shape.nz;
  const step = Math.max(4096, opts.sliceBytes ?? 64 * 1024);
  if (header.encoding === 'raw') {
    for (let p = 0; p < payload.length; p += step * 16) {
      opts.signal?.throwIfAborted();
      push(payload.subarray(p, Math.min(payload.length, p + step * 16)));
      opts.onVoxels?.(encoder.voxels, total);
      if (opts.pause) await opts.pause();
    }
  } else {
    const isGzip = payload[0] === 0x1f && payload[1] === 0x8b;
    if (!isGzip && !(payload.length > 1 && ((payload[0] ?? 0) & 0x0f) === 8))
      throw new DecodeError('NRRD says encoding gzip but the payload has no gzip magic 1f 8b');
    let pending = new Uint8Array(0);
    // big-endian swapping needs whole labels per chunk: keep the odd bytes for the next one
    const onData = (chunk: Uint8Array): void => {
      if (!swap) return push(chunk);
      const joined = new Uint8Array(pending.length + chunk.length);
      joined.set(pending);
      joined.set(chunk, pending.length);
      const whole = joined.length - (joined.length % 4);
      push(joined.subarray(0, whole));
      pending = joined.slice(whole);
    };
    const native = isGzip && (opts.inflater ?? (hasNativeGunzip() ? 'native' : 'fflate')) === 'native';
    const inflater = isGzip ? new Gunzip(onData) : new Unzlib(onData);
    try {
      // native output comes in ~16 KiB chunks: report and pause every 4 MiB of labels
      if (native) await nativeGunzip(payload, onData, opts, () => opts.onVoxels?.(encoder.voxels, total), 4 * 1024 * 1024);
      else
        for (let p = 0; p < payload.length; p += step) {
          opts.signal?.throwIfAborted();
          const end = Math.min(payload.length, p + step);
          inflater.push(payload.subarray(p, end), end === payload.length);
          opts.onVoxels?.(encoder.voxels, total);
          if (opts.pause) await opts.pause();
        }
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new DecodeError(`annotation NRRD gzip payload is corrupt or truncated (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  opts.onVoxels?.(encoder.voxels, total);
  if (encoder.voxels !== total) {
    throw new DecodeError(`annotation NRRD inflates to ${encoder.voxels * 4} bytes, expected ${total * 4} (sizes × type size): truncated or wrong header`);
  }
  const runs = encoder.finish();
  return { runs, shape, inflatedBytes: total * 4, ms: performance.now() - t0 };
}
