import { describe, expect, it } from 'vitest';
import { formatTick, formatTicks, niceTicks, scaleBarLength } from './scale-bar';

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

describe('formatTicks', () => {
  it('one format per axis: no exponent next to a decimal', () => {
    expect(formatTicks([0, 0.0005, 0.001, 0.0015])).toEqual(['0', '0.0005', '0.0010', '0.0015']);
    expect(formatTick(0.0005)).toBe('5.0e-4'); // what one label at a time gave next to '0.001'
    expect(formatTicks([0, 0.0002, 0.0004, 0.0006])).toEqual(['0', '2e-4', '4e-4', '6e-4']);
    expect(formatTicks([0, 2e-6, 4e-6, 6.5e-6])).toEqual(['0', '2.0e-6', '4.0e-6', '6.5e-6']);
    expect(formatTicks([0, 0.25, 0.5, 0.75, 1])).toEqual(['0', '0.25', '0.50', '0.75', '1.00']);
    expect(formatTicks([0, 0.5, 1, 1.5])).toEqual(['0', '0.5', '1.0', '1.5']);
    expect(formatTicks([0, 5000, 10000, 15000])).toEqual(['0', '5.0e3', '1.0e4', '1.5e4']);
    expect(formatTicks([0, 0.02, 0.04, 0.06])).toEqual(['0', '0.02', '0.04', '0.06']);
    expect(formatTicks([0, 1, 2, 3])).toEqual(['0', '1', '2', '3']);
    expect(formatTicks([-0.5, 0, 0.5])).toEqual(['-0.5', '0', '0.5']);
  });
  it('every tick of a nice axis gets a distinct label', () => {
    for (const [lo, hi] of [
      [0, 6.83e-6],
      [0, 0.0019],
      [0, 0.2536],
      [0, 1],
      [-3e-5, 2e-5],
      [0, 123456],
    ] as const) {
      const labels = formatTicks(niceTicks(lo, hi, 5));
      expect(new Set(labels).size).toBe(labels.length);
      const exp = labels.filter((l) => l.includes('e'));
      expect(exp.length === 0 || exp.length === labels.filter((l) => l !== '0').length).toBe(true);
    }
  });
});
