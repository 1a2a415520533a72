// The matrix CSV (render/csv-document.ts): one row per source and target with the cell's raw
// value (bsv plot_connectivity_matrix's metric, before row/column normalisation) and the value as
// drawn, plus the target's voxel count; the header names the experiments behind every row.
import { aggregateCsvGroups, processingParameters, queryParameters, MASK_NOTE, MEAN_NOTE, type QueryDescription } from '../../components/csv-parameters.ts';
import type { AggregateOutcome } from '../../data/queries.ts';
import { csvDocument } from '../../render/csv-document.ts';
import type { MatrixFigureInput } from '../../render/matrix-figure.ts';
import type { MatrixViewParams } from '../../state/matrix-params.ts';
import type { MatrixData } from './use-matrix-data.ts';

const METRIC_NOTE: Record<MatrixData['metric'], string> = {
  mean: 'value (mean): Σ d / n over the target mask voxels whose source mean d has data (empty = none).',
  max: 'value (max): the largest source mean d over the target mask voxels with data; only voxels wholly inside the mask count.',
  volume: 'value (volume, mm³): Σ d × 0.001 mm³ over the target mask voxels with data (density × voxel volume).',
};

export function matrixCsvText(
  data: MatrixData,
  figure: MatrixFigureInput,
  outcome: AggregateOutcome,
  query: QueryDescription,
  p: MatrixViewParams,
  url: string,
): string {
  const C = data.targets.length;
  const rows: Array<Array<string | number>> = [];
  for (const r of figure.rowOrder) {
    const s = data.sources[r];
    for (const c of figure.colOrder) {
      rows.push([
        s?.acronym ?? '',
        data.targets[c] ?? '',
        p.hemisphere,
        data.metric,
        data.values[r * C + c] ?? NaN,
        figure.values[r * C + c] ?? NaN,
        data.targetVoxels[c] ?? 0,
        s?.used ?? 0,
      ]);
    }
  }
  return csvDocument({
    view: 'Connectivity matrix (sources = query regions, targets = columns)',
    url,
    parameters: [
      ...queryParameters(query),
      ...processingParameters(p),
      ['metric (bsv metric)', data.metric],
      ['target hemisphere', p.hemisphere === 'both' ? 'both hemispheres (as bsv)' : `${p.hemisphere} hemisphere only`],
      ['matrix normalisation (bsv normalize_rows / normalize_cols)', p.normalisation],
      ['targets', data.targets.join(' ')],
    ],
    groups: aggregateCsvGroups(outcome),
    notes: [
      METRIC_NOTE[data.metric],
      'drawn_value: value after the matrix normalisation (rows, then columns, divided by their largest value).',
      MEAN_NOTE,
      MASK_NOTE,
    ],
    table: { columns: ['source', 'target', 'target_hemisphere', 'metric', 'value', 'drawn_value', 'target_voxels', 'experiments_used'], rows },
  });
}
