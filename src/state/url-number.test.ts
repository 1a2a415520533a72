import { describe, expect, it } from 'vitest';
import { parseDecimal } from './url-number';

describe('parseDecimal', () => {
  it('reads plain decimal notation', () => {
    expect([parseDecimal('5000'), parseDecimal('-2.5'), parseDecimal('+.5'), parseDecimal('1e3'), parseDecimal('7.')]).toEqual([5000, -2.5, 0.5, 1000, 7]);
  });
  it('refuses what Number() would quietly accept', () => {
    for (const raw of ['0x1388', '0b101', '0o17', 'Infinity', '', ' 12', '12 ', '1_000', 'NaN', '5000µm']) expect(parseDecimal(raw)).toBeNaN();
  });
});
