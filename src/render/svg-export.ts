// SVG export of a projectome frame (pure; runs in Node). Same input as the WebGL renderer, so
// the file matches the screen. A vector figure: the brain's inside, the annotation boundaries and
// the target as paths (projectome-svg-section.ts), injection dots as <circle>s, title, legend,
// 1 mm scale bar, orientation mark and an optional colour bar as vector elements. Only the source
// density heatmaps are rasters: one nearest-neighbour <image> per visible source (a PNG data URL
// at the data's own resolution, stacked in draw order so overlaps blend "over" as on screen).
// Every piece of text goes through escapeXml.

import { colormapLut, rgbToHex, type ColormapName, type Rgb } from './colormaps';
import { COLOR_KEY_RGB, OVERLAY_FONT, overlayLayout, type OverlaySpec } from './overlay-layout';
import { pngDataUrl } from './png-encode';
import { orientationSvg } from './orientation-mark';
import { backgroundSvg, targetSvg } from './projectome-svg-section';
import { DENSITY_SECTION_SHAPE, type ProjectomeDrawInput, type ProjectomeStyle, type RasterShape } from './projectome-types';
import { formatTicks, niceTicks } from './scale-bar';
import { FULL_CORONAL_SECTION, sectionViewport, type SectionViewport } from './section-viewport';

/** Escape text / attribute values for XML; drops characters XML 1.0 forbids. */
export function escapeXml(s: string): string {
  let clean = '';
  for (const ch of String(s)) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) continue;
    clean += ch;
  }
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const num = (v: number): string => String(Math.round(v * 100) / 100);
const byte = (v: number): number => Math.round(255 * Math.min(1, Math.max(0, v)));

export interface ColorBarSpec {
  readonly colormap: ColormapName;
  readonly limits: readonly [number, number];
  readonly label?: string;
}

export interface ProjectomeSvgInput {
  /** Figure size in CSS px (the section is letterboxed inside, as on screen). */
  readonly width: number;
  readonly height: number;
  readonly frame: ProjectomeDrawInput;
  readonly style?: ProjectomeStyle;
  readonly overlay?: OverlaySpec;
  readonly colorBar?: ColorBarSpec | null;
}

/** RGBA raster of a source overlay: its colour with per-pixel alpha (NaN → 0). */
export function sourceRgba(alpha: Float32Array, color: Rgb, opacity = 1): Uint8Array {
  const out = new Uint8Array(alpha.length * 4);
  const [r, g, b] = [byte(color[0]), byte(color[1]), byte(color[2])];
  for (let i = 0; i < alpha.length; i++) {
    const a = alpha[i] ?? 0;
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = a > 0 ? byte(a * opacity) : 0;
  }
  return out;
}

/** A source's density heatmap: the only raster of the figure, at the data's own resolution. */
function imageTag(vp: SectionViewport, shape: RasterShape, rgba: Uint8Array, source: number): string {
  const p0 = vp.ccfToCssPx(0, 0);
  const p1 = vp.ccfToCssPx(shape.rows * shape.resolutionUm, shape.cols * shape.resolutionUm);
  return `<image class="source" data-source="${source}" x="${num(p0.x)}" y="${num(p0.y)}" width="${num(p1.x - p0.x)}" height="${num(p1.y - p0.y)}" preserveAspectRatio="none" style="image-rendering:pixelated;image-rendering:crisp-edges" href="${pngDataUrl(rgba, shape.cols, shape.rows)}"/>`;
}

export function colorBarSvg(spec: ColorBarSpec, x: number, y: number, h: number, fontPx: number): string {
  const lut = colormapLut(spec.colormap);
  const stops: string[] = [];
  for (let k = 0; k <= 16; k++) {
    const i = Math.min(255, k * 16);
    const hex = rgbToHex([(lut[3 * i] ?? 0) / 255, (lut[3 * i + 1] ?? 0) / 255, (lut[3 * i + 2] ?? 0) / 255]);
    stops.push(`<stop offset="${num((k / 16) * 100)}%" stop-color="${hex}"/>`);
  }
  const [lo, hi] = spec.limits;
  const w = fontPx;
  const parts = [
    `<defs><linearGradient id="cbar" x1="0" y1="1" x2="0" y2="0">${stops.join('')}</linearGradient></defs>`,
    `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="url(#cbar)" stroke="#333" stroke-width="0.5"/>`,
  ];
  const ticks = hi > lo ? niceTicks(lo, hi, 5) : [];
  const labels = formatTicks(ticks);
  for (const [k, t] of ticks.entries()) {
    const ty = y + h - ((t - lo) / (hi - lo)) * h;
    parts.push(`<line x1="${num(x + w)}" y1="${num(ty)}" x2="${num(x + w + 4)}" y2="${num(ty)}" stroke="#333" stroke-width="0.75"/>`);
    parts.push(`<text x="${num(x + w + 6)}" y="${num(ty + fontPx * 0.35)}">${escapeXml(labels[k] ?? '')}</text>`);
  }
  if (spec.label) parts.push(`<text x="${num(x)}" y="${num(y - fontPx * 0.6)}">${escapeXml(spec.label)}</text>`);
  return `<g class="colorbar">${parts.join('')}</g>`;
}

export function projectomeSvg(input: ProjectomeSvgInput): string {
  const { width, height, frame, style = {} } = input;
  const f = input.overlay?.fontPx ?? 12;
  const cbarSpace = input.colorBar ? f * 6 : 0;
  const vp = sectionViewport(frame.section ?? FULL_CORONAL_SECTION, { x: 0, y: 0, width: Math.max(0, width - cbarSpace), height }, style.paddingCssPx ?? 0);
  const page = rgbToHex(style.pageColor ?? [1, 1, 1]);
  // text that may sit over the section: a page-coloured halo keeps boundary lines out of it
  const halo = `stroke="${page}" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`;
  const body: string[] = [`<rect width="100%" height="100%" fill="${page}"/>`];
  const r = vp.rect;
  body.push(`<defs><clipPath id="section"><rect x="${num(r.x)}" y="${num(r.y)}" width="${num(r.width)}" height="${num(r.height)}"/></clipPath></defs>`);
  const layers: string[] = [];
  if (frame.background && r.width > 0) layers.push(...backgroundSvg(frame.background, vp, style));
  if (frame.target && r.width > 0) layers.push(...targetSvg(frame.target, vp, style));
  const shape = frame.sourceShape ?? DENSITY_SECTION_SHAPE;
  const order = frame.order ?? frame.sources.map((_, i) => i);
  for (const s of order) {
    const src = frame.sources[s];
    if (!src || !src.visible || src.alpha.length !== shape.rows * shape.cols || r.width === 0) continue;
    layers.push(imageTag(vp, shape, sourceRgba(src.alpha, src.color, style.sourceOpacity ?? 1), s));
  }
  const inj = frame.injections;
  if (inj && r.width > 0) {
    const count = Math.min(inj.positionsUm.length >> 1, inj.sizesPx.length, Math.floor(inj.colors.length / 3));
    const ow = style.dotOutlinePx ?? 1;
    for (let i = 0; i < count; i++) {
      const p = vp.ccfToCssPx(inj.positionsUm[2 * i] ?? 0, inj.positionsUm[2 * i + 1] ?? 0);
      const fill = rgbToHex([inj.colors[3 * i] ?? 0, inj.colors[3 * i + 1] ?? 0, inj.colors[3 * i + 2] ?? 0]);
      const rad = Math.max(0, (inj.sizesPx[i] ?? 0) / 2 - ow / 2);
      layers.push(
        `<circle class="injection" cx="${num(p.x)}" cy="${num(p.y)}" r="${num(rad)}" fill="${fill}" stroke="#000" stroke-width="${num(ow)}" opacity="${num(style.dotAlpha ?? 0.9)}"/>`,
      );
    }
  }
  body.push(`<g clip-path="url(#section)">${layers.join('')}</g>`);
  const lay = overlayLayout(input.overlay ?? {}, vp, width - cbarSpace);
  const text: string[] = [];
  if (lay.title)
    text.push(
      `<text class="title" x="${num(lay.title.x)}" y="${num(lay.title.y)}" font-weight="bold" xml:space="preserve" ${halo}>${escapeXml(lay.title.text)}</text>`,
    );
  if (lay.legend) {
    const b = lay.legend.box;
    text.push(
      `<g class="legend"><rect x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}" fill="#fff" fill-opacity="0.6" stroke="#ccc"/>`,
    );
    if (lay.legend.title) text.push(`<text x="${num(lay.legend.title.x)}" y="${num(lay.legend.title.y)}">${escapeXml(lay.legend.title.text)}</text>`);
    for (const e of lay.legend.entries)
      text.push(
        `<circle cx="${num(e.cx)}" cy="${num(e.cy)}" r="${num(e.r)}" fill="${rgbToHex(e.color)}" stroke="#000" stroke-width="0.5"/><text x="${num(e.tx)}" y="${num(e.ty)}">${escapeXml(e.label)}</text>`,
      );
    text.push('</g>');
  }
  if (lay.scaleBar) {
    const s = lay.scaleBar;
    text.push(
      `<g class="scale-bar"><line x1="${num(s.x)}" y1="${num(s.y)}" x2="${num(s.x + s.bar.lengthPx)}" y2="${num(s.y)}" stroke="#000" stroke-width="2"/><text x="${num(s.labelX)}" y="${num(s.labelY)}" text-anchor="middle">${escapeXml(s.bar.label)}</text></g>`,
    );
  }
  if (lay.orientation) text.push(orientationSvg(lay.orientation, escapeXml));
  if (lay.colorKey) {
    const k = lay.colorKey;
    const rgb = `rgb(${COLOR_KEY_RGB.join(',')})`;
    text.push(
      `<g class="color-key"><defs><linearGradient id="ckey" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${rgb}" stop-opacity="0"/><stop offset="1" stop-color="${rgb}" stop-opacity="1"/></linearGradient></defs>` +
        `<rect x="${num(k.ramp.x)}" y="${num(k.ramp.y)}" width="${num(k.ramp.width)}" height="${num(k.ramp.height)}" fill="url(#ckey)" stroke="#333" stroke-width="0.5"/>` +
        `<g ${halo}>` +
        `<text x="${num(k.min.x)}" y="${num(k.min.y)}">${escapeXml(k.min.text)}</text>` +
        `<text x="${num(k.max.x)}" y="${num(k.max.y)}" text-anchor="end">${escapeXml(k.max.text)}</text>` +
        `<text x="${num(k.label.x)}" y="${num(k.label.y)}" text-anchor="end">${escapeXml(k.label.text)}</text></g></g>`,
    );
  }
  if (input.colorBar) text.push(colorBarSvg(input.colorBar, width - cbarSpace + f, height * 0.2, height * 0.6, f));
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="${OVERLAY_FONT}" font-size="${num(f)}">`,
    ...body,
    ...text,
    `</svg>`,
  ].join('\n');
}
