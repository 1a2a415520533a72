// The experiments table as a CSV document: every column shown plus the product and both injection
// volumes (the PSU injection signal volume that normalisation divides by, and the metadata one).
import type { Product } from '../../allen/index.ts';
import type { Experiment, ExperimentSearchResult } from '../../allen/types.ts';
import { queryParameters, type QueryDescription } from '../../components/csv-parameters.ts';
import { csvDocument } from '../../render/csv-document.ts';
import { COORD_NOTE, EXPERIMENT_COLUMNS, TAIL_COLUMNS, experimentCells, tailCells } from './experiment-cells.ts';
import type { PsuVolumeOf } from './sort-experiments.ts';

export function experimentsCsv(
  experiments: readonly Experiment[],
  psu: PsuVolumeOf,
  products: readonly Product[] | undefined,
  query: QueryDescription,
  source: ExperimentSearchResult['source'],
  url: string,
): string {
  const rows = experiments.map((e) => {
    const v = psu(e.id);
    return [...experimentCells(e, products), v === null ? 'none' : (v ?? ''), ...tailCells(e)];
  });
  return csvDocument({
    view: 'Experiments of the query',
    url,
    parameters: [
      ...queryParameters(query),
      [
        'answered by',
        source === 'service'
          ? 'service::mouse_connectivity_injection_structure'
          : source === 'cached-list'
            ? 'model::ApiConnectivity (the copy cached in this browser), filtered through the ontology (offline)'
            : 'model::ApiConnectivity, filtered through the ontology (the service failed)',
      ],
    ],
    notes: [
      "injection_volume_psu_mm3: ProjectionStructureUnionize, is_injection = true, structure 997, hemisphere 3, projection_volume (bsv's injection summary; the divisor of injection-volume normalisation); none = Allen has no such record (the experiment is left out of normalised means); empty = not fetched.",
      "injection_volume_metadata_mm3: the experiment list's injection-volume (the injection site's volume).",
      COORD_NOTE,
    ],
    table: {
      columns: [...EXPERIMENT_COLUMNS, 'injection_volume_psu_mm3', ...TAIL_COLUMNS],
      rows,
    },
  });
}
