// The slice position shown (AP for coronal sections, ML sagittal, DV horizontal: "AP index" in
// this folder is the 100 µm slice index along the plane's axis), read from the projectome's params store without a React render: the slider, the AP
// labels and the renderer subscribe to the store (zustand subscribe / getState) and apply the
// position themselves, in the same task as the store update.
import { useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { projectomeParams, type ProjectomeParams } from '../../state/projectome-params.ts';
import { AXIS_NAMES, PLANE_AXES, type SectionPlane } from '../../compute/section-plane.ts';

/**
 * The slices a projectome can show: the first and last index holding the target, and the one it
 * opens at when the link names no position (ProjectomeSummary's apRange and openAp).
 */
export type SliceRange = readonly [lo: number, hi: number, open: number];

/** A result's slice range; null when its target is empty. */
export const sliceRangeOf = (s: { readonly apRange: readonly [number, number]; readonly openAp: number }): SliceRange | null =>
  s.apRange[0] < 0 ? null : [s.apRange[0], s.apRange[1], s.openAp];

/** The AP index shown for a stored AP (CCF µm, or null = the range's opening slice) in [lo, hi]. */
export function apIndexIn(positionUm: number | null, range: SliceRange): number {
  const [lo, hi, open] = range;
  const want = positionUm === null ? open : Math.floor(positionUm / 100);
  return Math.min(hi, Math.max(lo, want));
}

/** The AP index shown now (the store's position clamped into `range`). */
export function currentApIndex(range: SliceRange): number {
  return apIndexIn(projectomeParams.useStore.getState().value.positionUm, range);
}

/** Name of the plane's slicing axis: "AP", "ML", "DV". */
export const axisName = (plane: SectionPlane): string => AXIS_NAMES[PLANE_AXES[plane].slice];

/**
 * Position text everywhere: grid index × 100 µm, the slice's lower face along the plane's axis
 * (AP: its anterior face, bsv's label; ML: its left face; DV: its dorsal face). "AP 5000 µm".
 */
export const apText = (apIndex: number, plane: SectionPlane = 'coronal'): string => `${axisName(plane)} ${apIndex * 100} µm`;

/** The plane shown (a plane change rebuilds the projectome, so reading it renders). */
export const usePlane = (): SectionPlane => projectomeParams.useStore((s) => s.value.plane);

/**
 * Calls `apply(apIndex)` now (before paint) and whenever the shown AP index changes, from the
 * store's subscription: no React render per AP step. `range` null: never called.
 */
export function useApIndexEffect(range: SliceRange | null, apply: (apIndex: number, plane: SectionPlane) => void): void {
  const latest = useRef(apply);
  useLayoutEffect(() => {
    latest.current = apply;
  });
  const lo = range?.[0];
  const hi = range?.[1];
  const open = range?.[2];
  useLayoutEffect(() => {
    if (lo === undefined || hi === undefined || open === undefined) return;
    let shown = -1;
    let shownPlane: SectionPlane | null = null;
    const run = (): void => {
      const ap = currentApIndex([lo, hi, open]);
      const { plane } = projectomeParams.useStore.getState().value;
      if (ap === shown && plane === shownPlane) return;
      shown = ap;
      shownPlane = plane;
      latest.current(ap, plane);
    };
    run();
    return projectomeParams.useStore.subscribe(run);
  }, [lo, hi, open]);
}

/** The projectome's parameters without the AP position (a component using them does not render per AP step). */
export function useProjectomeParams(): Omit<ProjectomeParams, 'positionUm'> {
  return projectomeParams.useStore(
    useShallow(({ value: v }) => ({
      sources: v.sources,
      plane: v.plane,
      minVolumeMm3: v.minVolumeMm3,
      sliceThickness: v.sliceThickness,
      densityPercentile: v.densityPercentile,
      hidden: v.hidden,
      normalization: v.normalization,
      subtractOtherHemisphere: v.subtractOtherHemisphere,
    })),
  );
}
