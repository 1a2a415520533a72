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
// Encoding (one byte record in the volume cache, kind 'frame'): "BSVF", format u32, header
// length u32, the header (UTF-8 JSON; typed arrays, Maps and Sets replaced by tagged objects),
// zero padding to 8, then every typed array's bytes, each starting at a multiple of 8. Decoding
// returns views into the record (no copy). Large integer arrays that run-length encode to less
// than half (the atlas sections: labels, target mask, cell codes) are stored as (value, length)
// Uint32 pairs and expanded on decode. Anything that does not decode is a miss.

import type { SectionStack } from '../../compute/section-stack.ts';
import type { ProjectomeStack } from '../../compute/projectome-stack.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';

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

const MAGIC = 0x46565342; // "BSVF" little-endian
const ARRAY_TYPES = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Uint8Array,
  Uint16Array,
  Int16Array,
} as const;
type ArrayName = keyof typeof ARRAY_TYPES;
type AnyArray = InstanceType<(typeof ARRAY_TYPES)[ArrayName]>;

const arrayName = (v: unknown): ArrayName | null => {
  if (!ArrayBuffer.isView(v)) return null;
  const name = v.constructor.name;
  return name in ARRAY_TYPES ? (name as ArrayName) : null;
};

const align8 = (n: number): number => (n + 7) & ~7;

/** Integer arrays at least this long are run-length encoded when that halves them. */
const RLE_MIN_LENGTH = 4096;
type IntArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Uint32Array;

/** (value, length) pairs of `a`, or null when they would not take under half of its bytes. */
function runsOf(a: IntArray): Uint32Array<ArrayBuffer> | null {
  const limit = a.byteLength / 2 / 8;
  const out: number[] = [];
  let i = 0;
  while (i < a.length) {
    const v = a[i] ?? 0;
    let j = i + 1;
    while (j < a.length && a[j] === v) j++;
    out.push(v >>> 0, j - i);
    if (out.length / 2 > limit) return null;
    i = j;
  }
  return Uint32Array.from(out);
}

function expandRuns(Ctor: (typeof ARRAY_TYPES)[ArrayName], runs: Uint32Array<ArrayBuffer>, n: number): AnyArray {
  const out = new Ctor(n);
  let at = 0;
  for (let r = 0; r + 1 < runs.length; r += 2) {
    const len = runs[r + 1] ?? 0;
    if (at + len > n) throw new Error('runs longer than the array');
    const v = runs[r] ?? 0;
    // values were stored as their uint32 bit pattern: signed arrays take them back with | 0
    if (v !== 0) out.fill(Ctor === Int32Array || Ctor === Int16Array ? v | 0 : v, at, at + len);
    at += len;
  }
  if (at !== n) throw new Error('runs shorter than the array');
  return out;
}

export function encodeFrameSnapshot(snapshot: FrameSnapshot): Uint8Array {
  const arrays: AnyArray[] = [];
  // `at`: byte offset of the array in the data section, which starts after the padded header
  let dataBytes = 0;
  const header = JSON.stringify({ format: FRAME_SNAPSHOT_FORMAT, snapshot }, (_key, value: unknown) => {
    const name = arrayName(value);
    if (name) {
      const a = value as AnyArray;
      const runs = a.length >= RLE_MIN_LENGTH && !(a instanceof Float32Array || a instanceof Float64Array) ? runsOf(a) : null;
      const stored = runs ?? a;
      arrays.push(stored);
      const tag = runs ? { $rle: name, at: dataBytes, n: a.length, runs: runs.length } : { $a: name, at: dataBytes, n: a.length };
      dataBytes = align8(dataBytes + stored.byteLength);
      return tag;
    }
    if (value instanceof Map) return { $map: [...value.entries()] };
    if (value instanceof Set) return { $set: [...value.values()] };
    if (typeof value === 'number' && !Number.isFinite(value)) return { $n: String(value) };
    return value;
  });
  const headerBytes = new TextEncoder().encode(header);
  const start = align8(12 + headerBytes.byteLength);
  const out = new Uint8Array(start + dataBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FRAME_SNAPSHOT_FORMAT, true);
  view.setUint32(8, headerBytes.byteLength, true);
  out.set(headerBytes, 12);
  let at = start;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align8(at + a.byteLength);
  }
  return out;
}

/** The snapshot in `bytes` (typed arrays are views into its buffer, run-length encoded ones copies), or null when it is not one of this format. */
export function decodeFrameSnapshot(bytes: Uint8Array): FrameSnapshot | null {
  try {
    if (bytes.byteLength < 12 || bytes.byteOffset % 8 !== 0) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== FRAME_SNAPSHOT_FORMAT) return null;
    const headerLength = view.getUint32(8, true);
    if (12 + headerLength > bytes.byteLength) return null;
    const start = align8(12 + headerLength);
    const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)), (_key, value: unknown) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      if ('$n' in value) return Number((value as { $n: string }).$n);
      if ('$map' in value) return new Map((value as { $map: Array<[unknown, unknown]> }).$map);
      if ('$set' in value) return new Set((value as { $set: unknown[] }).$set);
      if ('$rle' in value) {
        const { $rle, at, n, runs } = value as { $rle: string; at: number; n: number; runs: number };
        const Ctor = ARRAY_TYPES[$rle as ArrayName] as (typeof ARRAY_TYPES)[ArrayName] | undefined;
        if (!Ctor || ![at, n, runs].every((x) => Number.isInteger(x) && x >= 0) || start + at + 4 * runs > bytes.byteLength) throw new Error('bad runs tag');
        return expandRuns(Ctor, new Uint32Array(bytes.buffer as ArrayBuffer, bytes.byteOffset + start + at, runs), n);
      }
      if ('$a' in value) {
        const { $a, at, n } = value as { $a: string; at: number; n: number };
        const Ctor = ARRAY_TYPES[$a as ArrayName] as (typeof ARRAY_TYPES)[ArrayName] | undefined;
        if (!Ctor || !Number.isInteger(at) || !Number.isInteger(n) || at < 0 || n < 0) throw new Error('bad array tag');
        const from = bytes.byteOffset + start + at;
        if (from % Ctor.BYTES_PER_ELEMENT !== 0 || start + at + n * Ctor.BYTES_PER_ELEMENT > bytes.byteLength) throw new Error('array outside the record');
        return new Ctor(bytes.buffer as ArrayBuffer, from, n);
      }
      return value;
    }) as { format?: unknown; snapshot?: FrameSnapshot };
    const s = parsed.snapshot;
    if (parsed.format !== FRAME_SNAPSHOT_FORMAT || !s || typeof s.requestKey !== 'string' || !s.result || !s.stack || !s.sections) return null;
    return s;
  } catch {
    return null;
  }
}
