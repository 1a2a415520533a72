// A regl 2D data texture that re-uploads only when its source array changes. "Changes" means a
// different array object, a different `version`, or no version given (then every set() uploads:
// callers that refill the same array, like renderProjectomeFrame, must bump `version` to skip
// uploads or omit it to always upload). Same size and type → texSubImage2D; otherwise re-init.
// Layout: row-major rows × cols, row 0 at texture t = 0 (no flipY), NEAREST filtering.

import type { Regl, Texture2D } from 'regl';
import { quantiseUnit } from './gl-context';

export type DataTextureKind =
  /** Float32 values in [0, 1] → LUMINANCE float (or bytes 0…255 without OES_texture_float). */
  | 'unit'
  /** Uint8Array, one byte per cell → LUMINANCE. */
  | 'bytes'
  /** Uint8Array, two bytes per cell → LUMINANCE_ALPHA. */
  | 'bytes2'
  /** Uint8Array, four bytes per cell → RGBA (e.g. a Uint32Array's bytes). */
  | 'bytes4';

export class DataTexture {
  private tex: Texture2D | null = null;
  private cols = 0;
  private rows = 0;
  private last: ArrayBufferView | null = null;
  private lastVersion: number | undefined = undefined;
  private scratch: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly regl: Regl,
    private readonly kind: DataTextureKind,
    private readonly floatTextures: boolean,
  ) {}

  /** Upload if changed; returns the texture. Throws when data length ≠ rows × cols (× channels). */
  set(data: Float32Array | Uint8Array, rows: number, cols: number, version?: number): Texture2D {
    const channels = this.kind === 'bytes4' ? 4 : this.kind === 'bytes2' ? 2 : 1;
    if (!(rows >= 1 && cols >= 1) || data.length !== rows * cols * channels)
      throw new RangeError(`data texture: length ${data.length} ≠ ${rows} × ${cols}${channels > 1 ? ` × ${channels}` : ''}`);
    if (this.tex && data === this.last && version !== undefined && version === this.lastVersion && rows === this.rows && cols === this.cols) return this.tex;
    let payload: Float32Array | Uint8Array = data;
    const useFloat = this.kind === 'unit' && this.floatTextures;
    if (this.kind === 'unit' && !useFloat) {
      if (!(data instanceof Float32Array)) throw new TypeError('data texture: unit kind expects a Float32Array');
      if (this.scratch.length !== data.length) this.scratch = new Uint8Array(data.length);
      payload = quantiseUnit(data, this.scratch);
    } else if (this.kind !== 'unit' && !(data instanceof Uint8Array)) throw new TypeError('data texture: byte kinds expect a Uint8Array');
    if (this.tex && rows === this.rows && cols === this.cols) {
      this.tex.subimage(payload);
    } else {
      const opts = {
        width: cols,
        height: rows,
        data: payload,
        format: channels === 4 ? ('rgba' as const) : channels === 2 ? ('luminance alpha' as const) : ('luminance' as const),
        type: useFloat ? ('float' as const) : ('uint8' as const),
        min: 'nearest' as const,
        mag: 'nearest' as const,
        wrap: 'clamp' as const,
        alignment: 1 as const,
      };
      if (this.tex) this.tex(opts);
      else this.tex = this.regl.texture(opts);
      this.rows = rows;
      this.cols = cols;
    }
    this.last = data;
    this.lastVersion = version;
    return this.tex;
  }

  destroy(): void {
    this.tex?.destroy();
    this.tex = null;
    this.last = null;
  }
}
