import { describe, expect, it } from 'vitest';
import { buildMetadataTable, formatCsvField, parseCsv, toCsv } from './metadata-csv';

describe('formatCsvField', () => {
  it('quotes commas, quotes, newlines and edge spaces; leaves plain text alone', () => {
    expect(formatCsvField('Cux2-IRES-Cre')).toBe('Cux2-IRES-Cre');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField('two\nlines')).toBe('"two\nlines"');
    expect(formatCsvField(' pad')).toBe('" pad"');
  });
  it('writes numbers that round-trip and empties for null/NaN', () => {
    for (const x of [0.1 + 0.2, 1e-7, 0.000233, 123456789.123, -5]) expect(Number(formatCsvField(x))).toBe(x);
    expect(formatCsvField(NaN)).toBe('');
    expect(formatCsvField(null)).toBe('');
    expect(formatCsvField(undefined)).toBe('');
  });
});

describe('buildMetadataTable + toCsv', () => {
  const table = buildMetadataTable(
    [
      {
        id: 100141219,
        transgenicLine: null,
        structureAcronym: 'VISp',
        structureId: 385,
        injectionCoordUm: [9120, 1020, 8160],
        injectionVolumeMm3: 0.0458,
        injectionIntensity: 1.5e9,
        gender: 'M',
      },
      { id: 2, transgenicLine: 'Line, "odd"\nname', structureAcronym: null, structureId: null, injectionCoordUm: null, injectionVolumeMm3: null },
    ],
    { groupOf: new Map([[100141219, 'AP 9120 µm']]), excludedReason: new Map([[2, 'injection volume is missing']]) },
  );

  it('has the bsv columns first and Wild-type for an empty line', () => {
    expect(table.columns.slice(0, 9)).toEqual([
      'ExperimentID',
      'MouseLine',
      'InjectionRegion',
      'InjectionRegionID',
      'InjectionAP',
      'InjectionDV',
      'InjectionML',
      'InjectionVolume',
      'InjectionIntensity',
    ]);
    expect(table.rows[0]?.[1]).toBe('Wild-type');
  });

  it('round-trips through a CSV parser', () => {
    const csv = toCsv(table);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(['100141219', 'Wild-type', 'VISp', '385', '9120', '1020', '8160', '0.0458', '1500000000', 'M', 'AP 9120 µm', '']);
    expect(rows[2]).toEqual(['2', 'Line, "odd"\nname', '', '', '', '', '', '', '', '', '', 'injection volume is missing']);
  });
});
