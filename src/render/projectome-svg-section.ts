// The atlas section of a projectome SVG as vector layers (pure): the brain's inside as one filled
// path (the union of labelled cells), the annotation boundaries as one stroked path, and the
// target as a filled path with its outline stroked inside it (clipped to the region, as the
// WebGL shader draws the outline within the target's cells). Colours and widths are the
// renderer's defaults (projectome-renderer.ts), so the file matches the screen.
import { rgbToHex } from './colormaps';
import type { ProjectomeBackground, ProjectomeStyle, ProjectomeTarget } from './projectome-types';
import type { SectionViewport } from './section-viewport';
import { labelEdgesPath, regionPath } from './svg-paths';

const num = (v: number): string => String(Math.round(v * 100) / 100);

/** Corner (r, c) of a raster of `res` µm cells in CSS px. */
const corner = (vp: SectionViewport, res: number) => (r: number, c: number) => vp.ccfToCssPx(r * res, c * res);

export function backgroundSvg(bg: ProjectomeBackground, vp: SectionViewport, style: ProjectomeStyle): string[] {
  const at = corner(vp, bg.resolutionUm);
  const n = bg.rows * bg.cols;
  const insideFill = rgbToHex(style.insideColor ?? [0.95, 0.95, 0.95]);
  const lineColor = rgbToHex(style.boundaryColor ?? [0.35, 0.35, 0.35]);
  const layers: string[] = [];
  const ann = bg.annotation ?? null;
  if (ann && ann.length === n) {
    const inside = regionPath((i) => (ann[i] ?? 0) !== 0, bg.rows, bg.cols, at);
    if (inside) layers.push(`<path class="inside" d="${inside}" fill="${insideFill}" fill-rule="evenodd"/>`);
    const d = labelEdgesPath(ann, bg.rows, bg.cols, at);
    if (d) layers.push(`<path class="boundaries" d="${d}" fill="none" stroke="${lineColor}" stroke-width="${num(style.boundaryWidthPx ?? 1)}"/>`);
    return layers;
  }
  // older input: a brain mask and a boundary-pixel image, both as filled cell regions
  const mask = bg.inside?.length === n ? bg.inside : null;
  const labels = bg.labels?.length === n ? bg.labels : null;
  if (mask) {
    const inside = regionPath((i) => (mask[i] ?? 0) !== 0, bg.rows, bg.cols, at);
    if (inside) layers.push(`<path class="inside" d="${inside}" fill="${insideFill}" fill-rule="evenodd"/>`);
  }
  if (labels) {
    const d = regionPath((i) => (labels[i] ?? 0) !== 0, bg.rows, bg.cols, at);
    if (d) layers.push(`<path class="boundaries" d="${d}" fill="${lineColor}" fill-rule="evenodd"/>`);
  }
  return layers;
}

export function targetSvg(tg: ProjectomeTarget, vp: SectionViewport, style: ProjectomeStyle): string[] {
  if (tg.mask.length !== tg.rows * tg.cols) return [];
  const mask = tg.mask;
  const d = regionPath((i) => (mask[i] ?? 0) !== 0, tg.rows, tg.cols, corner(vp, tg.resolutionUm));
  if (!d) return [];
  const color = rgbToHex(tg.color);
  const line = style.targetLineWidthPx ?? 1.5;
  return [
    `<defs><clipPath id="target-inside"><path d="${d}" clip-rule="evenodd"/></clipPath></defs>`,
    `<g class="target"><path class="target-fill" d="${d}" fill="${color}" fill-opacity="${num(style.targetFillAlpha ?? 0.15)}" fill-rule="evenodd"/>` +
      `<path class="target-outline" d="${d}" fill="none" stroke="${color}" stroke-opacity="${num(style.targetLineAlpha ?? 0.8)}" stroke-width="${num(2 * line)}" clip-path="url(#target-inside)"/></g>`,
  ];
}
