import type { Experiment } from '../../allen/types';

export type SortKey = 'id' | 'structure' | 'line' | 'product' | 'psuVolume' | 'volume' | 'ap' | 'dv' | 'ml';
export interface SortState {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** PSU injection volume per experiment (null = no record, undefined = not known yet). */
export type PsuVolumeOf = (experimentId: number) => number | null | undefined;

function value(e: Experiment, key: SortKey, psu: PsuVolumeOf): number | string {
  switch (key) {
    case 'id':
      return e.id;
    case 'structure':
      return e.structureAcronym;
    case 'line':
      return e.transgenicLine ?? '';
    case 'product':
      return e.productId ?? -1;
    case 'psuVolume':
      // experiments without a value sort after every number
      return psu(e.id) ?? Number.POSITIVE_INFINITY;
    case 'volume':
      return e.injectionVolumeMm3;
    case 'ap':
      return e.injectionCoordUm[0];
    case 'dv':
      return e.injectionCoordUm[1];
    case 'ml':
      return e.injectionCoordUm[2];
  }
}

/** Stable sort that never mutates its input; ties keep experiment id order. */
export function sortExperiments(rows: readonly Experiment[], sort: SortState, psu: PsuVolumeOf = () => undefined): Experiment[] {
  const dir = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a, sort.key, psu);
    const vb = value(b, sort.key, psu);
    const cmp = typeof va === 'number' && typeof vb === 'number' ? (va === vb ? 0 : va < vb ? -1 : 1) : String(va).localeCompare(String(vb));
    return cmp !== 0 ? cmp * dir : a.id - b.id;
  });
}
