import { describe, expect, it } from 'vitest';
import { COLORMAP_NAMES, colormapIndex, colormapLut, hexToRgb, rgbToHex, valueToHex, valueToRgb255, type ColormapName } from './colormaps';

const entry = (name: ColormapName, i: number): string => {
  const l = colormapLut(name);
  return rgbToHex([(l[3 * i] ?? 0) / 255, (l[3 * i + 1] ?? 0) / 255, (l[3 * i + 2] ?? 0) / 255]);
};

/** CIE L* of an sRGB byte triple. */
function lightness(r: number, g: number, b: number): number {
  const lin = (c: number): number => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}

describe('colormap tables', () => {
  it('has 256 RGB entries for every map', () => {
    for (const n of COLORMAP_NAMES) expect(colormapLut(n).length).toBe(768);
  });
  it('matches matplotlib at hand-converted entries (round(255·v) of _cm_listed values)', () => {
    // viridis[0] = (0.267004, 0.004874, 0.329415) → (68, 1, 84)
    expect(entry('viridis', 0)).toBe('#440154');
    // viridis[128] = (0.127568, 0.566949, 0.550556) → (33, 145, 140)
    expect(entry('viridis', 128)).toBe('#21918c');
    // viridis[255] = (0.993248, 0.906157, 0.143936) → (253, 231, 37)
    expect(entry('viridis', 255)).toBe('#fde725');
    // magma[255] = (0.987053, 0.991438, 0.749504) → (252, 253, 191)
    expect(entry('magma', 255)).toBe('#fcfdbf');
    // inferno[0] = magma[0] = (0.001462, 0.000466, 0.013866) → (0, 0, 4)
    expect(entry('inferno', 0)).toBe('#000004');
    // plasma[0] = (0.050383, 0.029803, 0.527975) → (13, 8, 135)
    expect(entry('plasma', 0)).toBe('#0d0887');
  });
  it('gray_r runs white → black (bsv default), gray the other way', () => {
    expect(entry('gray_r', 0)).toBe('#ffffff');
    expect(entry('gray_r', 255)).toBe('#000000');
    expect(entry('gray', 0)).toBe('#000000');
    expect(entry('gray', 255)).toBe('#ffffff');
  });
  it('hot runs from dark red (0.0416) through yellow to white', () => {
    expect(entry('hot', 0)).toBe('#0b0000');
    expect(entry('hot', 255)).toBe('#ffffff');
    const l = colormapLut('hot');
    // at x = 0.5 (entry ~128) red is saturated, green partial, blue 0
    expect(l[3 * 128]).toBe(255);
    expect(l[3 * 128 + 2]).toBe(0);
  });
  it('lightness is monotonic: decreasing for gray_r, increasing for the sequential maps', () => {
    const L = (n: ColormapName, i: number): number => {
      const l = colormapLut(n);
      return lightness(l[3 * i] ?? 0, l[3 * i + 1] ?? 0, l[3 * i + 2] ?? 0);
    };
    for (let i = 1; i < 256; i++) expect(L('gray_r', i)).toBeLessThan(L('gray_r', i - 1));
    for (const n of ['viridis', 'magma', 'inferno', 'plasma', 'hot'] as const)
      for (let i = 8; i < 256; i += 8) expect(L(n, i), `${n}[${i}]`).toBeGreaterThan(L(n, i - 8));
  });
});

describe('value → colour', () => {
  it('maps limits to the end entries, clips outside, and gives NaN no entry', () => {
    expect(colormapIndex(0, 0, 1)).toBe(0);
    expect(colormapIndex(1, 0, 1)).toBe(255);
    expect(colormapIndex(0.5, 0, 1)).toBe(128);
    expect(colormapIndex(0.999, 0, 1)).toBe(255);
    expect(colormapIndex(-3, 0, 1)).toBe(0);
    expect(colormapIndex(7, 0, 1)).toBe(255);
    expect(colormapIndex(NaN, 0, 1)).toBe(-1);
    expect(colormapIndex(Infinity, 0, 1)).toBe(255);
    // entry k covers [k/256, (k+1)/256)
    expect(colormapIndex(1 / 256, 0, 1)).toBe(1);
    expect(colormapIndex(1 / 256 - 1e-9, 0, 1)).toBe(0);
  });
  it('handles negative limits (hemisphere subtraction) and a zero span', () => {
    expect(colormapIndex(0, -1, 1)).toBe(128);
    expect(colormapIndex(5, 5, 5)).toBe(0);
    expect(colormapIndex(6, 5, 5)).toBe(255);
  });
  it('gives CPU colours for SVG export', () => {
    expect(valueToRgb255(0, 0, 10, 'gray_r')).toEqual([255, 255, 255]);
    expect(valueToHex(10, 0, 10, 'gray_r')).toBe('#000000');
    expect(valueToHex(NaN, 0, 10, 'viridis')).toBeNull();
  });
});

describe('hex ⇄ rgb and the source palette', () => {
  it('round-trips and accepts short forms', () => {
    expect(hexToRgb('#ff8000')).toEqual([1, 128 / 255, 0]);
    expect(hexToRgb('FFF')).toEqual([1, 1, 1]);
    expect(rgbToHex(hexToRgb('#1f77b4'))).toBe('#1f77b4');
    expect(rgbToHex([2, -1, 0.5])).toBe('#ff0080');
  });
  it('rejects non-colours', () => {
    expect(() => hexToRgb('#12345')).toThrow(/not a colour/);
    expect(() => hexToRgb('red')).toThrow();
  });
});
