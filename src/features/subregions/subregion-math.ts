// Pure helpers of the subregions view: which structures are the target's subregions, the slicing
// extent over the target (cut by compute/slices-plan's chunkWindows), joining per-batch kernel
// results, and the error bars' label and CSV columns (spread across experiments).
import type { SubregionResult } from '../../compute/subregions.ts';
import type { Spread } from '../../compute/subregion-experiments.ts';
import type { HemisphereMode } from '../../compute/slices-plan.ts';
import type { Hemisphere } from '../../compute/atlas-masks.ts';
import type { SubregionHemisphere } from '../../state/subregions-params.ts';
import { MIDLINE_UM } from '../../compute/grid.ts';
import type { Structure } from '../../allen/types.ts';

export const MAX_SUBREGIONS = 60;

export interface OntologyTree {
  byId(id: number): Structure | undefined;
  descendants(id: number): Structure[];
}

/** Children (ontology order) or leaf descendants of `target`; capped at MAX_SUBREGIONS. */
export function subregionsOf(target: Structure, tree: OntologyTree, level: 'children' | 'leaves'): { list: Structure[]; total: number } {
  const all =
    level === 'children'
      ? target.childIds.flatMap((id) => tree.byId(id) ?? [])
      : tree.descendants(target.id).filter((s) => s.id !== target.id && s.childIds.length === 0);
  all.sort((a, b) => a.graphOrder - b.graphOrder);
  return { list: all.slice(0, MAX_SUBREGIONS), total: all.length };
}

/**
 * Extent of the target along the slicing axis from its mask's bounding box (CCF µm,
 * [min face, max face)). Folded hemispheres read left-hemisphere cells only, so a sagittal
 * extent is clipped to the left of the midline.
 */
export function axisExtent(minUm: readonly number[], maxUm: readonly number[], plane: 'coronal' | 'sagittal', folded: boolean): [number, number] {
  if (plane === 'coronal') return [minUm[0] ?? 0, maxUm[0] ?? 0];
  const lo = minUm[2] ?? 0,
    hi = maxUm[2] ?? 0;
  return folded ? [lo, Math.min(hi, MIDLINE_UM)] : [lo, hi];
}

/**
 * Results of the same aggregate and windows for disjoint batches of subregions, joined in batch
 * order (every per-subregion array is subregion-major, so joining is concatenation).
 */
export function joinSubregionResults(parts: readonly SubregionResult[]): SubregionResult | null {
  const first = parts[0];
  if (!first) return null;
  const cat = (pick: (r: SubregionResult) => Float64Array) => {
    const out = new Float64Array(parts.reduce((n, r) => n + pick(r).length, 0));
    let o = 0;
    for (const r of parts) {
      out.set(pick(r), o);
      o += pick(r).length;
    }
    return out;
  };
  return {
    subregions: parts.flatMap((r) => r.subregions),
    groups: first.groups,
    windows: first.windows,
    mean: cat((r) => r.mean),
    count: cat((r) => r.count),
    groupMean: cat((r) => r.groupMean),
    groupCount: cat((r) => r.groupCount),
    globalMean: cat((r) => r.globalMean),
    totalCount: cat((r) => r.totalCount),
  };
}

/** Per-slice means of subregion k, group g (NaN where the slice has no data). */
export function sliceMeans(r: SubregionResult, k: number, g: number): number[] {
  const S = r.windows.length;
  return Array.from({ length: S }, (_, s) => r.mean[(k * r.groups + g) * S + s] ?? NaN);
}

/**
 * The error bars' description: "SD across N experiments" when every bar counts the same N,
 * else the range of N (experiments with data in each subregion).
 */
export function spreadLabel(spread: readonly Spread[]): string {
  const ns = spread.map((s) => s.n).filter((n) => n > 0);
  if (ns.length === 0) return 'SD across experiments (none with data)';
  const lo = Math.min(...ns),
    hi = Math.max(...ns);
  return lo === hi ? `SD across ${lo} experiment${lo === 1 ? '' : 's'}` : `SD across ${lo}–${hi} experiments (those with data in each subregion)`;
}

/**
 * bsv's CSV rows (subregionCsvRows: header first, rows keyed by SubregionID) with the error bars
 * appended: SDAcrossExperiments and NExperiments per group (suffixed _<group> with several).
 */
export function withSpreadColumns(
  rows: readonly (readonly string[])[],
  subregionIds: readonly number[],
  spread: readonly Spread[],
  groupLabels: readonly string[],
): string[][] {
  const [header = [], ...body] = rows;
  const G = groupLabels.length;
  const suffix = (g: number): string => (G > 1 ? `_${groupLabels[g] ?? `Group${g + 1}`}` : '');
  const extra = groupLabels.flatMap((_, g) => [`SDAcrossExperiments${suffix(g)}`, `NExperiments${suffix(g)}`]);
  const slot = new Map(subregionIds.map((id, k) => [String(id), k]));
  return [
    [...header, ...extra],
    ...body.map((row) => {
      const k = slot.get(row[0] ?? '');
      const cells = groupLabels.flatMap((_, g) => {
        const s = k === undefined ? undefined : spread[k * G + g];
        return [s?.sd == null ? '' : String(s.sd), String(s?.n ?? 0)];
      });
      return [...row, ...cells];
    }),
  ];
}

/**
 * The view's hemisphere choice as (mask hemisphere, kernel mode): folded modes read both
 * hemispheres' masks and let the kernel fold (it then counts left label cells only); 'left' /
 * 'right' restrict the masks and do not fold.
 */
export function hemisphereModes(h: SubregionHemisphere): { mask: Hemisphere; kernel: HemisphereMode } {
  if (h === 'left' || h === 'right') return { mask: h, kernel: 'both' };
  return { mask: 'both', kernel: h };
}
