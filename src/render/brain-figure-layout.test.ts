import { describe, expect, it } from 'vitest';
import { brainFigureLayout } from './brain-figure-layout';

describe('brainFigureLayout', () => {
  it('title above, scene below it, legend to its right; whole CSS px', () => {
    const l = brainFigureLayout({ width: 400, height: 300 }, 200, [80, 120], 13);
    expect(l.title).toEqual({ x: 13, y: 26 });
    expect(l.scene).toEqual({ x: 13, y: 34, width: 400, height: 300 });
    expect(l.legend.map((e) => Math.round(e.cx))).toEqual([433, 433]);
    expect(l.legend[1]?.cy).toBeGreaterThan(l.legend[0]?.cy ?? 0);
    // scene + legend (1.3 f + the widest label) + margins
    expect(l.width).toBe(Math.ceil(13 + 400 + 13 + 1.3 * 13 + 120 + 13));
    expect(l.height).toBe(34 + 300 + 13);
    expect(Number.isInteger(l.width) && Number.isInteger(l.height)).toBe(true);
  });

  it('a long title widens the figure; a long legend lengthens it', () => {
    expect(brainFigureLayout({ width: 100, height: 50 }, 900, [], 13).width).toBe(13 + 900 + 13);
    const tall = brainFigureLayout(
      { width: 100, height: 50 },
      10,
      Array.from({ length: 10 }, () => 30),
      13,
    );
    expect(tall.height).toBe(Math.ceil(34 + 10 * 1.6 * 13 + 13));
  });
});
