// react-query hooks of the target, spatial and injection-coordinate searches, and of the cached
// grids' density at a voxel. Keys derive from the search parameters and the query's filters.
import { useQuery } from '@tanstack/react-query';
import * as Comlink from 'comlink';
import { useMemo, useState } from 'react';
import type { Ontology } from '../allen/index.ts';
import type { CoordinateSearchResult, SeedQuery, SpatialHit, TargetQuery, TargetSearchResult } from '../allen/index.ts';
import type { Experiment } from '../allen/types.ts';
import { voxelOfPoint } from '../compute/grid-voxel.ts';
import { getAllenClient, workerJob } from '../data/services.ts';
import type { CachedDensityResult } from '../protocol/data-contract.ts';
import type { CcfPoint } from '../state/search-params.ts';
import type { QueryState } from '../state/url-state.ts';
import { useOnline } from './use-online-status.ts';

export interface ResolvedTargets {
  readonly query: TargetQuery;
  /** Acronyms (targets or source regions) the ontology does not know: left out. */
  readonly unknown: readonly string[];
}

/** Target and source acronyms → ids through the ontology. */
export function resolveTargetQuery(targets: readonly string[], query: QueryState, ontology: Ontology): ResolvedTargets {
  const unknown: string[] = [];
  const ids = (acronyms: readonly string[]): number[] =>
    acronyms.flatMap((a) => {
      const s = ontology.byAcronym(a);
      if (!s) unknown.push(a);
      return s ? [s.id] : [];
    });
  return {
    query: { targetIds: ids(targets), regionIds: ids(query.regions), line: query.line, primaryOnly: query.primaryOnly, productIds: query.products },
    unknown,
  };
}

export function useTargetSearch(resolved: ResolvedTargets | null, ontology: Ontology | undefined, allExperiments: readonly Experiment[] | undefined) {
  const q = resolved?.query;
  return useQuery<TargetSearchResult>({
    queryKey: ['target-search', q?.targetIds, q?.regionIds, q?.line, q?.primaryOnly, q?.productIds],
    queryFn: ({ signal }) => {
      if (!q || !ontology) throw new Error('target search called without targets');
      return getAllenClient().searchTargets(q, ontology, { signal, allExperiments });
    },
    enabled: q !== undefined && q.targetIds.length > 0 && ontology !== undefined,
    staleTime: 10 * 60_000,
    retry: false,
  });
}

function seedQuery(seedUm: CcfPoint | null, query: QueryState): SeedQuery | null {
  return seedUm ? { seedUm, line: query.line, productIds: query.products } : null;
}

export function useSpatialSearch(seedUm: CcfPoint | null, query: QueryState, ontology: Ontology | undefined) {
  const q = useMemo(() => seedQuery(seedUm, query), [seedUm, query]);
  return useQuery<SpatialHit[]>({
    queryKey: ['spatial-search', q?.seedUm, q?.line, q?.productIds],
    queryFn: ({ signal }) => {
      if (!q || !ontology) throw new Error('spatial search called without a point');
      return getAllenClient().searchSpatial(q, ontology, { signal });
    },
    enabled: q !== null && ontology !== undefined,
    staleTime: 10 * 60_000,
    retry: false,
  });
}

export function useCoordinateSearch(
  seedUm: CcfPoint | null,
  query: QueryState,
  ontology: Ontology | undefined,
  allExperiments: readonly Experiment[] | undefined,
) {
  const q = useMemo(() => seedQuery(seedUm, query), [seedUm, query]);
  // offline: distances from the held (cached) list at once, without asking the service
  const offline = !useOnline() && allExperiments !== undefined;
  return useQuery<CoordinateSearchResult>({
    queryKey: ['coordinate-search', q?.seedUm, q?.line, q?.productIds, offline],
    queryFn: ({ signal }) => {
      if (!q || !ontology) throw new Error('coordinate search called without a point');
      return getAllenClient().searchInjectionCoordinate(q, ontology, { signal, allExperiments, offline });
    },
    enabled: q !== null && ontology !== undefined,
    staleTime: 10 * 60_000,
    retry: false,
  });
}

/**
 * The density at the seed's voxel of every cached grid, read and decoded in the worker
 * (src/backend/cached-density.ts); read again whenever the view opens. `progress`: grids read so
 * far and in total while it reads.
 */
export function useCachedDensity(seedUm: CcfPoint | null) {
  const voxel = seedUm ? voxelOfPoint(seedUm) : null;
  const [progress, setProgress] = useState<readonly [number, number] | null>(null);
  const query = useQuery<CachedDensityResult>({
    queryKey: ['cached-density', voxel?.ap, voxel?.dv, voxel?.ml],
    queryFn: ({ signal }) => {
      if (!voxel) throw new Error('cached density asked without a voxel');
      setProgress(null);
      return workerJob(signal, (w, jobId) =>
        w.cachedDensityAt(
          voxel,
          Comlink.proxy((read: number, total: number) => setProgress([read, total])),
          jobId,
        ),
      );
    },
    enabled: voxel !== null,
    staleTime: 0,
    gcTime: 60_000,
    retry: false,
  });
  return { query, progress };
}
