// The AP position shown, read from the projectome's params store without a React render: the slider, the AP
// labels and the renderer subscribe to the store (zustand subscribe / getState) and apply the
// position themselves, in the same task as the store update.
import { useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { projectomeParams, type ProjectomeParams } from '../../state/projectome-params.ts';

/** The AP index shown for a stored AP (CCF µm, or null = the middle of the extent) in [lo, hi]. */
export function apIndexIn(apUm: number | null, range: readonly [number, number]): number {
  const [lo, hi] = range;
  const want = apUm === null ? Math.round((lo + hi) / 2) : Math.floor(apUm / 100);
  return Math.min(hi, Math.max(lo, want));
}

/** The AP index shown now (the store's position clamped into `range`). */
export function currentApIndex(range: readonly [number, number]): number {
  return apIndexIn(projectomeParams.useStore.getState().value.apUm, range);
}

/** AP text everywhere (grid index × 100 µm, the slice's anterior face). */
export const apText = (apIndex: number): string => `AP ${apIndex * 100} µm`;

/**
 * Calls `apply(apIndex)` now (before paint) and whenever the shown AP index changes, from the
 * store's subscription: no React render per AP step. `range` null: never called.
 */
export function useApIndexEffect(range: readonly [number, number] | null, apply: (apIndex: number) => void): void {
  const latest = useRef(apply);
  useLayoutEffect(() => {
    latest.current = apply;
  });
  const lo = range?.[0];
  const hi = range?.[1];
  useLayoutEffect(() => {
    if (lo === undefined || hi === undefined) return;
    let shown = -1;
    const run = (): void => {
      const ap = currentApIndex([lo, hi]);
      if (ap === shown) return;
      shown = ap;
      latest.current(ap);
    };
    run();
    return projectomeParams.useStore.subscribe(run);
  }, [lo, hi]);
}

/** The projectome's parameters without the AP position (a component using them does not render per AP step). */
export function useProjectomeParams(): Omit<ProjectomeParams, 'apUm'> {
  return projectomeParams.useStore(
    useShallow(({ value: v }) => ({
      sources: v.sources,
      minVolumeMm3: v.minVolumeMm3,
      sliceThickness: v.sliceThickness,
      densityPercentile: v.densityPercentile,
      hidden: v.hidden,
      normalization: v.normalization,
      subtractOtherHemisphere: v.subtractOtherHemisphere,
    })),
  );
}
