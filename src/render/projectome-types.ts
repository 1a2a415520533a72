// Input of the projectome renderer (read-only; the renderer never mutates or keeps ownership).
// Raster conventions (all rasters): row-major rows × cols, row 0 = dorsal (DV 0 µm), columns =
// ML increasing (CCF left hemisphere on the left of the screen), cell (r, c) covers
// DV [r·res, (r+1)·res) × ML [c·res, (c+1)·res) µm. Colours: RGB floats in [0, 1].

import type { Rgb } from './colormaps';
import type { SectionExtent } from './section-viewport';

export interface RasterShape {
  readonly rows: number;
  readonly cols: number;
  readonly resolutionUm: number;
}

export interface ProjectomeBackground extends RasterShape {
  /**
   * Preferred: leaf structure ids of the section (0 = outside the brain). Boundaries are then
   * drawn as thin lines (boundaryWidthPx) centred on every cell side whose two cells differ, at
   * any zoom, and the brain is tinted; `labels` and `inside` are ignored.
   */
  readonly annotation?: Uint32Array | null;
  /** Boundary image at atlas resolution (50 or 25 µm): 1 = boundary pixel. Null = none drawn. */
  readonly labels?: Uint8Array | null;
  /** Optional brain mask (1 = inside the brain), same shape: tinted light grey. */
  readonly inside?: Uint8Array | null;
  /** Bump when the arrays' contents change in place (identity is checked too). */
  readonly version?: number;
}

export interface ProjectomeTarget extends RasterShape {
  /** 1 = target region at this section. */
  readonly mask: Uint8Array;
  readonly color: Rgb;
  readonly version?: number;
}

export interface ProjectomeSource {
  /** Alpha map in [0, 1], rows × cols of `sourceShape` (ProjectomeFrame.alpha[s]). */
  readonly alpha: Float32Array;
  readonly color: Rgb;
  readonly visible: boolean;
  /**
   * Upload only when this changes (or the array object changes). Omit to upload every draw —
   * required if the same array is refilled in place without a new version.
   */
  readonly version?: number;
}

export interface ProjectomeInjectionDots {
  /** (dv, ml) µm pairs. */
  readonly positionsUm: Float32Array;
  /** Marker diameter in CSS px, outline included (see markerAreaToDiameterCssPx). */
  readonly sizesPx: Float32Array;
  /** RGB floats per dot. */
  readonly colors: Float32Array;
}

export interface ProjectomeDrawInput {
  /** CCF extent drawn; default FULL_CORONAL_SECTION. */
  readonly section?: SectionExtent;
  readonly background?: ProjectomeBackground | null;
  readonly target?: ProjectomeTarget | null;
  readonly sources: readonly ProjectomeSource[];
  /** Shape of every source alpha map; default 80 × 114 at 100 µm (the density grid). */
  readonly sourceShape?: RasterShape;
  /** Draw order (indices into `sources`), weakest first; default 0 … n−1. */
  readonly order?: Int32Array | readonly number[];
  readonly injections?: ProjectomeInjectionDots | null;
}

export interface ProjectomeStyle {
  /** Page / outside-brain colour (default white). */
  readonly pageColor?: Rgb;
  readonly insideColor?: Rgb;
  readonly boundaryColor?: Rgb;
  /** Width of annotation boundary lines in CSS px (default 1). */
  readonly boundaryWidthPx?: number;
  /** Target fill and outline opacity (default 0.15 and 0.8). */
  readonly targetFillAlpha?: number;
  readonly targetLineAlpha?: number;
  /** Target outline width in CSS px (default 1.5). */
  readonly targetLineWidthPx?: number;
  /** Global multiplier of the source alpha maps (default 1). */
  readonly sourceOpacity?: number;
  /** Dot outline width in CSS px (default 1) and dot opacity (default 0.9, bsv). */
  readonly dotOutlinePx?: number;
  readonly dotAlpha?: number;
  /** Padding inside the canvas around the section, CSS px (default 0). */
  readonly paddingCssPx?: number;
}

/** The density grid's coronal plane: 80 DV × 114 ML at 100 µm. */
export const DENSITY_SECTION_SHAPE: RasterShape = { rows: 80, cols: 114, resolutionUm: 100 };

/** matplotlib scatter marker area (pt², ProjectomeContext.markerSizes) → diameter in CSS px (1 pt = 4/3 px). */
export function markerAreaToDiameterCssPx(areaPt2: number): number {
  return Math.sqrt(Math.max(0, areaPt2)) * (96 / 72);
}
