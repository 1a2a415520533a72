// Table of the subregions: acronym (ontology colour) and name, mask voxels, mean over all slices
// per group ± SD across the N experiments with data there, and the per-slice means of one group.
// Names are React text.
import type { Spread } from '../../compute/subregion-experiments.ts';
import type { SubregionsData } from './use-subregions-data.ts';
import { sliceMeans } from './subregion-math.ts';
import { formatMeanSd, formatMeanSdIn, numberFormatFor } from '../../lib/format.ts';

type ColumnFormat = ReturnType<typeof numberFormatFor>;

/** Largest |mean| or SD of a column (0 when it has none). */
const columnMax = (values: ReadonlyArray<number | null | undefined>): number =>
  Math.max(0, ...values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).map((v) => Math.abs(v)));

function MeanCell({ mean, spread, format }: { readonly mean: number; readonly spread: Spread | undefined; readonly format: ColumnFormat }) {
  const sd = spread?.sd ?? null;
  return (
    <>
      {/* the column's notation; the value to three significant digits on hover (and in full in the CSV) */}
      <span title={formatMeanSd(mean, sd)}>{formatMeanSdIn(format, mean, sd)}</span>
      <span className="muted small" data-testid="subregion-n">
        {' '}
        (N = {spread?.n ?? 0})
      </span>
    </>
  );
}

export function SubregionsTable({
  data,
  sliceGroup,
  plane,
}: {
  readonly data: SubregionsData;
  readonly sliceGroup: number;
  readonly plane: 'coronal' | 'sagittal';
}) {
  const r = data.result;
  const G = r.groups;
  const axis = plane === 'coronal' ? 'AP' : 'ML';
  // the per-slice columns share one notation (a power of ten in their headers when they need one)
  const perSlice = data.rows.map((row) => (row.index < 0 ? [] : sliceMeans(r, row.index, sliceGroup)));
  const slices = numberFormatFor(
    Math.max(
      0,
      ...perSlice
        .flat()
        .filter((v) => Number.isFinite(v))
        .map((v) => Math.abs(v)),
    ),
  );
  // each Mean ± SD column shares one notation too (no "0.0078 ± 0.0050" above "(3.22 ± 7.93) × 10⁻⁶")
  const means = data.groupLabels.map((_, g) =>
    numberFormatFor(columnMax(data.rows.flatMap((row) => (row.index < 0 ? [] : [r.groupMean[row.index * G + g], data.spread[row.index * G + g]?.sd])))),
  );
  return (
    <div className="table-wrap subregions-table-wrap">
      <table className="subregions-table" data-testid="subregions-table">
        <caption className="visually-hidden">Mean projection density per subregion of {data.target.acronym}</caption>
        <thead>
          <tr>
            <th scope="col">Subregion</th>
            <th scope="col">Name</th>
            <th scope="col" title="100 µm voxels of the subregion's mask">
              Voxels
            </th>
            {data.groupLabels.map((g, i) => (
              <th scope="col" key={`g${i}`}>
                Mean ± SD{G > 1 ? ` · ${g}` : ''}
                {means[i]?.power && <span className="muted small"> ({means[i]?.power})</span>}
              </th>
            ))}
            {r.windows.map((w, s) => (
              <th scope="col" key={`s${s}`} title={`${axis} ${Math.round(w.startUm)}–${Math.round(w.endUm)} µm (CCF)`}>
                {axis} {Math.round(w.positionUm)}
                {slices.power && <span className="muted small"> ({slices.power})</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row, i) => (
            <tr key={row.structure.id}>
              <th scope="row">
                <span className="swatch" style={{ background: row.structure.color }} aria-hidden />
                {row.structure.acronym}
              </th>
              <td>{row.structure.name}</td>
              <td className="num">{row.voxels}</td>
              {data.groupLabels.map((_, g) => (
                <td className="num" key={`g${g}`}>
                  {row.index < 0 ? (
                    '—'
                  ) : (
                    <MeanCell mean={r.groupMean[row.index * G + g] ?? NaN} spread={data.spread[row.index * G + g]} format={means[g] ?? numberFormatFor(0)} />
                  )}
                </td>
              ))}
              {r.windows.map((_, s) => (
                <td className="num" key={`s${s}`}>
                  {row.index < 0 ? '—' : slices.scaled(perSlice[i]?.[s] ?? NaN)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
