import { describe, expect, it } from 'vitest';
import { acronymCheck, numberCheck, textCheck } from './url-checks';

describe('url checks', () => {
  it('acronyms: letters, digits and separators, 1–40 characters, starting with a letter or digit', () => {
    for (const ok of ['CA1', 'SSp-bfd', 'VISp6a', 'int', "Ammon's horn", 'x'.repeat(40)])
      expect(acronymCheck.safeParse(ok)).toEqual({ success: true, data: ok });
    for (const bad of ['', '-CA1', 'x'.repeat(41), 'CA1<script>', ' CA1', 42, null, undefined]) expect(acronymCheck.safeParse(bad).success).toBe(false);
  });

  it('text: length bounds are inclusive and the pattern must match the whole value it anchors', () => {
    const c = textCheck(2, 3, /^[a-z]+$/);
    expect(c.safeParse('ab').success).toBe(true);
    expect(c.safeParse('abc').success).toBe(true);
    expect(c.safeParse('a').success).toBe(false);
    expect(c.safeParse('abcd').success).toBe(false);
    expect(c.safeParse('aB').success).toBe(false);
  });

  it('numbers: finite, within inclusive bounds, integers when asked', () => {
    const real = numberCheck(0, 10);
    expect(real.safeParse(0)).toEqual({ success: true, data: 0 });
    expect(real.safeParse(10)).toEqual({ success: true, data: 10 });
    expect(real.safeParse(2.5)).toEqual({ success: true, data: 2.5 });
    for (const bad of [-0.001, 10.001, Number.NaN, Number.POSITIVE_INFINITY, '5', null]) expect(real.safeParse(bad).success).toBe(false);
    const int = numberCheck(0, 13200, true);
    expect(int.safeParse(5000).success).toBe(true);
    expect(int.safeParse(5000.5).success).toBe(false);
    expect(numberCheck(-Infinity, Infinity, true).safeParse(2 ** 60).success).toBe(false);
  });
});
