// Data of the subregions view: the query experiments' aggregate (same AggregateSpec shape as the
// slice grid, so an identical grouping reuses the worker's aggregate), the shared target's child
// (or leaf) structures — or the labels of the user's annotation volume inside it — as 100 µm
// masks (the density grid's own voxels), and the worker's subregions kernel per batch of masks
// over slice windows spanning the target.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { assignSources } from '../../allen/assign-sources.ts';
import type { Ontology } from '../../allen/ontology.ts';
import type { Experiment, Structure } from '../../allen/types.ts';
import type { SubregionResult } from '../../compute/subregions.ts';
import { spreadAcrossExperiments, type Spread } from '../../compute/subregion-experiments.ts';
import { aggregateRequest, type AggregateOutcome, type AggregateSpec } from '../../data/queries.ts';
import { getComputeWorker, workerJob } from '../../data/services.ts';
import { outcomeVersion, useAggregate } from '../../hooks/use-aggregate.ts';
import { useQueryExperiments } from '../../hooks/use-query-experiments.ts';
import { useQueryStore } from '../../state/query-store.ts';
import type { SubregionsViewParams } from '../../state/subregions-params.ts';
import { structureMask, withMaskBatches, type StructureMask } from '../../data/mask-batches.ts';
import type { UserAnnotationMeta } from '../../data/user-annotation.ts';
import { useUserAnnotation } from './use-user-annotation.ts';
import { userLabelsInMask, withUserMaskBatches } from './user-subregions.ts';
import { chunkWindows } from '../../compute/slices-plan.ts';
import { axisExtent, hemisphereModes, joinSubregionResults, MAX_SUBREGIONS, subregionsOf } from './subregion-math.ts';
import type { ViewLoad } from '../../hooks/view-load.ts';

export interface SubregionRow {
  readonly structure: Structure;
  /** 100 µm voxels of the child's mask (in the chosen hemisphere); 0 = none. */
  readonly voxels: number;
  /** Index into result.subregions, or -1 when the child has no voxel. */
  readonly index: number;
}

export interface SubregionsData {
  readonly target: Structure;
  readonly rows: readonly SubregionRow[];
  readonly totalChildren: number;
  /** File name of the user's annotation when the subregions are its labels; null = ontology. */
  readonly annotation: string | null;
  readonly result: SubregionResult;
  /** Error bars: spread of the per-experiment values across the group's experiments, index k·groups + g (k = result.subregions). */
  readonly spread: readonly Spread[];
  /** Experiments whose grid could not be measured for the error bars, with the reason. */
  readonly spreadFailed: ReadonlyMap<number, string>;
  readonly groupLabels: readonly string[];
  readonly computeMs: number;
  readonly aggregateFrom: AggregateOutcome['from'];
  /** The group means behind the numbers: who was used, who was left out and why. */
  readonly outcome: AggregateOutcome;
}

export type SubregionsLoad = ViewLoad<{ readonly data: SubregionsData }>;

let labelRuns = 0;

/** Where the subregions come from: ontology structures, or the user's annotation labels. */
type SubregionPlan =
  { readonly kind: 'ontology'; readonly list: Structure[]; readonly total: number } | { readonly kind: 'user'; readonly meta: UserAnnotationMeta };

/** The query function's outcome when the user's annotation has no label inside the target. */
interface NoLabelsInTarget {
  readonly noLabels: true;
}

export function useSubregionsData(
  ontology: Ontology | undefined,
  allExperiments: readonly Experiment[] | undefined,
  target: string | null,
  p: SubregionsViewParams,
  attempt: number,
): SubregionsLoad {
  const query = useQueryExperiments(ontology, allExperiments);
  const submitted = useQueryStore((s) => s.submitted);
  const targetStructure = target ? ontology?.byAcronym(target) : undefined;
  const userAnnotation = useUserAnnotation();
  const userMeta = userAnnotation.meta;
  const children = useMemo<SubregionPlan | null>(() => {
    if (!targetStructure || !ontology) return null;
    if (p.level === 'user') return userMeta ? { kind: 'user', meta: userMeta } : null;
    return { kind: 'ontology', ...subregionsOf(targetStructure, ontology, p.level) };
  }, [targetStructure, ontology, p.level, userMeta]);
  const spec = useMemo<AggregateSpec | null>(() => {
    const exps = query.experiments;
    if (!exps || exps.length === 0 || !ontology || !submitted || !children || (children.kind === 'ontology' && children.list.length === 0)) return null;
    const base = { normalization: p.normalization, subtractOtherHemisphere: p.subtractOtherHemisphere };
    if (p.grouping === 'region') {
      const groups = assignSources(submitted.regions, exps, ontology, submitted.line, submitted.primaryOnly, submitted.products).sources.filter(
        (s) => s.experiments.length > 0,
      );
      const seen = new Set<number>();
      const experiments = groups.flatMap((s) => s.experiments).filter((e) => !seen.has(e.id) && seen.add(e.id));
      return {
        ...base,
        experiments,
        grouping: 'region',
        regionGroups: groups.map((s) => ({ label: s.structure.acronym, experimentIds: s.experiments.map((e) => e.id) })),
      };
    }
    if (p.grouping === 'none') return { ...base, experiments: exps, grouping: 'none' };
    return { ...base, experiments: exps, grouping: p.grouping, groupingBins: p.groupingBins };
  }, [query.experiments, ontology, submitted, children, p.grouping, p.groupingBins, p.normalization, p.subtractOtherHemisphere]);
  const agg = useAggregate(spec, attempt);
  const outcome = agg.state === 'ready' ? agg.outcome : null;
  const computed = useQuery({
    queryKey: [
      'subregions',
      outcomeVersion(outcome),
      targetStructure?.id,
      p.level,
      p.level === 'user' ? `${userMeta?.key ?? ''}|${userMeta?.namesFile ?? ''}` : null,
      p.hemisphere,
      p.slices,
      p.plane,
    ],
    queryFn: async ({ signal }): Promise<SubregionsData | NoLabelsInTarget | null> => {
      if (!outcome || !spec || !ontology || !targetStructure || !children) throw new Error('subregions asked without their inputs');
      const worker = getComputeWorker();
      const hemi = hemisphereModes(p.hemisphere);
      const whole = await structureMask(targetStructure, ontology, hemi.mask, signal);
      const ext = whole.mask.extent;
      if (!ext) return null;
      const [lo, hi] = axisExtent(ext.minUm, ext.maxUm, p.plane, hemi.kernel !== 'both');
      const windows = chunkWindows(lo, hi, p.slices);
      const params = { plane: p.plane, windows, hemisphere: hemi.kernel };
      const rows: SubregionRow[] = [];
      const parts: SubregionResult[] = [];
      const labelsKey = `subregion-labels-${++labelRuns}`;
      const groupIds = outcome.groups.map((g) => g.usedExperimentIds);
      const used = new Set(groupIds.flat());
      const candidates = aggregateRequest(spec).experiments.filter((e) => used.has(e.id));
      let computeMs = 0,
        index = 0,
        total: number;
      let eachBatch: (each: (batch: readonly StructureMask[]) => Promise<void>) => Promise<void>;
      if (children.kind === 'user') {
        // the labels inside the target (its mask carries the hemisphere), capped as children are
        const cut = await userLabelsInMask(children.meta, whole.mask.maskKey);
        if (cut.labels.length === 0) return { noLabels: true };
        total = cut.labels.length;
        eachBatch = (each) => withUserMaskBatches(cut.key, cut.labels.slice(0, MAX_SUBREGIONS), children.meta, signal, each);
      } else {
        total = children.total;
        eachBatch = (each) => withMaskBatches(children.list, ontology, hemi.mask, signal, each);
      }
      await eachBatch(async (batch) => {
        const withVoxels = batch.filter((b) => b.mask.extent !== null);
        for (const b of batch) rows.push({ structure: b.structure, voxels: b.mask.voxelCount, index: b.mask.extent ? index++ : -1 });
        if (withVoxels.length === 0 || windows.length === 0) return;
        const t0 = performance.now();
        const childRefs = withVoxels.map((b) => ({
          maskKey: b.mask.maskKey,
          subregion: { id: b.structure.id, name: b.structure.name, acronym: b.structure.acronym },
        }));
        parts.push(await worker.subregions(outcome.key, childRefs, params));
        // every batch's masks into one label volume: the per-experiment values read each grid once
        await worker.holdSubregionLabels(labelsKey, childRefs, parts.length > 1);
        computeMs += performance.now() - t0;
      });
      const result = joinSubregionResults(parts);
      if (!result) return null;
      // per-experiment values of every subregion (the grids are in the cache by now)
      const t0 = performance.now();
      const table = await workerJob(signal, (w, jobId) =>
        w.subregionExperiments(
          {
            experiments: candidates,
            normalization: p.normalization,
            subtractOtherHemisphere: p.subtractOtherHemisphere,
            labelsKey,
            subregions: result.subregions,
            params,
          },
          jobId,
        ),
      );
      computeMs += performance.now() - t0;
      const spreadFailed = new Map(table.failed);
      const spread = spreadAcrossExperiments(table, groupIds);
      return {
        target: targetStructure,
        rows,
        totalChildren: total,
        annotation: children.kind === 'user' ? children.meta.fileName : null,
        result,
        spread,
        spreadFailed,
        groupLabels: outcome.groups.map((g) => g.label),
        computeMs,
        aggregateFrom: outcome.from,
        outcome,
      };
    },
    enabled: outcome !== null && spec !== null && ontology !== undefined && targetStructure !== undefined && children !== null,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });

  if (!target) return { state: 'empty', message: 'Choose a target region (its child structures are the subregions).' };
  if (!ontology) return { state: 'loading', message: 'Loading the ontology…' };
  if (!targetStructure) return { state: 'empty', message: `"${target}" is not a structure in the Allen ontology.` };
  if (p.level === 'user' && !userMeta) {
    if (userAnnotation.status === 'restoring') return { state: 'loading', message: 'Reading your annotation volume…' };
    if (userAnnotation.status === 'importing') return { state: 'loading', message: `Reading ${userAnnotation.importing ?? 'your annotation volume'}…` };
    return {
      state: 'empty',
      message:
        'This view asks for the labels of "your annotation", a volume loaded from a file. Annotation volumes are kept locally in the browser that loaded them (never uploaded, not part of the link), and this browser has none. ' +
        'Load one with "Load annotation volume…" in the Subregions panel, or choose "Children of the target".',
    };
  }
  if (children && children.kind === 'ontology' && children.list.length === 0) {
    const parent = targetStructure.parentId === null ? undefined : ontology.byId(targetStructure.parentId);
    return {
      state: 'empty',
      message:
        `${targetStructure.acronym} (${targetStructure.name}) has no ${p.level === 'children' ? 'child structures' : 'leaf descendants'} in the ontology, so it has no subregions to compare. ` +
        `Choose a target that has subregions in "Target region"${parent ? `, e.g. its parent ${parent.acronym} (${parent.name}), which contains it` : ''}, ` +
        (userMeta
          ? `or divide ${targetStructure.acronym} by the labels of your annotation volume (${userMeta.fileName}): choose "Your annotation" under Subregions.`
          : `or divide ${targetStructure.acronym} with your own annotation volume (an NRRD of labels in CCF space): "Load annotation volume…" under Subregions.`),
    };
  }
  if (!submitted) return { state: 'empty', message: 'Search for one or more injection regions in the panel on the left.' };
  if (query.error) return { state: 'error', title: 'The experiment search failed.', message: query.error.message };
  if (!query.experiments) return { state: 'loading', message: 'Searching experiments…' };
  if (query.experiments.length === 0)
    return { state: 'empty', message: `No experiments were found for ${submitted.regions.join(', ')} with the current filters.` };
  if (agg.state === 'error') return { state: 'error', title: 'The average projection could not be computed.', message: agg.message };
  if (!outcome) return { state: 'loading', message: agg.state === 'loading' && agg.phase === 'averaging' ? 'Averaging…' : 'Loading projection volumes…' };
  if (computed.isError) return { state: 'error', title: 'The subregions could not be measured.', message: computed.error.message };
  if (!computed.isSuccess) return { state: 'loading', message: 'Measuring the subregions…' };
  if (computed.data && 'noLabels' in computed.data) {
    return {
      state: 'empty',
      message: `Your annotation volume (${userMeta?.fileName ?? 'loaded from a file'}) has no label inside ${targetStructure.acronym}${p.hemisphere === 'left' || p.hemisphere === 'right' ? ` in the ${p.hemisphere} hemisphere` : ''} at 100 µm: its labelled voxels lie elsewhere. Check that it is in CCF space (AP × DV × ML, as the Allen annotation), or choose another target.`,
    };
  }
  if (!computed.data) {
    return {
      state: 'empty',
      message: `${targetStructure.acronym} has no voxels${p.hemisphere === 'left' || p.hemisphere === 'right' ? ` in the ${p.hemisphere} hemisphere` : ''} of the 100 µm annotation, or none of its subregions has.`,
    };
  }
  return { state: 'ready', data: computed.data };
}
