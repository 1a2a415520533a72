// The orientation mark of 2D figures (pure): two arrows from a corner, up and to the right, each
// labelled with the anatomical direction it points to. One implementation for every figure (slice
// grid, threshold, projectome) and every output (screen, PNG, SVG): the geometry comes from
// orientationMark, the SVG markup from orientationSvg, the canvas strokes from drawOrientation.
import type { SectionPlane } from '../compute/section-plane.ts';

/** Which way a figure faces: the anatomical direction up and to the right (down and left are their opposites). */
export interface OrientationWords {
  readonly up: string;
  readonly right: string;
}

/**
 * Slice panels show the left hemisphere with the right one folded onto it (bsv's fold-sum): dorsal
 * is up; in coronal slices ML grows to the right, towards the midline (medial); in sagittal slices
 * AP grows to the right (posterior).
 */
export function sliceOrientation(plane: 'coronal' | 'sagittal'): OrientationWords {
  return { up: 'dorsal', right: plane === 'coronal' ? 'medial' : 'posterior' };
}

/**
 * Whole (unfolded) projectome sections, as compute/section-plane.ts lays them out: coronal rows =
 * DV (dorsal first), columns = ML (CCF left hemisphere first, so the right hemisphere is to the
 * right); sagittal rows = DV, columns = AP (anterior first); horizontal rows = ML (left hemisphere
 * first, so the top is left), columns = AP.
 */
export function sectionOrientation(plane: SectionPlane): OrientationWords {
  if (plane === 'coronal') return { up: 'dorsal', right: 'right' };
  if (plane === 'sagittal') return { up: 'dorsal', right: 'posterior' };
  return { up: 'left', right: 'posterior' };
}

/** Where a mark goes: the corner of its arrows and their length (CSS px), and the figure's font size. */
export interface OrientationPlace {
  readonly orientation: { readonly x: number; readonly y: number; readonly armPx: number };
  readonly fontPx: number;
}

/** An orientation mark as drawing primitives (CSS px). */
export interface OrientationMark {
  /** Two arrows from the corner, up and to the right, with their heads (one SVG path). */
  readonly path: string;
  readonly labels: readonly { readonly x: number; readonly y: number; readonly text: string }[];
  readonly fontPx: number;
}

/** Font size of the mark's labels for a figure font size. */
export const orientationFontPx = (fontPx: number): number => fontPx * 0.85;

export function orientationMark(at: OrientationPlace, words: OrientationWords): OrientationMark {
  const { x, y, armPx: a } = at.orientation;
  const h = Math.max(3, a * 0.22);
  const r = (v: number) => Math.round(v * 100) / 100;
  const path = [
    `M${r(x)} ${r(y - a)}L${r(x)} ${r(y)}L${r(x + a)} ${r(y)}`,
    `M${r(x - h)} ${r(y - a + h)}L${r(x)} ${r(y - a)}L${r(x + h)} ${r(y - a + h)}`,
    `M${r(x + a - h)} ${r(y - h)}L${r(x + a)} ${r(y)}L${r(x + a - h)} ${r(y + h)}`,
  ].join('');
  const fs = orientationFontPx(at.fontPx);
  return {
    path,
    labels: [
      { x: x + h + 2, y: y - a + fs * 0.8, text: words.up },
      { x: x + a + 3, y: y + fs * 0.35, text: words.right },
    ],
    fontPx: fs,
  };
}

/** Stroke of the arrows and fill of the labels. */
export const ORIENTATION_COLOR = '#333';
export const ORIENTATION_LINE_PX = 1.2;

/** The mark as an SVG group; `escape` makes the labels safe for XML. */
export function orientationSvg(m: OrientationMark, escape: (s: string) => string): string {
  const n = (v: number): string => String(Math.round(v * 100) / 100);
  const labels = m.labels.map((l) => `<text x="${n(l.x)}" y="${n(l.y)}">${escape(l.text)}</text>`).join('');
  return `<g class="orientation" font-size="${n(m.fontPx)}" fill="${ORIENTATION_COLOR}"><path d="${m.path}" fill="none" stroke="${ORIENTATION_COLOR}" stroke-width="${ORIENTATION_LINE_PX}"/>${labels}</g>`;
}

/** The mark on a 2D canvas (CSS px coordinates; the caller sets the scale). */
export function drawOrientation(g: CanvasRenderingContext2D, m: OrientationMark, fontFamily: string): void {
  g.save();
  g.strokeStyle = ORIENTATION_COLOR;
  g.lineWidth = ORIENTATION_LINE_PX;
  g.stroke(new Path2D(m.path));
  g.fillStyle = ORIENTATION_COLOR;
  g.font = `${m.fontPx}px ${fontFamily}`;
  g.textAlign = 'left';
  g.textBaseline = 'alphabetic';
  for (const l of m.labels) g.fillText(l.text, l.x, l.y);
  g.restore();
}
