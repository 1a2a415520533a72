// Slice matrices of the submitted query in the shared target (slice grid and threshold views):
// the aggregate of the query's experiments (grouped as the slice settings say), the target's
// 100 µm mask (numbers use the grid's own resolution), then computeSlices in the worker. Both views build the same AggregateSpec from
// the same settings, so switching between them reuses the aggregate held by the worker.
import { useEffect, useMemo, useState } from 'react';
import type { Ontology } from '../allen/index.ts';
import type { Experiment } from '../allen/types.ts';
import type { SlicesResult } from '../compute/slices.ts';
import type { AggregateOutcome } from '../data/aggregate-pipeline.ts';
import { getComputeWorker } from '../data/services.ts';
import { sliceAggregateSpec, sliceComputeParams, type SliceGridParams } from '../state/slices-params.ts';
import { useQueryStore } from '../state/query-store.ts';
import { useAggregate, useRegionMask } from './use-aggregate.ts';
import { useQueryExperiments } from './use-query-experiments.ts';
import type { ViewLoad } from './view-load.ts';

export type SliceResultsLoad = ViewLoad<{
  readonly result: SlicesResult;
  readonly outcome: AggregateOutcome;
  /** Target structure id (for its ontology colour). */
  readonly targetId: number;
  /** Wall time of the worker's computeSlices call, ms. */
  readonly computeMs: number;
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
      ontology && submitted && q.experiments && q.experiments.length > 0 && target
        ? sliceAggregateSpec(params, q.experiments, submitted, ontology)
        : null,
    // Only the fields that change the aggregate.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ontology, submitted, q.experiments, target, params.grouping, params.groupingBins, params.normalization, params.subtractOtherHemisphere],
  );
  const usable = spec !== null && spec.experiments.length > 0 ? spec : null;
  const agg = useAggregate(usable, attempt);
  const mask = useRegionMask(target, ontology);
  // Display-only settings (colormap, threshold) must not re-slice: key on the kernel's parameters.
  const computeNow = sliceComputeParams(params);
  const computeKey = JSON.stringify(computeNow);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const compute = useMemo(() => computeNow, [computeKey]);
  const [slices, setSlices] = useState<{ key: unknown[]; result: SlicesResult; ms: number } | { key: unknown[]; error: string } | null>(null);
  const aggKey = agg.state === 'ready' ? agg.outcome.key : null;
  const maskKey = mask.state === 'ready' ? mask.mask.maskKey : null;

  useEffect(() => {
    if (!aggKey || !maskKey) return;
    let live = true;
    const key = [aggKey, maskKey, compute];
    const t0 = performance.now();
    getComputeWorker()
      .computeSlices(aggKey, maskKey, compute)
      .then(
        (result) => {
          const ms = performance.now() - t0;
          console.info(`computeSlices: ${ms.toFixed(1)} ms (${result.slices.length} slices × ${result.groups} groups)`);
          if (live) setSlices({ key, result, ms });
        },
        (e: unknown) => {
          if (live) setSlices({ key, error: e instanceof Error ? e.message : String(e) });
        },
      );
    return () => {
      live = false;
    };
  }, [aggKey, maskKey, compute]);

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
  const current = slices && slices.key[0] === aggKey && slices.key[1] === maskKey && slices.key[2] === compute ? slices : null;
  if (!current) return { state: 'loading', message: 'Slicing…' };
  if ('error' in current) return { state: 'error', title: 'The slices could not be computed.', message: current.error };
  const targetId = ontology.byAcronym(target)?.id ?? 0;
  return { state: 'ready', result: current.result, outcome: agg.outcome, targetId, computeMs: current.ms };
}
