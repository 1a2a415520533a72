// The result table of the target, spatial and injection-coordinate searches: rows in the search's
// own ranking, each linked to its Allen page, with the search's value columns, and a button that
// adds the experiment's primary injection structure to the query's injection regions.
import type { ReactNode } from 'react';
import type { Experiment } from '../../allen/types.ts';
import { regionsFull, useQueryStore } from '../../state/query-store.ts';
import { URL_LIMITS } from '../../state/url-state.ts';
import { ALLEN_EXPERIMENT_PAGE } from './experiment-cells.ts';

export interface HitColumn {
  readonly label: string;
  readonly title?: string;
  /** Cell of row i. */
  readonly cell: (i: number) => ReactNode;
}

export interface SearchHitsTableProps {
  readonly experiments: readonly Experiment[];
  readonly columns: readonly HitColumn[];
  readonly colorOf: (structureId: number) => string;
  readonly productOf: (productId: number) => string;
  /** Added to the title of the add buttons (e.g. what adding does to a target search). */
  readonly addNote?: string;
  readonly caption: string;
  readonly testId: string;
}

/** Adds a structure to the query's injection regions and runs the query (every view reads it). */
function addToQuery(acronym: string): void {
  const store = useQueryStore.getState();
  store.addRegion(acronym);
  store.submit();
}

export function SearchHitsTable({ experiments, columns, colorOf, productOf, addNote, caption, testId }: SearchHitsTableProps) {
  const regions = useQueryStore((s) => s.draft.regions);
  return (
    <div className="table-wrap">
      <table className="experiments-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num plain-th">
              #
            </th>
            <th scope="col" className="num plain-th">
              Experiment
            </th>
            <th scope="col" className="plain-th">
              Injection structure
            </th>
            {columns.map((c) => (
              <th key={c.label} scope="col" className="num plain-th" title={c.title}>
                {c.label}
              </th>
            ))}
            <th scope="col" className="plain-th">
              Mouse line
            </th>
            <th scope="col" className="plain-th">
              Product
            </th>
            <th scope="col" className="num plain-th" title="Injection coordinate, CCF µm (AP posterior +, DV ventral +, ML right +)">
              Injection AP, DV, ML (µm)
            </th>
            <th scope="col" className="plain-th">
              Query
            </th>
          </tr>
        </thead>
        <tbody>
          {experiments.map((e, i) => {
            const inQuery = regions.includes(e.structureAcronym);
            const full = !inQuery && regionsFull(regions);
            return (
              <tr key={e.id} data-experiment-id={e.id}>
                <td className="num muted">{i + 1}</td>
                <td className="num">
                  <a
                    href={`${ALLEN_EXPERIMENT_PAGE}${e.id}`}
                    target="_blank"
                    rel="noreferrer noopener"
                    title="The experiment's page in the Allen Mouse Brain Connectivity Atlas"
                  >
                    {e.id}
                  </a>
                </td>
                <td title={e.structureName}>
                  <span className="swatch" style={{ background: colorOf(e.structureId) }} aria-hidden />
                  {e.structureAcronym}
                </td>
                {columns.map((c) => (
                  <td key={c.label} className="num">
                    {c.cell(i)}
                  </td>
                ))}
                <td>{e.transgenicLine ?? <span className="muted">wild type</span>}</td>
                <td>{e.productId === null ? '—' : productOf(e.productId)}</td>
                <td className="num">{e.injectionCoordUm.map((v) => Math.round(v)).join(', ')}</td>
                <td>
                  <button
                    type="button"
                    className="small-button"
                    disabled={inQuery || full || e.structureAcronym === ''}
                    title={
                      inQuery
                        ? `${e.structureAcronym} is in the query`
                        : full
                          ? `The query holds ${URL_LIMITS.maxRegions} regions, as many as a link can; remove one to add ${e.structureAcronym}`
                          : `Add ${e.structureAcronym} (this experiment's primary injection structure) to the query's injection regions${addNote ? `; ${addNote}` : ''}`
                    }
                    aria-label={inQuery ? `${e.structureAcronym} is in the query` : `Add ${e.structureAcronym} (experiment ${e.id}) to the query`}
                    onClick={() => addToQuery(e.structureAcronym)}
                  >
                    {inQuery ? 'in query' : `+ ${e.structureAcronym}`}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
