// Pure sizing of the 3D view's drawings: how many texture px an orientation label needs for the
// px it covers (so it is drawn about 1:1, crisp at any zoom, devicePixelRatio or export scale),
// and how a capture at a pixel ratio is cut into tiles no larger than the GPU can draw (its
// largest drawing buffer side: min of MAX_VIEWPORT_DIMS and MAX_RENDERBUFFER_SIZE), so a 4×
// export of a large canvas is drawn in pieces instead of silently shrunk by the browser.

/** Smallest and largest label texture height (px). */
export const LABEL_TEXTURE_MIN_PX = 16;
export const LABEL_TEXTURE_MAX_PX = 1024;

/**
 * Texture height (px) for a label covering `screenPx` device px: rounded up to the next step of
 * 2^(1/4) (so the texture is at most ~19 % larger than its footprint and is not redrawn for every
 * small zoom), within [LABEL_TEXTURE_MIN_PX, min(LABEL_TEXTURE_MAX_PX, maxTexturePx)].
 */
export function labelTexturePx(screenPx: number, maxTexturePx = LABEL_TEXTURE_MAX_PX): number {
  const hi = Math.max(LABEL_TEXTURE_MIN_PX, Math.min(LABEL_TEXTURE_MAX_PX, Math.floor(maxTexturePx)));
  if (!(screenPx > LABEL_TEXTURE_MIN_PX)) return LABEL_TEXTURE_MIN_PX;
  const stepped = Math.ceil(2 ** (Math.ceil(Math.log2(screenPx) * 4 - 1e-9) / 4));
  return Math.min(hi, stepped);
}

export interface CaptureTile {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface CapturePlan {
  /** The whole capture in device px: floor(css × pixelRatio), as three sizes a canvas. */
  readonly width: number;
  readonly height: number;
  /** Row-major tiles covering it exactly, each side ≤ maxSide. */
  readonly tiles: readonly CaptureTile[];
}

/** Tiles of a capture of a cssWidth × cssHeight canvas at `pixelRatio`, each at most maxSide px a side. */
export function capturePlan(cssWidth: number, cssHeight: number, pixelRatio: number, maxSide: number): CapturePlan {
  const width = Math.max(1, Math.floor(cssWidth * pixelRatio));
  const height = Math.max(1, Math.floor(cssHeight * pixelRatio));
  const side = Math.max(1, Math.floor(maxSide));
  const cols = Math.ceil(width / side);
  const rows = Math.ceil(height / side);
  // equal tiles (the last ones take the remainder), all ≤ side
  const cuts = (total: number, n: number): number[] => Array.from({ length: n + 1 }, (_, i) => Math.round((i * total) / n));
  const xs = cuts(width, cols);
  const ys = cuts(height, rows);
  const tiles: CaptureTile[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const x = xs[c] ?? 0,
        y = ys[r] ?? 0;
      tiles.push({ x, y, width: (xs[c + 1] ?? width) - x, height: (ys[r + 1] ?? height) - y });
    }
  return { width, height, tiles };
}
