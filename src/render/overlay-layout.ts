// Where the figure furniture goes (CSS px), shared by SVG export, the PNG composer and the
// screen overlay so all agree: title at the top-left, legend at the top-right ("Input regions",
// bsv), 1 mm scale bar at the bottom-left of the section, orientation mark at its bottom-right,
// colour bar at the right edge. Pure.

import type { Rgb } from './colormaps';
import { orientationFontPx, orientationMark, type OrientationMark, type OrientationWords } from './orientation-mark';
import { scaleBarLength, type ScaleBar } from './scale-bar';
import type { CssRect, SectionViewport } from './section-viewport';
import { measuredWidth } from './text-measure';

export interface LegendEntry {
  readonly label: string;
  readonly color: Rgb;
}

export interface OverlaySpec {
  readonly title?: string;
  readonly legendTitle?: string;
  readonly legend?: readonly LegendEntry[];
  readonly scaleBar?: boolean;
  /** Directions the section faces (orientation-mark.ts); omitted = no mark. */
  readonly orientation?: OrientationWords | null;
  /**
   * The projectome's colour key: a ramp from the page colour (0) to opaque (the ceiling), with
   * what the values are (`label`) and the ceiling as text.
   */
  readonly colorKey?: { readonly label: string; readonly max: string };
  readonly fontPx?: number;
}

type TextAt = { x: number; y: number; text: string };

export interface OverlayLayout {
  readonly fontPx: number;
  readonly title: { x: number; y: number; text: string } | null;
  readonly legend: {
    readonly box: CssRect;
    readonly title: { x: number; y: number; text: string } | null;
    readonly entries: {
      cx: number;
      cy: number;
      r: number;
      tx: number;
      ty: number;
      label: string;
      color: Rgb;
    }[];
  } | null;
  readonly scaleBar: { x: number; y: number; bar: ScaleBar; labelX: number; labelY: number } | null;
  readonly orientation: OrientationMark | null;
  /**
   * Ramp box (left: 0, right: the ceiling); `label` and `max` end at their x, `min` starts at its
   * x. Its text is drawn with a page-coloured halo so it reads over the section's lines.
   */
  readonly colorKey: { readonly ramp: CssRect; readonly label: TextAt; readonly min: TextAt; readonly max: TextAt } | null;
}

/** Colour of the key's ramp at its full end (the legend's rgba(60, 60, 60, 1) on screen). */
export const COLOR_KEY_RGB = [60, 60, 60] as const;

/** The overlay's font (png-export.ts draws it; the SVG names it). */
export const OVERLAY_FONT = 'Helvetica, Arial, sans-serif';

/** Text width for layout: the larger of 0.6 em per character and the width measured by this browser (text-measure.ts). */
export function approxTextWidth(text: string, fontPx: number, bold = false): number {
  const e = [...text].length * fontPx * 0.6;
  const m = measuredWidth(text, `${bold ? 'bold ' : ''}${fontPx}px ${OVERLAY_FONT}`);
  return m === null ? e : Math.max(e, m);
}

export function overlayLayout(spec: OverlaySpec, vp: SectionViewport, width: number): OverlayLayout {
  const f = spec.fontPx ?? 12;
  const pad = 8;
  const title = spec.title ? { x: pad, y: pad + f, text: spec.title } : null;
  let legend: OverlayLayout['legend'] = null;
  const entries = spec.legend ?? [];
  if (entries.length > 0) {
    const lt = spec.legendTitle ?? 'Input regions';
    const line = f * 1.5;
    const textW = Math.max(approxTextWidth(lt, f), ...entries.map((e) => approxTextWidth(e.label, f) + f * 1.5));
    const w = textW + 2 * pad;
    const h = pad * 2 + line * (entries.length + (lt ? 1 : 0));
    const box = { x: width - w - pad, y: pad + (title ? f * 1.5 : 0), width: w, height: h };
    let y = box.y + pad;
    const lTitle = lt ? { x: box.x + pad, y: y + f, text: lt } : null;
    if (lt) y += line;
    legend = {
      box,
      title: lTitle,
      entries: entries.map((e) => {
        const cy = y + line / 2;
        y += line;
        return {
          cx: box.x + pad + f / 2,
          cy,
          r: f * 0.4,
          tx: box.x + pad + f * 1.5,
          ty: cy + f * 0.35,
          label: e.label,
          color: e.color,
        };
      }),
    };
  }
  const bar = spec.scaleBar === false ? null : scaleBarLength(vp.umPerCssPx);
  const scaleBar =
    bar && vp.rect.width > 0
      ? {
          x: vp.rect.x + pad,
          y: vp.rect.y + vp.rect.height - pad - f * 1.4,
          bar,
          labelX: vp.rect.x + pad + bar.lengthPx / 2,
          labelY: vp.rect.y + vp.rect.height - pad,
        }
      : null;
  const ck = spec.colorKey;
  let colorKey: OverlayLayout['colorKey'] = null;
  if (ck && vp.rect.width > 0) {
    const right = vp.rect.x + vp.rect.width - pad;
    const bottom = vp.rect.y + vp.rect.height - pad;
    const w = Math.min(f * 10, vp.rect.width / 3);
    const ramp = { x: right - w, y: bottom - f * 1.4 - f * 0.8, width: w, height: f * 0.8 };
    colorKey = {
      ramp,
      label: { x: right, y: ramp.y - f * 0.4, text: ck.label },
      min: { x: ramp.x, y: bottom, text: '0' },
      max: { x: right, y: bottom, text: ck.max },
    };
  }
  const words = spec.orientation;
  let orientation: OrientationMark | null = null;
  if (words && vp.rect.width > 0) {
    const fs = orientationFontPx(f);
    const armPx = 1.8 * f;
    // bottom right, or left of the colour key (its label is right-aligned, so it may run further left)
    const keyLeft = colorKey ? Math.min(colorKey.ramp.x, colorKey.label.x - approxTextWidth(colorKey.label.text, f)) - 2 * f : null;
    const right = keyLeft ?? vp.rect.x + vp.rect.width - pad;
    const x = right - armPx - 3 - approxTextWidth(words.right, fs);
    const y = vp.rect.y + vp.rect.height - pad - fs * 0.6;
    orientation = orientationMark({ orientation: { x, y, armPx }, fontPx: f }, words);
  }
  return { fontPx: f, title, legend, scaleBar, orientation, colorKey };
}
