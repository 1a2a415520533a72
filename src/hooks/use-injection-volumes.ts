// The PSU injection volume (is_injection, structure 997, hemisphere 3) of each listed experiment:
// what injection-volume normalisation divides by, shown next to the metadata volume. Cached in
// IndexedDB like grids (data/injection-volumes.ts); while it loads the column says so.
import { useQuery } from '@tanstack/react-query';
import { loadInjectionVolumes } from '../data/injection-volumes.ts';
import { getAllenClient, getVolumeCache } from '../data/services.ts';

export function useInjectionVolumes(experimentIds: readonly number[] | undefined) {
  const ids = experimentIds ? [...new Set(experimentIds)].sort((a, b) => a - b) : [];
  return useQuery({
    queryKey: ['injection-volumes', ids],
    queryFn: ({ signal }) => loadInjectionVolumes(getAllenClient(), getVolumeCache(), ids, signal),
    enabled: ids.length > 0,
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
  });
}
