import { describe, expect, it } from 'vitest';
import { contentBox, cropRect } from './content-box';

function image(width: number, height: number, ink: Array<[number, number]>, inkRgb: [number, number, number] = [0, 0, 0]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4).fill(255);
  for (const [x, y] of ink) rgba.set([...inkRgb, 255], (y * width + x) * 4);
  return rgba;
}

describe('contentBox', () => {
  it('bounds the non-background pixels (exclusive ends)', () => {
    expect(
      contentBox(
        image(10, 8, [
          [2, 3],
          [6, 5],
        ]),
        10,
        8,
        [255, 255, 255],
      ),
    ).toEqual({ x0: 2, y0: 3, x1: 7, y1: 6 });
  });

  it('ignores pixels within the tolerance of the background; null when all background', () => {
    expect(contentBox(image(4, 4, [[1, 1]], [254, 253, 255]), 4, 4, [255, 255, 255], 2)).toBeNull();
    expect(contentBox(image(4, 4, [[1, 1]], [250, 255, 255]), 4, 4, [255, 255, 255], 2)).toEqual({ x0: 1, y0: 1, x1: 2, y1: 2 });
    expect(() => contentBox(new Uint8Array(3), 4, 4, [255, 255, 255])).toThrow(RangeError);
  });
});

describe('cropRect', () => {
  it('whole CSS px around the box, with the margin, clamped to the canvas', () => {
    // device px at 2 px per CSS px: [21, 61) × [10, 30) → CSS [10, 31) × [5, 15), margin 4
    expect(cropRect({ x0: 21, y0: 10, x1: 61, y1: 30 }, 2, 4, 100, 50)).toEqual({ x: 6, y: 1, width: 29, height: 18 });
    expect(cropRect({ x0: 0, y0: 0, x1: 100, y1: 50 }, 1, 8, 100, 50)).toEqual({ x: 0, y: 0, width: 100, height: 50 });
  });

  it('no content: the whole canvas', () => {
    expect(cropRect(null, 1, 8, 640.7, 480.2)).toEqual({ x: 0, y: 0, width: 640, height: 480 });
  });
});
