// Slice matrices of the submitted query in the shared target (slice grid and threshold views):
// the aggregate of the query's experiments (grouped as the slice settings say), the target's
// 100 µm mask (numbers use the grid's own resolution), then computeSlices in the worker. Both views build the same AggregateSpec from
// the same settings, so switching between them reuses the aggregate held by the worker.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Ontology } from '../allen/index.ts';
import type { Experiment } from '../allen/types.ts';
import type { SlicesResult } from '../compute/slices.ts';
import type { AggregateOutcome } from '../data/queries.ts';
import { getComputeWorker } from '../data/services.ts';
import { sliceAggregateSpec, sliceComputeParams, type SliceGridParams } from '../state/slices-params.ts';
import { useQueryStore } from '../state/query-store.ts';
import { outcomeVersion, useAggregate, useRegionMask } from './use-aggregate.ts';
import { useQueryExperiments } from './use-query-experiments.ts';
import type { ViewLoad } from './view-load.ts';

export type SliceResultsLoad = ViewLoad<{
  readonly result: SlicesResult;
  readonly outcome: AggregateOutcome;
  /** Target structure id (for its ontology colour). */
  readonly targetId: number;
  /** Wall time of the worker's computeSlices call, ms. */
  readonly computeMs: number;
  /** Identity of `result` (for queries computed from it, e.g. thresholds). */
  readonly resultKey: string;
}>;

const PHASE = { planning: 'Planning the aggregate…', volumes: 'Loading projection volumes…', averaging: 'Averaging the groups…' } as const;

export function useSliceResults(
  ontology: Ontology | undefined,
  allExperiments: readonly Experiment[] | undefined,
  params: SliceGridParams,
  target: string | null,
  attempt: number,
): SliceResultsLoad {
  const q = useQueryExperiments(ontology, allExperiments);
  const submitted = useQueryStore((s) => s.submitted);
  const spec = useMemo(
    () =>
      ontology && submitted && q.experiments && q.experiments.length > 0 && target ? sliceAggregateSpec(params, q.experiments, submitted, ontology) : null,
    // a display tweak makes a new spec with the same identity: its query key does not change
    [ontology, submitted, q.experiments, target, params],
  );
  const usable = spec !== null && spec.experiments.length > 0 ? spec : null;
  const agg = useAggregate(usable, attempt);
  const mask = useRegionMask(target, ontology);
  // Display-only settings (colormap, threshold) must not re-slice: key on the kernel's parameters.
  const compute = sliceComputeParams(params);
  const outcome = agg.state === 'ready' ? agg.outcome : null;
  const maskKey = mask.state === 'ready' ? mask.mask.maskKey : null;
  const slices = useQuery({
    queryKey: ['slices', outcomeVersion(outcome), maskKey, compute],
    queryFn: async () => {
      if (!outcome || !maskKey) throw new Error('slices asked without means and mask');
      const t0 = performance.now();
      const result = await getComputeWorker().computeSlices(outcome.key, maskKey, compute);
      const ms = performance.now() - t0;
      console.info(`computeSlices: ${ms.toFixed(1)} ms (${result.slices.length} slices × ${result.groups} groups)`);
      return { result, ms };
    },
    enabled: outcome !== null && maskKey !== null,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });

  if (!submitted) return { state: 'empty', message: 'No experiments in the query: add injection regions and press Search.' };
  if (!target) return { state: 'empty', message: 'Choose a target region to slice.' };
  if (q.error) return { state: 'error', title: 'The experiment search failed.', message: q.error.message };
  if (!q.experiments || !ontology) return { state: 'loading', message: 'Searching experiments…' };
  if (q.experiments.length === 0 || (spec && spec.experiments.length === 0))
    return { state: 'empty', message: 'No experiments in the query: no projection experiment matches these regions and filters.' };
  if (mask.state === 'error')
    // regionMaskFor's contract: "<acronym> has no voxels in the 100 µm annotation." is a fact about the atlas, not a failure.
    return / has no voxels /.test(mask.message)
      ? { state: 'empty', message: `${mask.message} Choose a larger or parent target region.` }
      : { state: 'error', title: `The target ${target} cannot be sliced.`, message: mask.message };
  if (agg.state === 'error') return { state: 'error', title: 'The group means could not be computed.', message: agg.message };
  if (agg.state !== 'ready') return { state: 'loading', message: agg.state === 'loading' ? PHASE[agg.phase] : 'Preparing…' };
  if (mask.state !== 'ready') return { state: 'loading', message: `Loading the mask of ${target}…` };
  if (slices.isError) return { state: 'error', title: 'The slices could not be computed.', message: slices.error.message };
  if (!slices.isSuccess) return { state: 'loading', message: 'Slicing…' };
  const targetId = ontology.byAcronym(target)?.id ?? 0;
  return {
    state: 'ready',
    result: slices.data.result,
    outcome: agg.outcome,
    targetId,
    computeMs: slices.data.ms,
    resultKey: JSON.stringify([outcomeVersion(outcome), maskKey, compute]),
  };
}
