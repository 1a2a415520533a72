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
// worker encodes what the main thread sends it (writeFrameSnapshot): run-length encoding the
// sections of a 5.6 MB snapshot took the main thread ~150–250 ms after each verified frame.
// Decoding (the main thread's first-AP read, the worker's whole-record read) returns views into
// the record. Anything that does not decode is a miss.

import type { SectionStack } from '../../compute/section-stack.ts';
import type { ProjectomeStack } from '../../compute/projectome-stack.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';
import { decodeFrameRecord, encodeFrameRecord, type FrameRecord } from '../../protocol/frame-record.ts';

/** Bump when the snapshot's shape (or ProjectomeResult's) changes: older records are misses. */
export const FRAME_SNAPSHOT_FORMAT = 2;

export interface FrameSnapshot {
  /** The projectome request (JSON) the frame was drawn for. */
  readonly requestKey: string;
  readonly result: ProjectomeResult;
  readonly stack: ProjectomeStack;
  readonly sections: SectionStack;
  /** The target's colour when it was drawn (the ontology may not be loaded yet on a repeat visit). */
  readonly targetHex: string;
  /** Set on the first-AP record: the stack and sections hold this AP index only. */
  readonly firstAp?: number;
}

/** Prefix of a stored frame's result keys on screen: never a computed result's, and the first-AP record's differ from the whole one's. */
export const cachedPrefix = (s: FrameSnapshot): string => (s.firstAp === undefined ? 'cached:' : `cached-ap${s.firstAp}:`);

/**
 * The snapshot cut to AP index `ap` (stack and sections hold that slice alone; arrays are views
 * into the whole one's), or null when `ap` is outside either stack.
 */
export function firstApOf(s: FrameSnapshot, ap: number): FrameSnapshot | null {
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

/** The record the worker encodes and stores for `snapshot` (protocol/frame-record.ts). */
export const frameRecordOf = (snapshot: FrameSnapshot): FrameRecord => ({ format: FRAME_SNAPSHOT_FORMAT, snapshot });

/** The snapshot's record bytes (the worker's encoding; tests and benchmarks call it here). */
export const encodeFrameSnapshot = (snapshot: FrameSnapshot): Uint8Array => encodeFrameRecord(frameRecordOf(snapshot));

/** The snapshot in `bytes` (typed arrays are views into its buffer, run-length encoded ones copies), or null when it is not one of this format. */
export function decodeFrameSnapshot(bytes: Uint8Array): FrameSnapshot | null {
  const s = decodeFrameRecord(bytes, FRAME_SNAPSHOT_FORMAT) as FrameSnapshot | null;
  if (!s || typeof s !== 'object' || typeof s.requestKey !== 'string' || !s.result || !s.stack || !s.sections) return null;
  return s;
}
