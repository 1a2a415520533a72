// Upstream sources of a target: ProjectionStructureUnionize rows (is_injection=false, both
// hemispheres, projection_volume > min) grouped by the experiments' primary injection structure.
import { useQuery } from '@tanstack/react-query';
import type { Ontology } from '../allen/index.ts';
import type { Experiment, MouseLineFilter } from '../allen/types.ts';
import { getAllenClient } from '../data/services.ts';

export function useUpstreamSources(
  targetId: number | null,
  minVolumeMm3: number,
  line: MouseLineFilter,
  primaryOnly: boolean,
  products: readonly number[],
  ontology: Ontology | undefined,
  experiments: readonly Experiment[] | undefined,
) {
  return useQuery({
    queryKey: ['upstream', targetId, minVolumeMm3, line, primaryOnly, products],
    queryFn: ({ signal }) => {
      if (targetId === null || !ontology || !experiments) throw new Error('upstream query without inputs');
      return getAllenClient().fetchUpstreamSources(targetId, { minVolumeMm3, line, primaryOnly, productIds: products }, ontology, experiments, { signal });
    },
    enabled: targetId !== null && ontology !== undefined && experiments !== undefined,
    staleTime: 10 * 60_000,
    retry: false,
  });
}
