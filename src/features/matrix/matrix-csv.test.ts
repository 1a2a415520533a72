import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../compute/metadata-csv';
import type { AggregateOutcome } from '../../data/queries';
import { DEFAULT_MATRIX_PARAMS } from '../../state/matrix-params';
import { matrixCsvText } from './matrix-csv';

describe('matrix CSV', () => {
  it('one row per cell in display order: raw value, drawn value, target voxels; the experiments in the header', () => {
    const data = {
      values: Float64Array.of(1, 2, 3, NaN),
      sources: [
        { acronym: 'VISp', name: '', planned: 3, used: 2 },
        { acronym: 'MOs', name: '', planned: 1, used: 1 },
      ],
      targets: ['CP', 'TH'],
      targetVoxels: [100, 200],
      metric: 'max' as const,
      unknownTargets: [],
      emptyTargets: [],
      computeMs: 1,
      aggregateFrom: 'computed' as const,
    };
    const figure = {
      values: Float64Array.of(0.5, 1, 1, NaN),
      rowLabels: ['VISp', 'MOs'],
      colLabels: ['CP', 'TH'],
      rowOrder: [1, 0],
      colOrder: [0, 1],
      metric: 'max' as const,
      limits: [0, 1] as [number, number],
      colormap: 'viridis' as const,
      valueLabel: 'v',
    };
    const outcome: AggregateOutcome = {
      key: 'k',
      groups: [
        { index: 0, label: 'VISp', axis: null, centerUm: null, rangeUm: null, experimentIds: [1, 2, 3], usedExperimentIds: [1, 2] },
        { index: 1, label: 'MOs', axis: null, centerUm: null, rangeUm: null, experimentIds: [4], usedExperimentIds: [4] },
      ],
      failed: new Map([[3, 'HTTP 404 on both routes']]),
      excluded: [{ experimentId: 9, reason: 'no injection record' }],
      from: 'computed',
    };
    const text = matrixCsvText(
      data,
      figure,
      outcome,
      { line: { kind: 'all' }, primaryOnly: true, products: [], regions: ['VISp', 'MOs'] },
      { ...DEFAULT_MATRIX_PARAMS, metric: 'max', subtractOtherHemisphere: true },
      'http://x/',
    );
    expect(text).toContain('# group VISp: 2 used: 1 2; 1 excluded: 3 (HTTP 404 on both routes)\r\n');
    expect(text).toContain('# group (left out before grouping): 0 used; 1 excluded: 9 (no injection record)\r\n');
    expect(text).toMatch(/# hemispheres: subtract the other hemisphere/);
    const rows = parseCsv(
      text
        .split('\r\n')
        .filter((l) => !l.startsWith('#'))
        .join('\r\n'),
    );
    expect(rows[0]).toEqual(['source', 'target', 'target_hemisphere', 'metric', 'value', 'drawn_value', 'target_voxels', 'experiments_used']);
    expect(rows.slice(1, 5)).toEqual([
      ['MOs', 'CP', 'both', 'max', '3', '1', '100', '1'],
      ['MOs', 'TH', 'both', 'max', '', '', '200', '1'],
      ['VISp', 'CP', 'both', 'max', '1', '0.5', '100', '2'],
      ['VISp', 'TH', 'both', 'max', '2', '1', '200', '2'],
    ]);
  });
});
