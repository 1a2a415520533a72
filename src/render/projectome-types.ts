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

/**
 * Cell boxes, one per AP position: Int32 [n][4] = first row, last row, first column, last column
 * (inclusive) of the cells drawn; −1s when none.
 */
export type CellBoxes = Int32Array;

/**
 * The drawn atlas sections over an AP extent (compute/section-stack.ts): per 100 µm AP index
 * apStart + k, a rows × cols label image and target mask at `resolutionUm`.
 */
export interface ProjectomeSections extends RasterShape {
  readonly apStart: number;
  readonly apCount: number;
  /** Uint32 [apCount][rows][cols]: leaf structure ids, 0 = outside the brain. */
  readonly labels: Uint32Array;
  /** Uint8 [apCount][rows][cols]: 1 = target. */
  readonly targetMask: Uint8Array;
  readonly brainBoxes: CellBoxes;
  readonly targetBoxes: CellBoxes;
  /** Uint8 [apCount][rows][cols][2]: what each cell draws (compute/section-stack.ts SectionStack.cellCodes). */
  readonly cellCodes: Uint8Array;
}

/**
 * The sources over an AP extent (compute/projectome-stack.ts): per AP index apStart + k and
 * source s a crop.rows × crop.cols tile of values whose clamp to [0, 1] is the opacity (values ×
 * gain, see ProjectomeFrameState), the draw order, the cells to draw and the visible dots. The
 * crop sits at (crop.r0, crop.c0) in the rows × cols section of `resolutionUm` cells.
 */
export interface ProjectomeSourceStack extends RasterShape {
  readonly apStart: number;
  readonly apCount: number;
  readonly sources: number;
  readonly crop: { readonly r0: number; readonly c0: number; readonly rows: number; readonly cols: number };
  /** Float32 [apCount][sources][crop.rows][crop.cols]. */
  readonly values: Float32Array;
  /** Int32 [apCount][sources]: source indices, weakest first. */
  readonly order: Int32Array;
  readonly targetBoxes: CellBoxes;
  /** Dots visible at AP apStart + k: injectionIndices[injectionOffsets[k] … injectionOffsets[k + 1]). */
  readonly injectionOffsets: Int32Array;
  readonly injectionIndices: Int32Array;
}

/** Every injection dot of a projectome, indexed as ProjectomeSourceStack.injectionIndices. */
export interface ProjectomeDots {
  /** (dv, ml) µm pairs. */
  readonly positionsUm: Float32Array;
  /** Marker diameter in CSS px, outline included (see markerAreaToDiameterCssPx). */
  readonly sizesPx: Float32Array;
  /** Source index of each dot (its colour and visibility are the source's). */
  readonly sources: Float32Array;
}

/** What one draw shows: the AP position and everything that is only a uniform. */
export interface ProjectomeFrameState {
  readonly apIndex: number;
  /** Per source: colour and visibility. */
  readonly colors: readonly Rgb[];
  readonly visible: readonly boolean[];
  readonly targetColor: Rgb;
  /** Multiplies every source value before the clamp (a new ceiling: stack ceiling ÷ new ceiling); default 1. */
  readonly gain?: number;
  /** Opacity multiplier of every source (default style.sourceOpacity, else 1). */
  readonly opacity?: number;
}

/** The density grid's coronal plane: 80 DV × 114 ML at 100 µm. */
export const DENSITY_SECTION_SHAPE: RasterShape = { rows: 80, cols: 114, resolutionUm: 100 };

/** matplotlib scatter marker area (pt², ProjectomeContext.markerSizes) → diameter in CSS px (1 pt = 4/3 px). */
export function markerAreaToDiameterCssPx(areaPt2: number): number {
  return Math.sqrt(Math.max(0, areaPt2)) * (96 / 72);
}
