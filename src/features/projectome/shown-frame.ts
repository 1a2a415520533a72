// What the projectome canvas shows, read from the CPU-side copies of the data the renderer drew
// (no worker call): the hover readout, and the frame as a ProjectomeDrawInput for the SVG export.
// Section coordinates (row µm, column µm; the canvas viewport's "dvUm", "mlUm") are the plane's
// image axes; hoverInfo gives CCF AP, DV, ML (compute/section-plane.ts).
import { ccfToPlane, planeToCcf } from '../../compute/section-plane.ts';
import type { ProjectomeStack } from '../../compute/projectome-stack.ts';
import { stackAlpha } from '../../compute/projectome-stack.ts';
import type { SectionStack } from '../../compute/section-stack.ts';
import type { Rgb } from '../../render/colormaps.ts';
import { markerAreaToDiameterCssPx, type ProjectomeDots, type ProjectomeDrawInput } from '../../render/projectome-types.ts';
import type { SectionViewport } from '../../render/section-viewport.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';

/** The data of one prepared projectome as the canvas holds it. */
export interface StageData {
  readonly result: ProjectomeResult;
  readonly stack: ProjectomeStack;
  readonly sections: SectionStack;
  readonly dots: ProjectomeDots;
}

/** The frame on screen. */
export interface ShownFrame {
  readonly apIndex: number;
  readonly data: StageData;
  readonly colors: readonly Rgb[];
  readonly visible: readonly boolean[];
  readonly targetColor: Rgb;
  /** Stack ceiling ÷ the ceiling shown. */
  readonly gain: number;
  readonly viewport: SectionViewport;
  readonly canvas: HTMLCanvasElement;
  readonly cssWidth: number;
  readonly cssHeight: number;
}

export interface HoverInfo {
  readonly apUm: number;
  readonly dvUm: number;
  readonly mlUm: number;
  readonly structureId: number;
  readonly densities: ReadonlyArray<{ readonly value: number; readonly atCeiling: boolean }>;
}

/** Every injection dot of a result, in the order the worker indexes them. */
export function dotsOf(result: ProjectomeResult): ProjectomeDots {
  const n = result.injections.length;
  const positionsUm = new Float32Array(2 * n);
  const sizesPx = new Float32Array(n);
  const sources = new Float32Array(n);
  result.injections.forEach((d, i) => {
    const [, row, col] = ccfToPlane(result.plane, d.coordUm);
    positionsUm[2 * i] = row;
    positionsUm[2 * i + 1] = col;
    sizesPx[i] = markerAreaToDiameterCssPx(result.summary.markerSizes[i] ?? 20);
    sources[i] = d.source;
  });
  return { positionsUm, sizesPx, sources };
}

/**
 * What is under a section point (row µm, column µm) of the frame: its CCF coordinates, structure
 * (the drawing atlas's label section, 50 or 25 µm) and each source's density there (opacity × ceiling; the opacity is
 * clamped at 1, so values at the ceiling read "≥").
 */
export function hoverInfo(shown: ShownFrame, dvUm: number, mlUm: number): HoverInfo {
  const { stack, sections, result } = shown.data;
  const k = shown.apIndex - sections.apStart;
  const r = Math.floor(dvUm / sections.resolutionUm);
  const c = Math.floor(mlUm / sections.resolutionUm);
  const inSection = k >= 0 && k < sections.apCount && r >= 0 && c >= 0 && r < sections.rows && c < sections.cols;
  const structureId = inSection ? (sections.labels[(k * sections.rows + r) * sections.cols + c] ?? 0) : 0;
  const ks = shown.apIndex - stack.apStart;
  const fr = Math.floor(dvUm / stack.resolutionUm) - stack.crop.r0;
  const fc = Math.floor(mlUm / stack.resolutionUm) - stack.crop.c0;
  const inCrop = ks >= 0 && ks < stack.apCount && fr >= 0 && fc >= 0 && fr < stack.crop.rows && fc < stack.crop.cols;
  const ceiling = result.summary.ceiling;
  const densities = Array.from({ length: result.sources.length }, (_, s) => {
    if (!inCrop) return { value: 0, atCeiling: false };
    const v = (stack.values[((ks * stack.sources + s) * stack.crop.rows + fr) * stack.crop.cols + fc] ?? 0) * shown.gain;
    const a = v < 0 ? 0 : v > 1 ? 1 : v;
    return { value: a * ceiling, atCeiling: a >= 1 };
  });
  // the slice coordinate = grid index × 100 µm, the slice's lower (coronal: anterior) face: the
  // number the slider and the URL show
  const [apUm, dv, ml] = planeToCcf(result.plane, shown.apIndex * 100, dvUm, mlUm);
  return { apUm, dvUm: dv, mlUm: ml, structureId, densities };
}

/** The frame on screen as one ProjectomeDrawInput (SVG export): the same layers, in the same order. */
export function drawInputOf(shown: ShownFrame): ProjectomeDrawInput {
  const { stack, sections, dots } = shown.data;
  const n = stack.rows * stack.cols;
  const alpha = stackAlpha(stack, shown.apIndex, new Float32Array(stack.sources * n), shown.gain);
  const k = shown.apIndex - sections.apStart;
  const m = sections.rows * sections.cols;
  const hasSection = k >= 0 && k < sections.apCount;
  const ks = shown.apIndex - stack.apStart;
  const hasStack = ks >= 0 && ks < stack.apCount;
  const shownDots = hasStack
    ? Array.from(stack.injectionIndices.subarray(stack.injectionOffsets[ks] ?? 0, stack.injectionOffsets[ks + 1] ?? 0)).filter(
        (i) => shown.visible[dots.sources[i] ?? -1] !== false,
      )
    : [];
  return {
    background: hasSection
      ? { annotation: sections.labels.subarray(k * m, (k + 1) * m), rows: sections.rows, cols: sections.cols, resolutionUm: sections.resolutionUm }
      : null,
    target: hasSection
      ? {
          mask: sections.targetMask.subarray(k * m, (k + 1) * m),
          rows: sections.rows,
          cols: sections.cols,
          resolutionUm: sections.resolutionUm,
          color: shown.targetColor,
        }
      : null,
    sources: Array.from({ length: stack.sources }, (_, s) => ({
      alpha: alpha.subarray(s * n, (s + 1) * n),
      color: shown.colors[s] ?? [0, 0, 0],
      visible: shown.visible[s] !== false,
    })),
    sourceShape: { rows: stack.rows, cols: stack.cols, resolutionUm: stack.resolutionUm },
    // the plane's whole section (coronal: FULL_CORONAL_SECTION), as the canvas draws it
    section: { dvMinUm: 0, dvMaxUm: stack.rows * stack.resolutionUm, mlMinUm: 0, mlMaxUm: stack.cols * stack.resolutionUm },
    order: hasStack ? stack.order.subarray(ks * stack.sources, (ks + 1) * stack.sources) : [],
    injections: {
      positionsUm: Float32Array.from(shownDots.flatMap((i) => [dots.positionsUm[2 * i] ?? 0, dots.positionsUm[2 * i + 1] ?? 0])),
      sizesPx: Float32Array.from(shownDots, (i) => dots.sizesPx[i] ?? 0),
      colors: Float32Array.from(shownDots.flatMap((i) => [...(shown.colors[dots.sources[i] ?? 0] ?? [0, 0, 0])])),
    },
  };
}
