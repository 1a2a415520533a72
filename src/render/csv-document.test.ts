import { describe, expect, it } from 'vitest';
import { parseCsv } from '../compute/metadata-csv';
import { csvDocument, formatValue, groupLine } from './csv-document';

describe('csvDocument', () => {
  it('writes the provenance block, then the table', () => {
    const text = csvDocument({
      view: 'Matrix',
      url: 'http://x/?v=1&view=matrix',
      parameters: [
        ['normalisation', 'injection-volume'],
        ['hemisphere', 'subtract\nother'],
      ],
      groups: [{ label: 'VISp', used: [1, 2], excluded: [{ experimentId: 3, reason: 'HTTP 404' }] }],
      notes: ['mean over mask voxels with data'],
      table: { columns: ['a', 'b'], rows: [[1, 'x,y']] },
      exportedAt: new Date('2026-12-04T23:00:00Z'),
    });
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^# Brain Street View for the browser \d+\.\d+\.\d+$/);
    expect(lines.slice(1, 9)).toEqual([
      '# view: Matrix',
      '# data release: ccf2017-mcc2019',
      '# url: http://x/?v=1&view=matrix',
      '# exported: 2026-12-04T23:00:00.000Z',
      '# normalisation: injection-volume',
      '# hemisphere: subtract other',
      '# group VISp: 2 used: 1 2; 1 excluded: 3 (HTTP 404)',
      '# note: mean over mask voxels with data',
    ]);
    const table = parseCsv(lines.filter((l) => !l.startsWith('#')).join('\r\n'));
    expect(table.slice(0, 2)).toEqual([
      ['a', 'b'],
      ['1', 'x,y'],
    ]);
  });

  it('a group with nothing excluded says so, with its detail', () => {
    expect(groupLine({ label: 'AP 1', used: [], excluded: [], detail: 'AP bin [1000, 2000) µm' })).toBe(
      'group AP 1: 0 used; 0 excluded; AP bin [1000, 2000) µm',
    );
  });
});

describe('formatValue', () => {
  it('4 significant digits, exponent only outside 0.001–9999', () => {
    expect([formatValue(0.0123456), formatValue(12.3456), formatValue(0.000123456), formatValue(0), formatValue(Number.NaN)]).toEqual([
      '0.01235',
      '12.35',
      '1.235e-4',
      '0',
      '—',
    ]);
  });
});
