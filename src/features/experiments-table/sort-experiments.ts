import type { Experiment } from '../../allen/types';

export type SortKey = 'id' | 'structure' | 'line' | 'volume' | 'ap' | 'dv' | 'ml';
export interface SortState {
  readonly key: SortKey;
  readonly descending: boolean;
}

function value(e: Experiment, key: SortKey): number | string {
  switch (key) {
    case 'id':
      return e.id;
    case 'structure':
      return e.structureAcronym;
    case 'line':
      return e.transgenicLine ?? '';
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
export function sortExperiments(rows: readonly Experiment[], sort: SortState): Experiment[] {
  const dir = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a, sort.key);
    const vb = value(b, sort.key);
    const cmp =
      typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return cmp !== 0 ? cmp * dir : a.id - b.id;
  });
}
