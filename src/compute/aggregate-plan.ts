// Which experiments go into which group, and which are left out and why: the metadata half of
// bsv `fetch_connectivity_data` (grouping_method, grouping_bins, input_regions + region_groups),
// with DESIGN.md §4 fixes: experiments without the data a step needs are excluded with a reason
// (never silently put in group 1 or divided by 0), ids are de-duplicated, and region groups use
// the ontology (a callback) instead of acronym prefixes.
export type NormalizationMethod = 'none' | 'injectionVolume' | 'injectionIntensity';

/**
 * The app's normalisation choice (DESIGN §4). 'injection-volume' (bsv injectionVolume, the
 * default when normalising) divides each experiment by its injection signal volume: the
 * ProjectionStructureUnionize record with is_injection=true, structure 997, hemisphere 3, field
 * projection_volume (mm³). 'metadata-volume' divides by the search row's `injection-volume`
 * instead (the injection site's volume: another quantity, offered clearly labelled). Both reach
 * the kernel as NormalizationMethod 'injectionVolume' with the chosen divisor in
 * AggregateExperiment.injectionVolumeMm3.
 */
export type Normalization = 'none' | 'injection-volume' | 'metadata-volume';
export type GroupingMethod = 'none' | 'AP' | 'DV' | 'ML' | 'region';
export type GroupingAxis = 'AP' | 'DV' | 'ML';

export interface AggregateExperiment {
  readonly id: number;
  /** Primary injection structure id; null when unknown. */
  readonly structureId: number | null;
  /** CCF µm [AP, DV, ML]; null when unknown. */
  readonly injectionCoordUm: readonly [number, number, number] | null;
  /** Injection volume in mm³ (PSU structure 997, hemisphere 3); null when unknown. */
  readonly injectionVolumeMm3: number | null;
}

/**
 * bsv input_regions + region_groups. Either explicit experiment lists (an experiment listed in
 * several groups is added to each), or structure ids: an experiment joins the group one of whose
 * structures contains its primary structure (isInside), the most specific such group when several
 * match (ties: first in list order).
 */
export type RegionGroupSpec =
  { readonly label: string; readonly experimentIds: readonly number[] } | { readonly label: string; readonly structureIds: readonly number[] };

export interface AggregateParams {
  /** bsv normalization_method; 'injectionIntensity' divides by injection volume, as in bsv (Q18). */
  readonly normalizationMethod: NormalizationMethod;
  /** bsv subtract_other_hemisphere. */
  readonly subtractOtherHemisphere: boolean;
  /** bsv grouping_method ('' in bsv = 'none'). */
  readonly groupingMethod: GroupingMethod;
  /** bsv grouping_bins (default 5): equal-width bins of the injection coordinate. */
  readonly groupingBins?: number;
  /** Required when groupingMethod = 'region'. */
  readonly regionGroups?: readonly RegionGroupSpec[];
}

/** Is structure `structureId` equal to or a descendant of `rootId`? Default: equality only. */
export type IsInside = (structureId: number, rootId: number) => boolean;

export interface GroupInfo {
  readonly index: number;
  readonly label: string;
  readonly axis: GroupingAxis | null;
  /** Mean injection coordinate (µm) of the group's planned experiments along `axis` (bsv group_centers). */
  readonly centerUm: number | null;
  /** Bin edges [lo, hi) in µm along `axis` (the last bin includes hi). */
  readonly rangeUm: readonly [number, number] | null;
  readonly experimentIds: readonly number[];
}

/**
 * One group after averaging: its plan and the experiments whose volume entered the mean. The one
 * group type from the accumulator (compute-contract) through the data plane (data-contract) to
 * the views and CSVs.
 */
export interface AggregateGroup extends GroupInfo {
  /** Members whose volume was added (after finish: the denominator of the group mean). */
  readonly usedExperimentIds: readonly number[];
}

export interface Exclusion {
  readonly experimentId: number;
  readonly reason: string;
}

export interface AggregatePlan {
  readonly groups: readonly GroupInfo[];
  /** Experiment id → group indices it is added to. Excluded experiments are absent. */
  readonly groupsOf: ReadonlyMap<number, readonly number[]>;
  readonly excluded: readonly Exclusion[];
  readonly groupingAxis: GroupingAxis | null;
}

const AXIS_INDEX: Record<GroupingAxis, 0 | 1 | 2> = { AP: 0, DV: 1, ML: 2 };

function validCoord(e: AggregateExperiment): boolean {
  return e.injectionCoordUm !== null && e.injectionCoordUm.every((c) => Number.isFinite(c));
}

/** Reason an experiment cannot be processed with these params, or null. */
function processingProblem(e: AggregateExperiment, p: AggregateParams): string | null {
  if (p.normalizationMethod !== 'none') {
    const v = e.injectionVolumeMm3;
    if (v === null || !Number.isFinite(v) || v <= 0) {
      return `injection volume is ${v === null ? 'missing' : String(v)}: cannot normalise by injection volume`;
    }
  }
  if (p.subtractOtherHemisphere && !validCoord(e)) return 'no injection coordinate: cannot tell the injected hemisphere for subtraction';
  return null;
}

/** bsv AP/DV/ML binning: B+1 equally spaced edges from min to max; bin = #edges ≤ v − 1, clamped. */
function binByAxis(list: AggregateExperiment[], axis: GroupingAxis, bins: number, excluded: Exclusion[]): GroupInfo[] {
  const k = AXIS_INDEX[axis];
  const valid: Array<[AggregateExperiment, number]> = [];
  for (const e of list) {
    if (validCoord(e)) valid.push([e, e.injectionCoordUm?.[k] ?? NaN]);
    else excluded.push({ experimentId: e.id, reason: `no injection coordinate: cannot group by ${axis}` });
  }
  if (valid.length === 0) return [];
  const vals = valid.map(([, v]) => v);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const b = Math.max(1, Math.floor(bins));
  const nb = hi > lo ? b : 1;
  const step = (hi - lo) / nb;
  const edges = Array.from({ length: nb + 1 }, (_, i) => (i === nb ? hi : lo + i * step));
  const members: Array<Array<[AggregateExperiment, number]>> = Array.from({ length: nb }, () => []);
  for (const item of valid) {
    let idx = -1;
    for (const edge of edges) if (edge <= item[1]) idx++;
    members[Math.min(nb - 1, Math.max(0, idx))]?.push(item);
  }
  const out: GroupInfo[] = [];
  members.forEach((m, bin) => {
    if (m.length === 0) return;
    const center = m.reduce((s, [, v]) => s + v, 0) / m.length;
    out.push({
      index: out.length,
      label: `${axis} ${Math.round(center)} µm`,
      axis,
      centerUm: center,
      rangeUm: [edges[bin] ?? lo, edges[bin + 1] ?? hi],
      experimentIds: m.map(([e]) => e.id),
    });
  });
  return out;
}

function byRegion(list: AggregateExperiment[], specs: readonly RegionGroupSpec[], isInside: IsInside, excluded: Exclusion[]): GroupInfo[] {
  const ids: number[][] = specs.map(() => []);
  for (const e of list) {
    const hits: Array<[number, number]> = []; // [group, matched root]
    specs.forEach((s, g) => {
      if ('experimentIds' in s) {
        if (s.experimentIds.includes(e.id)) hits.push([g, NaN]);
      } else if (e.structureId !== null) {
        const sid = e.structureId;
        const root = s.structureIds.find((r) => r === sid) ?? s.structureIds.find((r) => isInside(sid, r));
        if (root !== undefined) hits.push([g, root]);
      }
    });
    if (hits.length === 0) {
      excluded.push({
        experimentId: e.id,
        reason: e.structureId === null ? 'no primary injection structure: cannot assign a region group' : 'primary injection structure is in no region group',
      });
      continue;
    }
    const explicit = hits.filter(([, r]) => Number.isNaN(r));
    const structural = hits.filter(([, r]) => !Number.isNaN(r));
    const specific = structural.find(([, r]) => structural.every(([, o]) => o === r || isInside(r, o))) ?? structural[0];
    for (const [g] of [...explicit, ...(specific ? [specific] : [])]) ids[g]?.push(e.id);
  }
  return specs.map((s, g) => ({ index: g, label: s.label, axis: null, centerUm: null, rangeUm: null, experimentIds: ids[g] ?? [] }));
}

export function planAggregate(experiments: readonly AggregateExperiment[], params: AggregateParams, isInside: IsInside = (a, b) => a === b): AggregatePlan {
  const excluded: Exclusion[] = [];
  const seen = new Set<number>();
  const usable: AggregateExperiment[] = [];
  for (const e of experiments) {
    if (seen.has(e.id)) {
      excluded.push({ experimentId: e.id, reason: 'duplicate experiment id: counted once' });
      continue;
    }
    seen.add(e.id);
    const problem = processingProblem(e, params);
    if (problem === null) usable.push(e);
    else excluded.push({ experimentId: e.id, reason: problem });
  }
  let groups: GroupInfo[];
  let axis: GroupingAxis | null = null;
  const m = params.groupingMethod;
  if (m === 'AP' || m === 'DV' || m === 'ML') {
    axis = m;
    groups = binByAxis(usable, m, params.groupingBins ?? 5, excluded);
  } else if (m === 'region') {
    const specs = params.regionGroups ?? [];
    if (specs.length === 0) throw new RangeError("groupingMethod 'region' needs at least one region group");
    groups = byRegion(usable, specs, isInside, excluded);
  } else {
    groups = [{ index: 0, label: 'All experiments', axis: null, centerUm: null, rangeUm: null, experimentIds: usable.map((e) => e.id) }];
  }
  const groupsOf = new Map<number, number[]>();
  for (const g of groups) for (const id of g.experimentIds) groupsOf.set(id, [...(groupsOf.get(id) ?? []), g.index]);
  return { groups, groupsOf, excluded, groupingAxis: axis };
}

/**
 * The plan restricted to some of its groups (renumbered 0…k−1 in the given order), for an
 * accumulator that averages only the groups without a stored mean. The groups keep their labels,
 * bins and members exactly, so planning runs once per request.
 */
export function selectGroups(plan: AggregatePlan, indices: readonly number[]): AggregatePlan {
  const groups = indices.map((i, k) => {
    const g = plan.groups[i];
    if (!g) throw new RangeError(`group ${i} is not in the plan (${plan.groups.length} groups)`);
    return { ...g, index: k };
  });
  const groupsOf = new Map<number, number[]>();
  for (const g of groups) for (const id of g.experimentIds) groupsOf.set(id, [...(groupsOf.get(id) ?? []), g.index]);
  return { groups, groupsOf, excluded: plan.excluded, groupingAxis: plan.groupingAxis };
}
