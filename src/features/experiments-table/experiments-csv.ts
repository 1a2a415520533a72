// The experiments table as a CSV document: every column shown plus the product and both injection
// volumes (the PSU injection signal volume that normalisation divides by, and the metadata one).
import { productLabel, type Product } from '../../allen/index.ts';
import type { Experiment } from '../../allen/types.ts';
import { queryParameters, type QueryDescription } from '../../components/csv-parameters.ts';
import { csvDocument } from '../../render/csv-document.ts';
import type { PsuVolumeOf } from './sort-experiments.ts';

export const ALLEN_EXPERIMENT_PAGE = 'https://connectivity.brain-map.org/projection/experiment/';

export function experimentsCsv(
  experiments: readonly Experiment[],
  psu: PsuVolumeOf,
  products: readonly Product[] | undefined,
  query: QueryDescription,
  source: 'service' | 'api-connectivity',
  url: string,
): string {
  const rows = experiments.map((e) => {
    const v = psu(e.id);
    return [
      e.id,
      e.structureAcronym,
      e.structureId,
      e.structureName,
      e.transgenicLine ?? 'wild type',
      e.productId ?? '',
      e.productId === null ? '' : productLabel(e.productId, products),
      v === null ? 'none' : (v ?? ''),
      e.injectionVolumeMm3,
      e.injectionCoordUm[0],
      e.injectionCoordUm[1],
      e.injectionCoordUm[2],
      `${ALLEN_EXPERIMENT_PAGE}${e.id}`,
    ];
  });
  return csvDocument({
    view: 'Experiments of the query',
    url,
    parameters: [
      ...queryParameters(query),
      [
        'answered by',
        source === 'service' ? 'service::mouse_connectivity_injection_structure' : 'model::ApiConnectivity, filtered through the ontology (the service failed)',
      ],
    ],
    notes: [
      "injection_volume_psu_mm3: ProjectionStructureUnionize, is_injection = true, structure 997, hemisphere 3, projection_volume (bsv's injection summary; the divisor of injection-volume normalisation); none = Allen has no such record (the experiment is left out of normalised means); empty = not fetched.",
      "injection_volume_metadata_mm3: the experiment list's injection-volume (the injection site's volume).",
      'ap_um, dv_um, ml_um: injection coordinate, CCF µm (AP posterior +, DV ventral +, ML right +; midline 5700).',
    ],
    table: {
      columns: [
        'experiment_id',
        'structure',
        'structure_id',
        'structure_name',
        'transgenic_line',
        'product_id',
        'product',
        'injection_volume_psu_mm3',
        'injection_volume_metadata_mm3',
        'ap_um',
        'dv_um',
        'ml_um',
        'allen_page',
      ],
      rows,
    },
  });
}
