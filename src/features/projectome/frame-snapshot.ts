// A repeat visit's first frame: what the projectome canvas drew for a link (the prepared result,
// the AP stack and the atlas sections over the target's extent), stored once the frame was
// verified and read back at t = 0 on the next visit of the same link, before the ontology, the
// experiment list, the atlases or the means are read. The full pipeline still runs behind it and
// replaces it; until then the canvas says the frame comes from the cache (data-render-state
// "cached", never "ready") and nothing that needs the worker's prepared projectome (exports,
// CSVs) is offered.
//
// Two records per link: the whole snapshot, and its first AP alone (`firstApOf`: the stack and
// sections cut to the slice shown when it was stored, 0.18 of 5.6 MB for a 4-source CP link). The
// first is read by the main thread at t = 0 and drawn; the whole one is read through the worker
// only when the first is not enough before the checked result (use-frame-snapshot.ts).
//
// Encoding: protocol/frame-record.ts (one byte record in the volume cache, kind 'frame'). The
// worker builds, encodes and stores the records (storeFrameSnapshot, protocol/frame-snapshot.ts):
// the main thread sends what names the frame, not its arrays (run-length encoding them here took
// ~150–250 ms; cloning them to the worker 216 ms for a 303-experiment load).
// Decoding (the main thread's first-AP read, the worker's whole-record read) returns views into
// the record. Anything that does not decode is a miss.

import type { ProjectomeResult } from './projectome-pipeline.ts';
import type { MaskExtent } from '../../compute/atlas-masks.ts';
import { PLANE_AXES, type SectionPlane } from '../../compute/section-plane.ts';
import { decodeFrameRecord, encodeFrameRecord } from '../../protocol/frame-record.ts';
import { FRAME_SNAPSHOT_FORMAT, firstApOf as cut, type FrameSnapshotOf, type SectionRequest } from '../../protocol/frame-snapshot.ts';

export { FRAME_SNAPSHOT_FORMAT };

export type FrameSnapshot = FrameSnapshotOf<ProjectomeResult>;

/** The snapshot cut to AP index `ap` (protocol/frame-snapshot.ts). */
export const firstApOf = (s: FrameSnapshot, ap: number): FrameSnapshot | null => cut(s, ap);

/** The sections a result's frame is drawn over: what the canvas asks the worker for, and what the worker recomputes to store the frame. */
export function sectionRequestOf(result: ProjectomeResult): SectionRequest {
  return sectionRequest(result.annotationKey, result.plane, result.summary.apRange, result.targetIds);
}

/**
 * The same request before any means exist, from the target's 100 µm mask: a result's apRange is
 * its target's extent along the plane's slice axis (compute/projectome.ts), so the pipeline can
 * have the sections cut while the means are still averaging.
 */
export function sectionRequestForMask(annotationKey: string, plane: SectionPlane, extent: MaskExtent, targetIds: Iterable<number>): SectionRequest {
  const axis = PLANE_AXES[plane].slice;
  return sectionRequest(annotationKey, plane, [extent.min[axis], extent.max[axis]], targetIds);
}

function sectionRequest(annotationKey: string, plane: SectionPlane, [a0, a1]: readonly [number, number], targetIds: Iterable<number>): SectionRequest {
  return {
    annotationKey,
    plane,
    start: Math.max(0, a0),
    count: a0 < 0 ? 0 : a1 - a0 + 1,
    targetIds: Uint32Array.from(targetIds).sort(),
  };
}

/** Prefix of a stored frame's result keys on screen: never a computed result's, and the first-AP record's differ from the whole one's. */
export const cachedPrefix = (s: FrameSnapshot): string => (s.firstAp === undefined ? 'cached:' : `cached-ap${s.firstAp}:`);

/** The snapshot's record bytes, as the worker encodes them (backend/frame-snapshots.ts; tests call it here). */
export const encodeFrameSnapshot = (snapshot: FrameSnapshot): Uint8Array => encodeFrameRecord({ format: FRAME_SNAPSHOT_FORMAT, snapshot });

/** The snapshot in `bytes` (typed arrays are views into its buffer, run-length encoded ones copies), or null when it is not one of this format. */
export function decodeFrameSnapshot(bytes: Uint8Array): FrameSnapshot | null {
  const s = decodeFrameRecord(bytes, FRAME_SNAPSHOT_FORMAT) as FrameSnapshot | null;
  if (!s || typeof s !== 'object' || typeof s.requestKey !== 'string' || !s.result || !s.stack || !s.sections) return null;
  return s;
}
