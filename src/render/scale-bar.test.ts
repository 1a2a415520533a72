import { describe, expect, it } from 'vitest';
import { formatTick, niceTicks, scaleBarLength } from './scale-bar';

describe('scaleBarLength', () => {
  it('prefers 1 mm when it is 40…200 px long', () => {
    expect(scaleBarLength(10)).toEqual({ lengthUm: 1000, lengthPx: 100, label: '1 mm' });
    expect(scaleBarLength(25)?.label).toBe('1 mm'); // 40 px, inclusive
  });
  it('falls back to 500 µm when 1 mm is too long and 2 mm when it is too short', () => {
    expect(scaleBarLength(4)).toEqual({ lengthUm: 500, lengthPx: 125, label: '500 µm' }); // 1 mm = 250 px
    expect(scaleBarLength(30)).toEqual({ lengthUm: 2000, lengthPx: 2000 / 30, label: '2 mm' }); // 1 mm = 33 px
  });
  it('goes further out only when the first alternatives do not fit', () => {
    expect(scaleBarLength(2)?.label).toBe('200 µm'); // 1 mm = 500 px, 500 µm = 250 px
    expect(scaleBarLength(100)?.label).toBe('5 mm'); // 1 mm = 10 px, 2 mm = 20 px
  });
  it('returns null for an unusable scale', () => {
    expect(scaleBarLength(NaN)).toBeNull();
    expect(scaleBarLength(0)).toBeNull();
    expect(scaleBarLength(Infinity)).toBeNull();
  });
});

describe('colour-bar ticks', () => {
  it('picks 1/2/2.5/5 steps inside the limits', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.37)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(2, 2)).toEqual([2]);
  });
  it('formats ticks compactly', () => {
    expect(formatTick(0.2)).toBe('0.2');
    expect(formatTick(0)).toBe('0');
    expect(formatTick(0.00012)).toBe('1.2e-4');
    expect(formatTick(123456)).toBe('1.2e5');
  });
});
