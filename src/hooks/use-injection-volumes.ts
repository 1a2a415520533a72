// The PSU injection volume (is_injection, structure 997, hemisphere 3) of each listed experiment:
// what injection-volume normalisation divides by, shown next to the metadata volume. Fetched and
// cached (IndexedDB) by the worker; while it loads the column says so.
import { useQuery } from '@tanstack/react-query';
import { injectionVolumesQuery } from '../data/queries.ts';

export function useInjectionVolumes(experimentIds: readonly number[] | undefined) {
  return useQuery({ ...injectionVolumesQuery(experimentIds ?? []), enabled: (experimentIds?.length ?? 0) > 0 });
}
