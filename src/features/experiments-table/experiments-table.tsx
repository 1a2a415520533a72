// One row per experiment: id (links to its Allen page), primary injection structure, line,
// product, both injection volumes (the PSU injection signal volume that normalisation divides by,
// and the metadata's) and CCF coordinates, plus its download status when a download ran.
import { useMemo, useState } from 'react';
import type { Experiment } from '../../allen/types';
import { sortExperiments, type SortKey, type SortState } from './sort-experiments';

export interface ExperimentsTableProps {
  readonly experiments: readonly Experiment[];
  readonly colorOf: (structureId: number) => string;
  /** Product name per id (falls back to the id). */
  readonly productOf: (productId: number) => string;
  /** PSU injection volume (mm³): a number, null (Allen has no record), or undefined (loading / failed). */
  readonly psuVolumeOf: (experimentId: number) => number | null | undefined;
  readonly psuState: 'loading' | 'ready' | 'error';
  /** Per-experiment download status text, when a download has run. */
  readonly statusOf?: (experimentId: number) => string | undefined;
}

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; numeric?: boolean; title?: string }> = [
  { key: 'id', label: 'Experiment', numeric: true },
  { key: 'structure', label: 'Injection structure' },
  { key: 'line', label: 'Mouse line' },
  { key: 'product', label: 'Product' },
  {
    key: 'psuVolume',
    label: 'Injection volume, PSU (mm³)',
    numeric: true,
    title:
      'Injection signal volume: ProjectionStructureUnionize, is_injection = true, structure 997, both hemispheres, projection_volume. Injection-volume normalisation divides by this (as bsv).',
  },
  {
    key: 'volume',
    label: 'Injection volume, metadata (mm³)',
    numeric: true,
    title: "The experiment list's injection-volume (the injection site's volume); the second normalisation choice",
  },
  { key: 'ap', label: 'AP (µm)', numeric: true, title: 'CCF µm, posterior +' },
  { key: 'dv', label: 'DV (µm)', numeric: true, title: 'CCF µm, ventral +' },
  { key: 'ml', label: 'ML (µm)', numeric: true, title: 'CCF µm, right +; midline 5700' },
];

import { ALLEN_EXPERIMENT_PAGE } from './experiment-cells.ts';

export function ExperimentsTable({ experiments, colorOf, productOf, psuVolumeOf, psuState, statusOf }: ExperimentsTableProps) {
  const [sort, setSort] = useState<SortState>({ key: 'id', descending: false });
  const rows = useMemo(() => sortExperiments(experiments, sort, psuVolumeOf), [experiments, sort, psuVolumeOf]);

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
                  <button type="button" className="sort-button" onClick={() => setSort({ key: c.key, descending: active ? !sort.descending : false })}>
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
              <td title={e.productId === null ? undefined : `product id ${e.productId}`}>{e.productId === null ? '—' : productOf(e.productId)}</td>
              <td className="num" data-testid="psu-volume">
                <PsuVolume value={psuVolumeOf(e.id)} state={psuState} />
              </td>
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

function PsuVolume({ value, state }: { readonly value: number | null | undefined; readonly state: 'loading' | 'ready' | 'error' }) {
  if (value === null)
    return (
      <span className="muted" title="Allen has no injection record (PSU is_injection, structure 997, hemisphere 3): left out of normalised means">
        none
      </span>
    );
  if (value === undefined) return <span className="muted">{state === 'loading' ? '…' : 'n/a'}</span>;
  return <>{value.toFixed(4)}</>;
}
