// The scale of exported PNGs (pure): 1× is the figure's layout size in CSS pixels, and a PNG at
// scale s is exactly s × that size, rendered at that resolution (text and lines drawn at s, not a
// bitmap enlarged). Its pHYs says 96·s dpi, so every scale prints at the same physical size
// (the CSS pixel is 1/96 inch).

export const EXPORT_SCALES = [1, 2, 4] as const;
export type ExportScale = (typeof EXPORT_SCALES)[number];
export const DEFAULT_EXPORT_SCALE: ExportScale = 2;
/** CSS pixels per inch. */
export const CSS_DPI = 96;

export function isExportScale(v: unknown): v is ExportScale {
  return typeof v === 'number' && (EXPORT_SCALES as readonly number[]).includes(v);
}

/** Layout size of a figure in whole CSS px (≥ 1): what 1× exports. */
export function layoutSize(cssWidth: number, cssHeight: number): { readonly width: number; readonly height: number } {
  const whole = (v: number): number => Math.max(1, Math.round(Number.isFinite(v) ? v : 0));
  return { width: whole(cssWidth), height: whole(cssHeight) };
}

/** Pixel size of the PNG of a figure laid out at cssWidth × cssHeight, at `scale`. */
export function exportPixelSize(cssWidth: number, cssHeight: number, scale: ExportScale): { readonly width: number; readonly height: number } {
  const l = layoutSize(cssWidth, cssHeight);
  return { width: l.width * scale, height: l.height * scale };
}

/** Dots per inch of a PNG exported at `scale` (pHYs). */
export const exportDpi = (scale: ExportScale): number => CSS_DPI * scale;
