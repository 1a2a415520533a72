// PNG export of the 3D view: the scene drawn again at the chosen scale (SceneCapture), cropped to
// what is not background (found on a 1× capture, plus a margin, so every scale frames the same
// CSS-px box), under its title and beside its legend; the PNG is exactly scale × the layout.
import { brainFigureLayout } from '../../render/brain-figure-layout.ts';
import { contentBox, cropRect } from '../../render/content-box.ts';
import type { ExportScale } from '../../render/export-scale.ts';
import { canvasToPngBlob } from '../../render/svg-to-png.ts';

export interface LegendLine {
  readonly label: string;
  readonly color: string;
}

/** A copy (2D canvas) of the scene drawn at `pixelRatio` device px per CSS px of its canvas. */
export type SceneCapture = (pixelRatio: number) => HTMLCanvasElement;

/** CSS px kept around the scene's content. */
export const CROP_MARGIN_CSS = 12;
const FONT_PX = 13;
const font = (bold: boolean) => `${bold ? 'bold ' : ''}${FONT_PX}px Helvetica, Arial, sans-serif`;

export function composeBrainFigure(capture: SceneCapture, scale: ExportScale, title: string, legend: readonly LegendLine[]): HTMLCanvasElement {
  const one = capture(1);
  const g1 = one.getContext('2d');
  if (!g1) throw new Error('a 2D canvas is not available in this browser');
  const box = contentBox(g1.getImageData(0, 0, one.width, one.height).data, one.width, one.height, [255, 255, 255], 2);
  const crop = cropRect(box, 1, CROP_MARGIN_CSS, one.width, one.height);
  const full = scale === 1 ? one : capture(scale);

  g1.font = font(true);
  const titleWidth = Math.ceil(g1.measureText(title).width);
  g1.font = font(false);
  const lay = brainFigureLayout(
    crop,
    titleWidth,
    legend.map((l) => Math.ceil(g1.measureText(l.label).width)),
    FONT_PX,
  );

  const out = document.createElement('canvas');
  out.width = lay.width * scale;
  out.height = lay.height * scale;
  const g = out.getContext('2d');
  if (!g) throw new Error('a 2D canvas is not available in this browser');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, out.width, out.height);
  // the crop in the scaled capture is copied 1:1 (scale × crop px to scale × crop px)
  g.drawImage(
    full,
    crop.x * scale,
    crop.y * scale,
    crop.width * scale,
    crop.height * scale,
    lay.scene.x * scale,
    lay.scene.y * scale,
    crop.width * scale,
    crop.height * scale,
  );
  g.scale(scale, scale);
  g.fillStyle = '#000000';
  g.font = font(true);
  g.fillText(title, lay.title.x, lay.title.y);
  g.font = font(false);
  legend.forEach((l, i) => {
    const e = lay.legend[i];
    if (!e) return;
    g.beginPath();
    g.arc(e.cx, e.cy, e.r, 0, 2 * Math.PI);
    g.fillStyle = l.color;
    g.fill();
    g.strokeStyle = '#000000';
    g.lineWidth = 0.5;
    g.stroke();
    g.fillStyle = '#000000';
    g.fillText(l.label, e.tx, e.ty);
  });
  return out;
}

export function brainPng(capture: SceneCapture, scale: ExportScale, title: string, legend: readonly LegendLine[]): Promise<Blob> {
  return canvasToPngBlob(composeBrainFigure(capture, scale, title, legend));
}
