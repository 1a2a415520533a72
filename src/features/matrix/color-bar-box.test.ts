import { describe, expect, it } from 'vitest';
import { colorBar, matrixValueLabel, SCREEN_LABEL_WIDTH } from '../../render/matrix-figure.ts';
import { textWidth } from '../../render/svg-scene.ts';
import { SCREEN_BAR_MAX, SCREEN_BAR_MIN, screenColorBarBox } from './color-bar-box.ts';

describe('screenColorBarBox', () => {
  it('spans the body rows of a grid between the bounds', () => {
    expect(screenColorBarBox({ top: 52, height: 62 })).toEqual({ top: 52, height: 62 });
    expect(screenColorBarBox({ top: 40, height: 217 })).toEqual({ top: 40, height: 217 });
  });
  it('a tall grid gets the longest bar from its first row', () => {
    expect(screenColorBarBox({ top: 52, height: 31 * 40 })).toEqual({ top: 52, height: SCREEN_BAR_MAX });
  });
  it('a one-row grid gets the shortest bar, ending at its row, never above minTop', () => {
    expect(screenColorBarBox({ top: 52, height: 31 })).toEqual({ top: 52 + 31 - SCREEN_BAR_MIN, height: SCREEN_BAR_MIN });
    expect(screenColorBarBox({ top: 52, height: 31 }, 8)).toEqual({ top: 52 + 31 - SCREEN_BAR_MIN, height: SCREEN_BAR_MIN });
    // a low header: the bar starts at minTop and stays within the table, shorter than the minimum
    expect(screenColorBarBox({ top: 30, height: 31 }, 8)).toEqual({ top: 8, height: 53 });
    expect(screenColorBarBox({ top: 10, height: 31 })).toEqual({ top: 0, height: 41 });
  });
  it('starts at minTop when the first row is above it', () => {
    expect(screenColorBarBox({ top: 4, height: 120 }, 8)).toEqual({ top: 8, height: 116 });
  });
});

describe('an exact-height colour bar (on screen)', () => {
  const rotated = (bar: ReturnType<typeof colorBar>) => bar.items.flatMap((i) => (i.kind === 'text' && i.rotate === 90 ? [i] : []));
  it('is as tall as asked, its longest label level beside it and no taller than the bar', () => {
    const label = matrixValueLabel('mean', true, true);
    const bar = colorBar(8, 8, 16, SCREEN_BAR_MIN, [0, 1], 'viridis', label, 11, undefined, 'exact');
    const frame = bar.items.find((i) => i.kind === 'rect' && i.fill === 'none');
    expect(frame).toMatchObject({ y: 8, h: SCREEN_BAR_MIN });
    expect(rotated(bar)).toEqual([]);
    const lines = bar.items.flatMap((i) => (i.kind === 'text' && /[a-z]/.test(i.text) ? [i] : []));
    expect(lines.map((t) => t.text).join(' ')).toBe(label);
    for (const t of lines) expect(textWidth(t.text, 11)).toBeLessThanOrEqual(SCREEN_LABEL_WIDTH);
    // the block of lines (first ascent to last descent) stays within the bar's length
    const ys = lines.map((t) => t.y);
    expect(Math.min(...ys) - 11 * 0.8).toBeGreaterThanOrEqual(8);
    expect(Math.max(...ys) + 11 * 0.25).toBeLessThanOrEqual(8 + SCREEN_BAR_MIN);
    expect(bar.width).toBeGreaterThan(Math.max(...lines.map((t) => t.x + textWidth(t.text, 11))));
    // the growing bar (exports) keeps the label rotated on two lines and grows to it
    const grown = colorBar(8, 8, 16, SCREEN_BAR_MIN, [0, 1], 'viridis', label, 11);
    expect(rotated(grown)).toHaveLength(2);
    expect(grown.height).toBeGreaterThan(bar.height + 50);
  });
  it('has fewer ticks when short, and every tick label on the bar', () => {
    const ticks = (h: number) => colorBar(8, 8, 16, h, [0, 1], 'viridis', 'x', 11, undefined, 'exact').items.filter((i) => i.kind === 'line').length;
    expect(ticks(SCREEN_BAR_MIN)).toBeLessThanOrEqual(3);
    expect(ticks(SCREEN_BAR_MIN)).toBeGreaterThanOrEqual(2);
    expect(ticks(200)).toBeGreaterThan(ticks(SCREEN_BAR_MIN));
  });
});
