// The experiment columns every CSV of this view shares (the experiments table and the three
// searches): who the experiment is, then its metadata injection volume, coordinate and Allen page.
import { productLabel, type Product } from '../../allen/experiment-filters.ts';
import type { Experiment } from '../../allen/types.ts';

export const ALLEN_EXPERIMENT_PAGE = 'https://connectivity.brain-map.org/projection/experiment/';

export type Cell = string | number;

export const COORD_NOTE = 'ap_um, dv_um, ml_um: injection coordinate, CCF µm (AP posterior +, DV ventral +, ML right +; midline 5700).';
export const EXPERIMENT_COLUMNS = ['experiment_id', 'structure', 'structure_id', 'structure_name', 'transgenic_line', 'product_id', 'product'];
export const TAIL_COLUMNS = ['injection_volume_metadata_mm3', 'ap_um', 'dv_um', 'ml_um', 'allen_page'];

export function experimentCells(e: Experiment, products: readonly Product[] | undefined): Cell[] {
  return [
    e.id,
    e.structureAcronym,
    e.structureId,
    e.structureName,
    e.transgenicLine ?? 'wild type',
    e.productId ?? '',
    e.productId === null ? '' : productLabel(e.productId, products),
  ];
}

export function tailCells(e: Experiment): Cell[] {
  return [e.injectionVolumeMm3, e.injectionCoordUm[0], e.injectionCoordUm[1], e.injectionCoordUm[2], `${ALLEN_EXPERIMENT_PAGE}${e.id}`];
}
