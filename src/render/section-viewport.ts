// Pure mapping between CSS pixels of a canvas (origin top-left, y down) and a plane of CCF µm
// shown in it. Vertical axis = DV (dorsal = small DV at the top); horizontal axis = ML (left
// hemisphere = small ML on the left) for coronal views, or AP (anterior on the left) for sagittal
// heatmaps — `mlUm` then carries AP µm. 1 µm vertical = 1 µm horizontal on screen: the extent is
// scaled to fit and centred (letterboxed) inside the box.

export interface SectionExtent {
  readonly dvMinUm: number;
  readonly dvMaxUm: number;
  /** Horizontal axis: ML µm (coronal) or AP µm (sagittal). */
  readonly mlMinUm: number;
  readonly mlMaxUm: number;
}

/** Whole coronal section of the CCF (100 µm grid: 80 DV × 114 ML voxels). */
export const FULL_CORONAL_SECTION: SectionExtent = {
  dvMinUm: 0,
  dvMaxUm: 8000,
  mlMinUm: 0,
  mlMaxUm: 11400,
};

export interface CssRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SectionViewport {
  readonly extent: SectionExtent;
  /** The box the extent is fitted into (CSS px, canvas coordinates). */
  readonly box: CssRect;
  /** Where the extent is drawn (CSS px); zero-sized when the box or the extent is empty. */
  readonly rect: CssRect;
  /** µm per CSS px (same on both axes); NaN when nothing is drawn. */
  readonly umPerCssPx: number;
  /** CCF µm under a CSS pixel, or null outside the drawn extent. */
  cssPxToCcf(x: number, y: number): { dvUm: number; mlUm: number } | null;
  /** CSS px of a CCF point (may lie outside `rect`). */
  ccfToCssPx(dvUm: number, mlUm: number): { x: number; y: number };
}

function validExtent(e: SectionExtent): boolean {
  return (
    Number.isFinite(e.dvMinUm) &&
    Number.isFinite(e.dvMaxUm) &&
    Number.isFinite(e.mlMinUm) &&
    Number.isFinite(e.mlMaxUm) &&
    e.dvMaxUm > e.dvMinUm &&
    e.mlMaxUm > e.mlMinUm
  );
}

/**
 * Fit `extent` into `box` (CSS px), keeping the physical aspect ratio, centred. `paddingCssPx`
 * is kept free on every side of the box.
 */
export function sectionViewport(extent: SectionExtent, box: CssRect, paddingCssPx = 0): SectionViewport {
  const innerW = box.width - 2 * paddingCssPx;
  const innerH = box.height - 2 * paddingCssPx;
  const wUm = extent.mlMaxUm - extent.mlMinUm;
  const hUm = extent.dvMaxUm - extent.dvMinUm;
  const ok = validExtent(extent) && innerW > 0 && innerH > 0 && Number.isFinite(innerW) && Number.isFinite(innerH);
  const umPerCssPx = ok ? Math.max(wUm / innerW, hUm / innerH) : NaN;
  const width = ok ? wUm / umPerCssPx : 0;
  const height = ok ? hUm / umPerCssPx : 0;
  const rect: CssRect = {
    x: box.x + (box.width - width) / 2,
    y: box.y + (box.height - height) / 2,
    width,
    height,
  };
  return {
    extent,
    box,
    rect,
    umPerCssPx,
    cssPxToCcf(x, y) {
      if (!ok || x < rect.x || y < rect.y || x > rect.x + rect.width || y > rect.y + rect.height) return null;
      return {
        dvUm: extent.dvMinUm + (y - rect.y) * umPerCssPx,
        mlUm: extent.mlMinUm + (x - rect.x) * umPerCssPx,
      };
    },
    ccfToCssPx(dvUm, mlUm) {
      if (!ok) return { x: rect.x, y: rect.y };
      return {
        x: rect.x + (mlUm - extent.mlMinUm) / umPerCssPx,
        y: rect.y + (dvUm - extent.dvMinUm) / umPerCssPx,
      };
    },
  };
}

/** Box covering a whole canvas of the given CSS size. */
export function canvasBox(cssWidth: number, cssHeight: number): CssRect {
  return { x: 0, y: 0, width: Math.max(0, cssWidth), height: Math.max(0, cssHeight) };
}

/**
 * Extent of the non-zero cells of a row-major rows × cols mask (rows = DV dorsal first, cols =
 * horizontal axis increasing) on a grid of `resolutionUm` starting at CCF 0; null when empty.
 */
export function maskExtent(mask: Uint8Array, rows: number, cols: number, resolutionUm: number): SectionExtent | null {
  if (mask.length !== rows * cols) throw new RangeError(`mask length ${mask.length} ≠ rows × cols = ${rows * cols}`);
  let r0 = Infinity,
    r1 = -1,
    c0 = Infinity,
    c1 = -1;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      if (mask[r * cols + c]) {
        if (r < r0) r0 = r;
        if (r > r1) r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
  if (r1 < 0) return null;
  return {
    dvMinUm: r0 * resolutionUm,
    dvMaxUm: (r1 + 1) * resolutionUm,
    mlMinUm: c0 * resolutionUm,
    mlMaxUm: (c1 + 1) * resolutionUm,
  };
}

/** `box` grown by `marginUm` on every side and clipped to `bounds` (default: the whole section). */
export function cropExtent(box: SectionExtent, marginUm: number, bounds: SectionExtent = FULL_CORONAL_SECTION): SectionExtent {
  const m = Math.max(0, marginUm);
  const e = {
    dvMinUm: Math.max(bounds.dvMinUm, box.dvMinUm - m),
    dvMaxUm: Math.min(bounds.dvMaxUm, box.dvMaxUm + m),
    mlMinUm: Math.max(bounds.mlMinUm, box.mlMinUm - m),
    mlMaxUm: Math.min(bounds.mlMaxUm, box.mlMaxUm + m),
  };
  return validExtent(e) ? e : bounds;
}

/**
 * Device-pixel rectangle for gl.viewport / gl.scissor (origin bottom-left) of a CSS rect on a
 * canvas whose drawing buffer is `bufferWidth` × `bufferHeight` and CSS size cssWidth × cssHeight.
 */
export function cssRectToGl(
  rect: CssRect,
  cssWidth: number,
  cssHeight: number,
  bufferWidth: number,
  bufferHeight: number,
): { x: number; y: number; width: number; height: number } {
  if (!(cssWidth > 0 && cssHeight > 0)) return { x: 0, y: 0, width: 0, height: 0 };
  const sx = bufferWidth / cssWidth;
  const sy = bufferHeight / cssHeight;
  const x0 = Math.max(0, Math.floor(rect.x * sx));
  const x1 = Math.min(bufferWidth, Math.ceil((rect.x + rect.width) * sx));
  const yTop = Math.max(0, Math.floor(rect.y * sy));
  const yBottom = Math.min(bufferHeight, Math.ceil((rect.y + rect.height) * sy));
  return {
    x: x0,
    y: bufferHeight - yBottom,
    width: Math.max(0, x1 - x0),
    height: Math.max(0, yBottom - yTop),
  };
}

/**
 * Affine map CCF µm → clip space for a viewport on a canvas of CSS size cssWidth × cssHeight:
 * clipX = ml · sx + ox, clipY = dv · sy + oy (sy < 0: dorsal up). For the vertex shader.
 */
export function ccfToClipTransform(vp: SectionViewport, cssWidth: number, cssHeight: number): { scale: [number, number]; offset: [number, number] } {
  if (!(cssWidth > 0 && cssHeight > 0 && vp.umPerCssPx > 0)) return { scale: [0, 0], offset: [-2, -2] };
  const sx = 2 / (vp.umPerCssPx * cssWidth);
  const sy = -2 / (vp.umPerCssPx * cssHeight);
  const ox = (2 * vp.rect.x) / cssWidth - 1 - vp.extent.mlMinUm * sx;
  const oy = 1 - (2 * vp.rect.y) / cssHeight - vp.extent.dvMinUm * sy;
  return { scale: [sx, sy], offset: [ox, oy] };
}

/** Rectangles of an nRows × nCols panel grid filling a box, with `gapCssPx` between panels (row-major). */
export function panelGrid(count: number, columns: number, box: CssRect, gapCssPx = 8): CssRect[] {
  const cols = Math.max(1, Math.min(Math.floor(columns), count));
  const rows = Math.ceil(count / cols);
  if (count <= 0) return [];
  const w = Math.max(0, (box.width - gapCssPx * (cols - 1)) / cols);
  const h = Math.max(0, (box.height - gapCssPx * (rows - 1)) / rows);
  return Array.from({ length: count }, (_, i) => ({
    x: box.x + (i % cols) * (w + gapCssPx),
    y: box.y + Math.floor(i / cols) * (h + gapCssPx),
    width: w,
    height: h,
  }));
}
