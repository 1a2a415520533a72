// Everything the 3D view draws, loaded: brain shell (root mask → isosurface → decimated),
// target surface (shared target `t`, smoothed), injection sites of the submitted query, and —
// only when asked — the density surface of the query's mean projection (an aggregate download).
import { useMemo } from 'react';
import type { Ontology } from '../../allen/index.ts';
import type { Experiment } from '../../allen/types.ts';
import type { AggregateSpec } from '../../data/queries.ts';
import { getComputeWorker } from '../../data/services.ts';
import { useAggregate, type AggregateLoad } from '../../hooks/use-aggregate.ts';
import type { QueryExperiments } from '../../hooks/use-query-experiments.ts';
import type { InjectionSites } from '../../render/injection-sites.ts';
import type { Brain3dParams } from '../../state/brain3d-params.ts';
import { DRAWING_RESOLUTION } from '../../data/queries.ts';
import { useRegionMask } from '../../hooks/use-aggregate.ts';
import { prepareMesh, useMesh, type MeshLoad } from './use-meshes.ts';
import { useInjectionSites } from '../../hooks/use-injection-sites.ts';

/** Brain shell: 50 µm marching cubes (~420k triangles) clustered at 150 µm. */
const OUTLINE = { cellUm: 150, maxTriangles: 40_000, sigma: 0 } as const;
/** Target: smoothed (σ = 1 voxel = 50 µm); clustered at 100 µm only when large. */
const TARGET = { cellUm: 100, maxTriangles: 80_000, sigma: 1 } as const;
/** Density: the 100 µm mean, smoothed σ = 1 voxel. */
const DENSITY = { cellUm: 150, maxTriangles: 120_000, sigma: 1 } as const;

export interface Brain3dData {
  readonly query: QueryExperiments;
  readonly sites: InjectionSites | null;
  readonly outline: MeshLoad;
  readonly target: MeshLoad;
  readonly targetColor: string;
  readonly targetError: string | null;
  readonly aggregate: AggregateLoad;
  readonly density: MeshLoad;
  /** Why the density surface is not drawn although asked for, or null. */
  readonly densityNote: string | null;
  readonly outlineError: string | null;
}

export function useBrain3d(
  ontology: Ontology | undefined,
  allExperiments: readonly Experiment[] | undefined,
  target: string | null,
  params: Brain3dParams,
  attempt: number,
): Brain3dData {
  const { query, sites } = useInjectionSites(ontology, allExperiments);
  const root = ontology ? (ontology.byId(ontology.rootId)?.acronym ?? null) : null;
  // drawn surfaces: the 50 µm annotation
  const rootMask = useRegionMask(root, ontology, 'both', DRAWING_RESOLUTION);
  const targetMask = useRegionMask(target, ontology, 'both', DRAWING_RESOLUTION);
  const rootKey = rootMask.state === 'ready' ? rootMask.mask.maskKey : null;
  const targetKey = targetMask.state === 'ready' ? targetMask.mask.maskKey : null;
  const outline = useMesh(rootKey && `outline|${rootKey}`, () =>
    prepareMesh(() =>
      getComputeWorker().isosurfaceFromMask(rootKey ?? '', {
        smoothSigmaVoxels: OUTLINE.sigma,
        decimate: { cellUm: OUTLINE.cellUm, maxTriangles: OUTLINE.maxTriangles },
      }),
    ),
  );
  const targetMesh = useMesh(targetKey && `target|${targetKey}`, () =>
    prepareMesh(() =>
      getComputeWorker().isosurfaceFromMask(targetKey ?? '', {
        smoothSigmaVoxels: TARGET.sigma,
        decimate: { cellUm: TARGET.cellUm, maxTriangles: TARGET.maxTriangles },
      }),
    ),
  );
  const experiments = query.experiments;
  const spec = useMemo<AggregateSpec | null>(
    () =>
      params.density && experiments && experiments.length > 0 ? { experiments, grouping: 'none', normalization: 'none', subtractOtherHemisphere: false } : null,
    [params.density, experiments],
  );
  const aggregate = useAggregate(spec, attempt);
  const aggKey = aggregate.state === 'ready' && (aggregate.outcome.groups[0]?.usedExperimentIds.length ?? 0) > 0 ? aggregate.outcome.key : null;
  const threshold = params.densityThreshold;
  const density = useMesh(aggKey && `density|${aggKey}|${threshold}`, () =>
    prepareMesh(() =>
      getComputeWorker().isosurfaceFromAggregate(aggKey ?? '', 0, threshold, {
        smoothSigmaVoxels: DENSITY.sigma,
        decimate: { cellUm: DENSITY.cellUm, maxTriangles: DENSITY.maxTriangles },
      }),
    ),
  );
  let densityNote: string | null = null;
  if (params.density) {
    if (query.regions.length === 0) densityNote = 'The density surface needs a query: search for injection regions first.';
    else if (experiments && experiments.length === 0) densityNote = 'The query has no experiments, so there is no density to draw.';
    else if (aggregate.state === 'ready' && !aggKey) densityNote = 'No experiment volume could be averaged.';
    else if (density.state === 'ready' && density.mesh.triangles === 0)
      densityNote = `No voxel of the mean projection density exceeds ${threshold}; lower the threshold.`;
  }
  const structure = target ? ontology?.byAcronym(target) : undefined;
  return {
    query,
    sites,
    outline,
    target: targetMesh,
    targetColor: structure?.color ?? '#888888',
    targetError: targetMask.state === 'error' ? targetMask.message : targetMesh.state === 'error' ? targetMesh.message : null,
    aggregate,
    density,
    densityNote,
    outlineError: rootMask.state === 'error' ? rootMask.message : outline.state === 'error' ? outline.message : null,
  };
}
