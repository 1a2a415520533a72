// Label-name files for a user's annotation volume: CSV with or without header, quoted cells,
// JSON object and array forms, and the errors for bad files.
import { describe, expect, it } from 'vitest';
import { parseLabelNames } from './label-names';

describe('parseLabelNames', () => {
  it('reads a CSV with a header in any column order, quoted cells included', () => {
    const m = parseLabelNames('acronym,id,name,RGB_1\r\n"CPr,imd",12,"Caudoputamen, rostral ""imd""",5\nACB,56,Nucleus accumbens,3\n');
    expect(m.get(12)).toEqual({ name: 'Caudoputamen, rostral "imd"', acronym: 'CPr,imd' });
    expect(m.get(56)).toEqual({ name: 'Nucleus accumbens', acronym: 'ACB' });
    expect(m.size).toBe(2);
  });

  it('reads headerless id,name rows and JSON objects or arrays', () => {
    expect(parseLabelNames('1,dorsal\n2,ventral').get(2)).toEqual({ name: 'ventral' });
    expect(parseLabelNames('{"3": "lateral"}').get(3)).toEqual({ name: 'lateral' });
    expect(parseLabelNames('[{"id": 4, "acronym": "M"}]').get(4)).toEqual({ name: 'M', acronym: 'M' });
  });

  it('says why a file is refused', () => {
    expect(() => parseLabelNames('')).toThrow(/empty/);
    expect(() => parseLabelNames('id,colour\n1,red')).toThrow(/no "name" or "acronym"/);
    expect(() => parseLabelNames('id,name\nx,dorsal')).toThrow(/row 2: "x" is not a label id/);
    expect(() => parseLabelNames('{"a": 1')).toThrow(/does not parse/);
    expect(() => parseLabelNames('[{"id": 2}]')).toThrow(/label 2 has no name/);
    expect(() => parseLabelNames('42')).toThrow(/label 42 has no name/);
  });
});
