// One row per experiment: id (links to its Allen page), primary injection structure, line,
// injection volume and CCF coordinates, plus its download status when a download ran.
import { useMemo, useState } from 'react';
import type { Experiment } from '../../allen/types';
import { sortExperiments, type SortKey, type SortState } from './sort-experiments';

export interface ExperimentsTableProps {
  readonly experiments: readonly Experiment[];
  readonly colorOf: (structureId: number) => string;
  /** Per-experiment download status text, when a download has run. */
  readonly statusOf?: (experimentId: number) => string | undefined;
}

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; numeric?: boolean; title?: string }> = [
  { key: 'id', label: 'Experiment', numeric: true },
  { key: 'structure', label: 'Injection structure' },
  { key: 'line', label: 'Mouse line' },
  { key: 'volume', label: 'Injection volume (mm³)', numeric: true },
  { key: 'ap', label: 'AP (µm)', numeric: true, title: 'CCF µm, posterior +' },
  { key: 'dv', label: 'DV (µm)', numeric: true, title: 'CCF µm, ventral +' },
  { key: 'ml', label: 'ML (µm)', numeric: true, title: 'CCF µm, right +; midline 5700' },
];

export const ALLEN_EXPERIMENT_PAGE = 'https://connectivity.brain-map.org/projection/experiment/';

export function ExperimentsTable({ experiments, colorOf, statusOf }: ExperimentsTableProps) {
  const [sort, setSort] = useState<SortState>({ key: 'id', descending: false });
  const rows = useMemo(() => sortExperiments(experiments, sort), [experiments, sort]);

  return (
    <div className="table-wrap">
      <table className="experiments-table" data-testid="experiments-table">
        <caption className="visually-hidden">Matching experiments, {experiments.length} rows</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = sort.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                  title={c.title}
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => setSort({ key: c.key, descending: active ? !sort.descending : false })}
                  >
                    {c.label}
                    <span aria-hidden>{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </th>
              );
            })}
            {statusOf && <th scope="col">Download</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} data-experiment-id={e.id}>
              <td className="num">
                <a href={`${ALLEN_EXPERIMENT_PAGE}${e.id}`} target="_blank" rel="noreferrer noopener">
                  {e.id}
                </a>
              </td>
              <td title={e.structureName}>
                <span className="swatch" style={{ background: colorOf(e.structureId) }} aria-hidden />
                {e.structureAcronym}
              </td>
              <td>{e.transgenicLine ?? <span className="muted">wild type</span>}</td>
              <td className="num">{e.injectionVolumeMm3.toFixed(4)}</td>
              <td className="num">{Math.round(e.injectionCoordUm[0])}</td>
              <td className="num">{Math.round(e.injectionCoordUm[1])}</td>
              <td className="num">{Math.round(e.injectionCoordUm[2])}</td>
              {statusOf && <td className="status">{statusOf(e.id) ?? ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
