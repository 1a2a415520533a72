// Tight framing of a rendered scene (pure): the bounding box of the pixels that differ from the
// background, and that box in whole CSS pixels with a margin, clamped to the canvas — the crop
// of the 3D PNG export. The box is found on one capture and reused at every export scale, so a
// PNG at scale s is exactly s × the 1× crop.

export interface PixelBox {
  /** First column / row inside, and one past the last (exclusive ends). */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface CssRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Bounding box of the pixels of an RGBA image (row-major, top row first) whose colour differs from
 * `background` by more than `tolerance` in any channel, or whose alpha is not opaque; null when
 * every pixel is background.
 */
export function contentBox(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  background: readonly [number, number, number],
  tolerance = 2,
): PixelBox | null {
  if (rgba.length < width * height * 4) throw new RangeError(`contentBox: ${rgba.length} bytes is less than ${width} × ${height} RGBA`);
  const [br, bg, bb] = background;
  let x0 = width,
    y0 = height,
    x1 = 0,
    y1 = 0;
  for (let y = 0; y < height; y++) {
    let o = y * width * 4;
    for (let x = 0; x < width; x++, o += 4) {
      const differs =
        Math.abs((rgba[o] ?? 0) - br) > tolerance ||
        Math.abs((rgba[o + 1] ?? 0) - bg) > tolerance ||
        Math.abs((rgba[o + 2] ?? 0) - bb) > tolerance ||
        (rgba[o + 3] ?? 255) < 255 - tolerance;
      if (!differs) continue;
      if (x < x0) x0 = x;
      if (x >= x1) x1 = x + 1;
      if (y < y0) y0 = y;
      y1 = y + 1;
    }
  }
  return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : null;
}

/**
 * The crop in whole CSS px: `box` (device pixels of a capture at `pixelRatio` device px per CSS
 * px) widened outwards to whole CSS px, grown by `marginCss` on every side and clamped to the
 * canvas of cssWidth × cssHeight (whole CSS px). No content: the whole canvas.
 */
export function cropRect(box: PixelBox | null, pixelRatio: number, marginCss: number, cssWidth: number, cssHeight: number): CssRect {
  const W = Math.max(1, Math.floor(cssWidth));
  const H = Math.max(1, Math.floor(cssHeight));
  if (!box || !(pixelRatio > 0)) return { x: 0, y: 0, width: W, height: H };
  const x0 = Math.max(0, Math.floor(box.x0 / pixelRatio) - marginCss);
  const y0 = Math.max(0, Math.floor(box.y0 / pixelRatio) - marginCss);
  const x1 = Math.min(W, Math.ceil(box.x1 / pixelRatio) + marginCss);
  const y1 = Math.min(H, Math.ceil(box.y1 / pixelRatio) + marginCss);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: 0, y: 0, width: W, height: H };
}
