// The heat matrix as an accessible HTML table: header buttons sort (a target column orders the
// rows, a source row orders the columns; desc → asc → off), every cell is a button showing its
// value on its colour; activating a cell opens the slice grid for that pair.
import type { ColormapName } from '../../render/colormaps.ts';
import { cellColors, formatMatrixValue, matrixNotation, nextSort, type MatrixMetricName, type SortSpec } from '../../render/matrix-figure.ts';
import type { MatrixSource } from './use-matrix-data.ts';

export interface MatrixCell {
  readonly source: string;
  readonly target: string;
  readonly value: number;
}

export interface MatrixTableProps {
  readonly values: Float64Array;
  readonly sources: readonly MatrixSource[];
  readonly targets: readonly string[];
  readonly targetNames: readonly string[];
  readonly rowOrder: readonly number[];
  readonly colOrder: readonly number[];
  readonly metric: MatrixMetricName;
  readonly limits: readonly [number, number];
  readonly colormap: ColormapName;
  readonly sortRows: SortSpec | null;
  readonly sortCols: SortSpec | null;
  readonly onSortRows: (s: SortSpec | null) => void;
  readonly onSortCols: (s: SortSpec | null) => void;
  readonly onActivate: (cell: MatrixCell) => void;
  readonly onFocusCell: (cell: MatrixCell) => void;
}

function ariaSort(s: SortSpec | null, by: string): 'ascending' | 'descending' | undefined {
  return s?.by === by ? (s.descending ? 'descending' : 'ascending') : undefined;
}

const arrow = (s: SortSpec | null, by: string): string => (s?.by === by ? (s.descending ? ' ▼' : ' ▲') : '');

export function MatrixTable(p: MatrixTableProps) {
  const C = p.targets.length;
  // one notation for every cell (no "5.38e-04" beside "0.0021")
  const notation = matrixNotation(p.values, p.metric);
  return (
    <table className="matrix-table">
      <caption className="visually-hidden">
        Rows: source regions (injections); columns: target regions. Activate a header to sort by it, a cell to open the slice grid for that pair.
      </caption>
      <thead>
        <tr>
          <th scope="col" className="corner">
            Source \ Target
          </th>
          {p.colOrder.map((c) => {
            const t = p.targets[c] ?? '';
            return (
              <th key={t} scope="col" aria-sort={ariaSort(p.sortRows, t)} className="col-head">
                <button type="button" title={`${p.targetNames[c] ?? t}: sort the sources by this target`} onClick={() => p.onSortRows(nextSort(p.sortRows, t))}>
                  {t}
                  <span aria-hidden="true">{arrow(p.sortRows, t)}</span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {p.rowOrder.map((r) => {
          const s = p.sources[r];
          if (!s) return null;
          return (
            <tr key={s.acronym}>
              <th scope="row" aria-sort={ariaSort(p.sortCols, s.acronym)} className="row-head">
                <button type="button" title={`${s.name}: sort the targets by this source`} onClick={() => p.onSortCols(nextSort(p.sortCols, s.acronym))}>
                  {s.acronym}
                  <span aria-hidden="true">{arrow(p.sortCols, s.acronym)}</span>
                </button>
                <span className="muted small"> {s.used} exp.</span>
              </th>
              {p.colOrder.map((c) => {
                const target = p.targets[c] ?? '';
                const value = p.values[r * C + c] ?? NaN;
                const col = cellColors(value, p.limits, p.colormap);
                const text = formatMatrixValue(value, p.metric, notation);
                const cell = { source: s.acronym, target, value };
                return (
                  <td key={target}>
                    <button
                      type="button"
                      className="matrix-cell"
                      style={{ background: col.fill, color: col.text }}
                      aria-label={`${s.acronym} to ${target}: ${text}. Open the slice grid for this pair.`}
                      onClick={() => p.onActivate(cell)}
                      onFocus={() => p.onFocusCell(cell)}
                      onMouseEnter={() => p.onFocusCell(cell)}
                    >
                      {text}
                    </button>
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
