import { describe, expect, it } from 'vitest';
import { splitAcronymList } from './acronym-list';

describe('acronym lists in links', () => {
  it('keeps the comma of "CUL4, 5" and its layers inside the acronym', () => {
    expect(splitAcronymList(['VISp', 'CUL4, 5', 'CUL4, 5gr', 'SSp-bfd2/3'].join(','))).toEqual(['VISp', 'CUL4, 5', 'CUL4, 5gr', 'SSp-bfd2/3']);
  });
  it('splits on bare commas, trims and drops empty items', () => {
    expect(splitAcronymList('CP,,ACB ,MOs,')).toEqual(['CP', 'ACB', 'MOs']);
    // ", " belongs to an acronym: a hand-typed list with spaces is one unknown acronym, reported by the view
    expect(splitAcronymList('VISp, MOs')).toEqual(['VISp, MOs']);
    expect(splitAcronymList('')).toEqual([]);
  });
});
