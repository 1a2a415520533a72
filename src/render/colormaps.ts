// Colour tools shared by the WebGL renderers and the CPU paths (SVG export, legends, colour bars).
// Conventions: renderer colours are RGB floats in [0, 1]; lookup tables are 256 × 3 bytes
// (Uint8Array, entry-major r, g, b). Value → entry follows matplotlib (Normalize + a 256-entry
// colormap): t = (v − min)/(max − min) clipped to [0, 1], entry = min(255, ⌊256 t⌋). NaN has no
// entry (−1): callers draw it as "no data".

import { INFERNO_HEX, MAGMA_HEX, PLASMA_HEX, VIRIDIS_HEX } from './colormap-data';

export type Rgb = readonly [number, number, number];

export const COLORMAP_NAMES = ['gray_r', 'gray', 'viridis', 'magma', 'inferno', 'plasma', 'hot'] as const;
export type ColormapName = (typeof COLORMAP_NAMES)[number];

/** bsv's default heatmap colormap. */
export const DEFAULT_COLORMAP: ColormapName = 'gray_r';

export const LUT_SIZE = 256;

export function isColormapName(s: string): s is ColormapName {
  return (COLORMAP_NAMES as readonly string[]).includes(s);
}

function fromHex(hex: string): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < lut.length; i++) lut[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return lut;
}

/** Piecewise-linear channel through (x, y) anchors, x ascending in [0, 1]. */
function segment(anchors: readonly (readonly [number, number])[], x: number): number {
  let prev = anchors[0] ?? [0, 0];
  for (const a of anchors) {
    if (x <= a[0]) return a[0] === prev[0] ? a[1] : prev[1] + ((a[1] - prev[1]) * (x - prev[0])) / (a[0] - prev[0]);
    prev = a;
  }
  return prev[1];
}

/** matplotlib 'hot' (LinearSegmentedColormap, _hot_data) sampled at x = i/255. */
function hotLut(): Uint8Array {
  const r = [
    [0, 0.0416],
    [0.365079, 1],
    [1, 1],
  ] as const;
  const g = [
    [0, 0],
    [0.365079, 0],
    [0.746032, 1],
    [1, 1],
  ] as const;
  const b = [
    [0, 0],
    [0.746032, 0],
    [1, 1],
  ] as const;
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const x = i / (LUT_SIZE - 1);
    lut[3 * i] = Math.round(255 * segment(r, x));
    lut[3 * i + 1] = Math.round(255 * segment(g, x));
    lut[3 * i + 2] = Math.round(255 * segment(b, x));
  }
  return lut;
}

function grayLut(reversed: boolean): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) lut.fill(reversed ? 255 - i : i, 3 * i, 3 * i + 3);
  return lut;
}

const cache = new Map<ColormapName, Uint8Array>();

/** 256 × 3 byte lookup table (shared, do not mutate). */
export function colormapLut(name: ColormapName): Uint8Array {
  const hit = cache.get(name);
  if (hit) return hit;
  let lut: Uint8Array;
  switch (name) {
    case 'gray_r':
      lut = grayLut(true);
      break;
    case 'gray':
      lut = grayLut(false);
      break;
    case 'viridis':
      lut = fromHex(VIRIDIS_HEX);
      break;
    case 'magma':
      lut = fromHex(MAGMA_HEX);
      break;
    case 'inferno':
      lut = fromHex(INFERNO_HEX);
      break;
    case 'plasma':
      lut = fromHex(PLASMA_HEX);
      break;
    case 'hot':
      lut = hotLut();
      break;
  }
  cache.set(name, lut);
  return lut;
}

/** Colour-table entry 0…255 of `value` for limits [min, max]; −1 for NaN / non-finite values. */
export function colormapIndex(value: number, min: number, max: number): number {
  if (Number.isNaN(value)) return -1;
  if (value === Infinity) return LUT_SIZE - 1;
  if (value === -Infinity) return 0;
  const span = max - min;
  const t = span > 0 ? (value - min) / span : value > min ? 1 : 0;
  const i = Math.floor(t * LUT_SIZE);
  return i < 0 ? 0 : i >= LUT_SIZE ? LUT_SIZE - 1 : i;
}

/** RGB bytes (0…255) of `value`, or null for NaN (no data). */
export function valueToRgb255(value: number, min: number, max: number, name: ColormapName): [number, number, number] | null {
  const i = colormapIndex(value, min, max);
  if (i < 0) return null;
  const lut = colormapLut(name);
  return [lut[3 * i] ?? 0, lut[3 * i + 1] ?? 0, lut[3 * i + 2] ?? 0];
}

/** '#rrggbb' of `value`, or null for NaN (no data). */
export function valueToHex(value: number, min: number, max: number, name: ColormapName): string | null {
  const c = valueToRgb255(value, min, max, name);
  return c ? rgbToHex([c[0] / 255, c[1] / 255, c[2] / 255]) : null;
}

/** '#rgb', '#rrggbb' (or without '#') → RGB floats in [0, 1]. Throws on anything else. */
export function hexToRgb(hex: string): Rgb {
  const h = hex.trim().replace(/^#/, '');
  const full = /^[0-9a-f]{3}$/i.test(h) ? h.replace(/./g, (c) => c + c) : h;
  if (!/^[0-9a-f]{6}$/i.test(full)) throw new RangeError(`"${hex}" is not a colour: use #rrggbb or #rgb`);
  return [parseInt(full.slice(0, 2), 16) / 255, parseInt(full.slice(2, 4), 16) / 255, parseInt(full.slice(4, 6), 16) / 255];
}

/** RGB floats (clamped to [0, 1]) → '#rrggbb' (lower case). */
export function rgbToHex(rgb: Rgb): string {
  return (
    '#' +
    rgb
      .map((v) =>
        Math.round(255 * Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)))
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  );
}
