import { describe, expect, it } from 'vitest';
import { rovingTarget } from './roving-focus';

describe('roving focus', () => {
  const all = () => true;
  it('moves by one, by ten and to the ends, clamped', () => {
    expect(rovingTarget('ArrowDown', 0, 5, all)).toBe(1);
    expect(rovingTarget('ArrowUp', 0, 5, all)).toBe(0);
    expect(rovingTarget('ArrowDown', 4, 5, all)).toBe(4);
    expect(rovingTarget('PageDown', 2, 30, all)).toBe(12);
    expect(rovingTarget('PageUp', 2, 30, all)).toBe(0);
    expect(rovingTarget('End', 0, 30, all)).toBe(29);
    expect(rovingTarget('Home', 7, 30, all)).toBe(0);
    expect(rovingTarget('Tab', 1, 5, all)).toBeNull();
    expect(rovingTarget('ArrowDown', 0, 0, all)).toBeNull();
  });
  it('skips disabled items in the direction of travel, else falls back the other way', () => {
    const enabled = (i: number) => i !== 1 && i !== 2 && i !== 4;
    expect(rovingTarget('ArrowDown', 0, 5, enabled)).toBe(3);
    expect(rovingTarget('ArrowDown', 3, 5, enabled)).toBe(3);
    expect(rovingTarget('End', 0, 5, enabled)).toBe(3);
    expect(rovingTarget('ArrowUp', 3, 5, enabled)).toBe(0);
  });
});
