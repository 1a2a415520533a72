import { describe, expect, it } from 'vitest';
import { matchesFilter } from './filters.ts';
import { parseRma, RmaSyntaxError } from './parser.ts';

describe('parseRma', () => {
  it('splits stages at top-level commas and keeps commas inside filters', () => {
    const stages = parseRma(
      "model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$in1,2][is_injection$eqfalse],rma::include,structure,rma::options[num_rows$eq'all'][start_row$eq0]",
    );
    expect(stages.map((s) => [s.axis, s.name])).toEqual([
      ['model', 'ProjectionStructureUnionize'],
      ['rma', 'criteria'],
      [null, null],
      ['rma', 'include'],
      [null, 'structure'],
      ['rma', 'options'],
    ]);
    expect(stages[2]?.filters).toEqual([
      { field: 'section_data_set_id', op: 'in', values: ['1', '2'] },
      { field: 'is_injection', op: 'eq', values: ['false'] },
    ]);
    expect(stages[5]?.filters[0]).toEqual({ field: 'num_rows', op: 'eq', values: ['all'] });
  });

  it('parses the injection-volume query: $in ids with $eq is_injection, structure_id, hemisphere_id', () => {
    const joined = parseRma(
      "model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$in123,456,789][is_injection$eqtrue][structure_id$eq997][hemisphere_id$eq3],rma::options[num_rows$eq'all']",
    );
    const separated = parseRma(
      "model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$in123,456,789],[is_injection$eqtrue],[structure_id$eq997],[hemisphere_id$eq3],rma::options[num_rows$eq'all']",
    );
    const expected = [
      { field: 'section_data_set_id', op: 'in', values: ['123', '456', '789'] },
      { field: 'is_injection', op: 'eq', values: ['true'] },
      { field: 'structure_id', op: 'eq', values: ['997'] },
      { field: 'hemisphere_id', op: 'eq', values: ['3'] },
    ];
    expect(joined[2]?.filters).toEqual(expected);
    expect(separated.slice(2, 6).flatMap((s) => s.filters)).toEqual(expected);
    expect(separated.slice(2, 6).every((s) => s.axis === null && s.name === null)).toBe(true);
  });

  it('parses service parameters with acronym lists and quoted names', () => {
    const [s] = parseRma("service::mouse_connectivity_injection_structure[injection_structures$eqVISp,MOs][transgenic_lines$eq'Syt6-Cre_KI148']");
    expect(s?.axis).toBe('service');
    expect(s?.filters).toEqual([
      { field: 'injection_structures', op: 'eq', values: ['VISp', 'MOs'] },
      { field: 'transgenic_lines', op: 'eq', values: ['Syt6-Cre_KI148'] },
    ]);
  });

  it.each(['', 'model::X,[a$eq1', 'model::X,[a=1]', 'bogus::X', 'model::X,[a$zz1]', "model::X,[a$eq'1]"])('rejects %j', (q) => {
    expect(() => parseRma(q)).toThrow(RmaSyntaxError);
  });
});

describe('matchesFilter', () => {
  it('coerces to the row value type', () => {
    expect(matchesFilter(0.5, { field: 'v', op: 'gt', values: ['0.25'] })).toBe(true);
    expect(matchesFilter(0.25, { field: 'v', op: 'gt', values: ['0.25'] })).toBe(false);
    expect(matchesFilter(false, { field: 'v', op: 'eq', values: ['false'] })).toBe(true);
    expect(matchesFilter(3, { field: 'v', op: 'in', values: ['1', '3'] })).toBe(true);
    expect(matchesFilter('VISp', { field: 'v', op: 'li', values: ['VIS*'] })).toBe(true);
    expect(matchesFilter('visp', { field: 'v', op: 'li', values: ['VIS*'] })).toBe(false);
    expect(matchesFilter('visp', { field: 'v', op: 'il', values: ['VIS*'] })).toBe(true);
  });
});
