// Data of the connectivity matrix: rows = the submitted query's regions (one region group each,
// experiments assigned through the ontology, first region wins), columns = target structures.
// One region-grouped aggregate (shared with every view asking for the same groups), then the
// worker's connectivityMatrix per batch of target masks (raw values; normalisation is applied by
// the view, so switching it does not recompute), both through react-query.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { assignSources } from '../../allen/assign-sources.ts';
import type { Ontology } from '../../allen/ontology.ts';
import type { Experiment } from '../../allen/types.ts';
import type { MatrixMetric } from '../../compute/matrix.ts';
import type { AggregateOutcome, AggregateSpec } from '../../data/queries.ts';
import { getComputeWorker } from '../../data/services.ts';
import { outcomeVersion, useAggregate } from '../../hooks/use-aggregate.ts';
import { useQueryExperiments } from '../../hooks/use-query-experiments.ts';
import { useQueryStore } from '../../state/query-store.ts';
import type { MaskHemisphere } from '../../state/matrix-params.ts';
import { joinColumnBlocks } from './matrix-normalise.ts';
import { withTargetMaskBatches } from './target-masks.ts';
import type { ViewLoad } from '../../hooks/view-load.ts';
import type { Normalization } from '../../compute/aggregate-plan.ts';

export interface MatrixSource {
  readonly acronym: string;
  readonly name: string;
  readonly planned: number;
  readonly used: number;
}

export interface MatrixData {
  /** Raw values, row-major sources × targets (NaN = no data). */
  readonly values: Float64Array;
  readonly sources: readonly MatrixSource[];
  readonly targets: readonly string[];
  /** 100 µm voxels of each target's mask (in the chosen hemisphere), same order as targets. */
  readonly targetVoxels: readonly number[];
  readonly metric: MatrixMetric;
  readonly unknownTargets: readonly string[];
  readonly emptyTargets: readonly string[];
  /** Wall time of the connectivityMatrix worker calls (all batches), ms. */
  readonly computeMs: number;
  readonly aggregateFrom: AggregateOutcome['from'];
}

export type MatrixLoad = ViewLoad<{ readonly data: MatrixData; readonly outcome: AggregateOutcome }>;

export interface MatrixInputs {
  readonly targets: readonly string[];
  readonly metric: MatrixMetric;
  readonly hemisphere: MaskHemisphere;
  readonly normalization: Normalization;
  readonly subtractOtherHemisphere: boolean;
}

export function useMatrixData(ontology: Ontology | undefined, allExperiments: readonly Experiment[] | undefined, inputs: MatrixInputs, attempt: number) {
  const query = useQueryExperiments(ontology, allExperiments);
  const submitted = useQueryStore((s) => s.submitted);
  const assigned = useMemo(() => {
    if (!ontology || !submitted || !query.experiments) return null;
    return assignSources(submitted.regions, query.experiments, ontology, submitted.line, submitted.primaryOnly, submitted.products);
  }, [ontology, submitted, query.experiments]);
  const withData = useMemo(() => (assigned?.sources ?? []).filter((s) => s.experiments.length > 0), [assigned]);
  const spec = useMemo<AggregateSpec | null>(() => {
    if (withData.length === 0) return null;
    const seen = new Set<number>();
    const experiments = withData.flatMap((s) => s.experiments).filter((e) => !seen.has(e.id) && seen.add(e.id));
    return {
      experiments,
      grouping: 'region',
      regionGroups: withData.map((s) => ({ label: s.structure.acronym, experimentIds: s.experiments.map((e) => e.id) })),
      normalization: inputs.normalization,
      subtractOtherHemisphere: inputs.subtractOtherHemisphere,
    };
  }, [withData, inputs.normalization, inputs.subtractOtherHemisphere]);
  const agg = useAggregate(spec, attempt);
  const outcome = agg.state === 'ready' ? agg.outcome : null;
  const matrix = useQuery({
    queryKey: ['matrix', outcomeVersion(outcome), inputs.targets, inputs.metric, inputs.hemisphere],
    queryFn: async ({ signal }): Promise<MatrixData> => {
      if (!outcome || !ontology) throw new Error('matrix asked without its means');
      const worker = getComputeWorker();
      const refs = outcome.groups.map((g) => ({ aggregateKey: outcome.key, group: g.index }));
      const labels = outcome.groups.map((g) => g.label);
      const blocks: Array<{ values: Float64Array; cols: number; targets: string[]; voxels: number[] }> = [];
      let computeMs = 0;
      const report = await withTargetMaskBatches(inputs.targets, ontology, inputs.hemisphere, signal, async (batch) => {
        const t0 = performance.now();
        const m = await worker.connectivityMatrix(
          refs,
          batch.map((b) => b.maskKey),
          { metric: inputs.metric },
          { sources: labels, targets: batch.map((b) => b.acronym) },
        );
        computeMs += performance.now() - t0;
        blocks.push({ values: m.values, cols: m.cols, targets: [...m.targetLabels], voxels: batch.map((b) => b.voxelCount) });
      });
      return {
        values: joinColumnBlocks(blocks, refs.length),
        sources: outcome.groups.map((g) => ({
          acronym: g.label,
          name: ontology.byAcronym(g.label)?.name ?? g.label,
          planned: g.experimentIds.length,
          used: g.usedExperimentIds.length,
        })),
        targets: blocks.flatMap((b) => b.targets),
        targetVoxels: blocks.flatMap((b) => b.voxels),
        metric: inputs.metric,
        unknownTargets: report.unknown,
        emptyTargets: report.empty,
        computeMs,
        aggregateFrom: outcome.from,
      };
    },
    enabled: outcome !== null && ontology !== undefined && inputs.targets.length > 0,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });

  const load: MatrixLoad = (() => {
    if (!submitted) return { state: 'empty', message: 'Search for one or more injection regions (the matrix rows) in the panel on the left.' };
    if (inputs.targets.length === 0) return { state: 'empty', message: 'Add one or more target regions (the matrix columns).' };
    if (query.error) return { state: 'error', title: 'The experiment search failed.', message: query.error.message };
    if (!ontology || !query.experiments) return { state: 'loading', message: 'Searching experiments…' };
    if (withData.length === 0) return { state: 'empty', message: `No experiments were found for ${submitted.regions.join(', ')} with the current filters.` };
    if (agg.state === 'error') return { state: 'error', title: 'The source averages could not be computed.', message: agg.message };
    if (!outcome)
      return { state: 'loading', message: agg.state === 'loading' && agg.phase === 'averaging' ? 'Averaging per source…' : 'Loading projection volumes…' };
    if (matrix.isError) return { state: 'error', title: 'The matrix could not be computed.', message: matrix.error.message };
    if (!matrix.isSuccess) return { state: 'loading', message: 'Computing the matrix…' };
    if (matrix.data.targets.length === 0) {
      const why = [...matrix.data.unknownTargets.map((t) => `${t} is not in the ontology`), ...matrix.data.emptyTargets.map((t) => `${t} has no voxels`)];
      return { state: 'empty', message: `None of the targets can be used: ${why.join('; ')}.` };
    }
    return { state: 'ready', data: matrix.data, outcome };
  })();

  const noExperiments = (assigned?.sources ?? []).filter((s) => s.experiments.length === 0).map((s) => s.structure.acronym);
  return { load, noExperiments, unknownRegions: assigned?.unknown ?? [] };
}
