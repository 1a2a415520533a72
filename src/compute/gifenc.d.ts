// Types for gifenc 1.0.3 (mattdesl/gifenc ships none): the part of its API that gif-encode.ts uses.
declare module 'gifenc' {
  export type GifPalette = number[][];
  export interface GifFrameOptions {
    palette?: GifPalette;
    /** Frame duration in ms (stored in 1/100 s). */
    delay?: number;
    /** -1 once, 0 forever, > 0 that many times (written with the first frame). */
    repeat?: number;
    transparent?: boolean;
    transparentIndex?: number;
    colorDepth?: number;
    dispose?: number;
    first?: boolean;
  }
  export interface GifEncoderInstance {
    writeFrame(index: Uint8Array, width: number, height: number, opts?: GifFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
    bytesView(): Uint8Array;
    reset(): void;
  }
  export function GIFEncoder(opts?: { initialCapacity?: number; auto?: boolean }): GifEncoderInstance;
  export function quantize(
    rgba: Uint8Array | Uint8ClampedArray,
    maxColors: number,
    opts?: { format?: 'rgb565' | 'rgb444' | 'rgba4444'; oneBitAlpha?: boolean | number; clearAlpha?: boolean },
  ): GifPalette;
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: GifPalette, format?: 'rgb565' | 'rgb444' | 'rgba4444'): Uint8Array;
  export function snapColorsToPalette(palette: GifPalette, knownColors: number[][], threshold?: number): void;
}
