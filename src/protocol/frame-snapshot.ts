// The shape of a stored projectome frame (features/projectome/frame-snapshot.ts: why and when),
// shared by the main thread, which reads it, and the worker, which builds and stores it: the
// main thread sends only what names the frame (FrameSnapshotRequest); the worker recomputes the
// stack from the projectome it holds and gets the sections as the canvas got them (stored with
// the atlas, else cut from it) — so the arrays (tens of MB for a large target) never cross back. A
// structured clone of them cost the main thread 216 ms after a 303-experiment load (trace,
// mostly page faults of the copy).
//
// `firstApOf` cuts a snapshot to one AP index (views into the whole one's arrays).

import type { SectionStack } from '../compute/section-stack.ts';
import type { ProjectomeStack } from '../compute/projectome-stack.ts';
import type { SectionPlane } from '../compute/section-plane.ts';

/** Bump when the snapshot's shape (or the stored result's) changes: older records are misses. */
export const FRAME_SNAPSHOT_FORMAT = 3;

export interface FrameSnapshotOf<R> {
  /** The projectome request (JSON) the frame was drawn for. */
  readonly requestKey: string;
  readonly result: R;
  readonly stack: ProjectomeStack;
  readonly sections: SectionStack;
  /** The target's colour when it was drawn (the ontology may not be loaded yet on a repeat visit). */
  readonly targetHex: string;
  /** Set on the first-AP record: the stack and sections hold this AP index only. */
  readonly firstAp?: number;
}

/** The sections a projectome frame draws over (the worker's planeSectionStack arguments). */
export interface SectionRequest {
  readonly annotationKey: string;
  readonly plane: SectionPlane;
  readonly start: number;
  readonly count: number;
  /** Sorted, expanded with descendants. */
  readonly targetIds: Uint32Array;
}

/** One string per distinct request (the sections' cache key). */
export const sectionRequestKey = (r: SectionRequest): string => `${r.annotationKey}|${r.plane}|${r.start}|${r.count}|${r.targetIds.join(',')}`;

/** What the worker needs to store a drawn frame (DataWorkerApi.storeFrameSnapshot). */
export interface FrameSnapshotRequest<R extends { readonly key: string } = { readonly key: string }> {
  readonly requestKey: string;
  /** The drawn result, stored as given; `result.key` names the projectome the worker holds. */
  readonly result: R;
  readonly targetHex: string;
  readonly sections: SectionRequest;
  /** The AP index shown: its record is what a repeat visit draws first. */
  readonly firstAp: number;
  /** false: the whole snapshot stored for this link is this result's already; only the first AP's record is replaced. */
  readonly whole: boolean;
}

/** Why a frame was not stored (null: stored). */
export type FrameSnapshotSkip = 'projectome no longer held' | 'AP outside the stack' | 'too large' | null;

/**
 * The snapshot cut to AP index `ap` (stack and sections hold that slice alone; arrays are views
 * into the whole one's), or null when `ap` is outside either stack.
 */
export function firstApOf<R>(s: FrameSnapshotOf<R>, ap: number): FrameSnapshotOf<R> | null {
  const { stack, sections } = s;
  const k = ap - stack.apStart;
  const j = ap - sections.apStart;
  if (!(k >= 0 && k < stack.apCount && j >= 0 && j < sections.apCount)) return null;
  const per = stack.sources * stack.crop.rows * stack.crop.cols;
  const m = sections.rows * sections.cols;
  const i0 = stack.injectionOffsets[k] ?? 0;
  const i1 = stack.injectionOffsets[k + 1] ?? i0;
  return {
    ...s,
    firstAp: ap,
    stack: {
      ...stack,
      apStart: ap,
      apCount: 1,
      values: stack.values.subarray(k * per, (k + 1) * per),
      order: stack.order.subarray(k * stack.sources, (k + 1) * stack.sources),
      targetMean: stack.targetMean.subarray(k * stack.sources, (k + 1) * stack.sources),
      targetBoxes: stack.targetBoxes.subarray(4 * k, 4 * k + 4),
      injectionOffsets: Int32Array.of(0, i1 - i0),
      injectionIndices: stack.injectionIndices.subarray(i0, i1),
    },
    sections: {
      ...sections,
      apStart: ap,
      apCount: 1,
      labels: sections.labels.subarray(j * m, (j + 1) * m),
      targetMask: sections.targetMask.subarray(j * m, (j + 1) * m),
      brainBoxes: sections.brainBoxes.subarray(4 * j, 4 * j + 4),
      targetBoxes: sections.targetBoxes.subarray(4 * j, 4 * j + 4),
      cellCodes: sections.cellCodes.subarray(2 * j * m, 2 * (j + 1) * m),
    },
  };
}
