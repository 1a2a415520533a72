// The stored form of a projectome's drawn sections (SectionStack, section-stack.ts), kept in the
// browser cache with the atlas they are cut from (backend/section-cache.ts): only the cut labels,
// as label runs (label-runs.ts; a few tens of kB for a target's whole extent, where the stack's
// arrays are ~7 bytes a cell), and the request they answer. Reading one rebuilds the target's
// cells, the boxes and the cell codes from the labels (sectionStackFromLabels), so a stored stack
// equals the one cut from the annotation, array for array.
//
// Layout (little-endian): u32 magic 'SEC1', u32 apStart, u32 key byte length, u32 0 (pad) |
// key (UTF-8, the request's sectionRequestKey), zero-padded to 4 bytes | label runs of the
// labels as a cols × rows × apCount volume (nx = cols, the fastest, as the stack's rows are laid out).
import { LabelRunsError, decodeLabelRuns, encodeLabelRuns } from './label-runs';
import { sectionStackFromLabels, type SectionStack } from './section-stack';

const MAGIC = 0x31434553; // 'SEC1'
const HEADER_BYTES = 16;

export class SectionRecordError extends Error {
  override name = 'SectionRecordError';
}

/** The record of `stack`, the answer to the request named `requestKey`. */
export function encodeSectionRecord(requestKey: string, stack: SectionStack): Uint8Array {
  const key = new TextEncoder().encode(requestKey);
  const keyPadded = Math.ceil(key.byteLength / 4) * 4;
  const runs = encodeLabelRuns(stack.labels, { nx: stack.cols, ny: stack.rows, nz: stack.apCount, resolutionUm: stack.resolutionUm });
  const out = new Uint8Array(HEADER_BYTES + keyPadded + runs.byteLength);
  new Uint32Array(out.buffer, 0, 4).set([MAGIC, stack.apStart, key.byteLength, 0]);
  out.set(key, HEADER_BYTES);
  out.set(runs, HEADER_BYTES + keyPadded);
  return out;
}

/**
 * The stack stored in `bytes`, which must answer the request named `requestKey` (its target ids
 * are `targetIds`); throws SectionRecordError when it is not such a record or does not decode.
 */
export function decodeSectionRecord(bytes: Uint8Array, requestKey: string, targetIds: Uint32Array): SectionStack {
  const u8 = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  if (u8.byteLength < HEADER_BYTES) throw new SectionRecordError(`section record: ${u8.byteLength} bytes is shorter than the header`);
  const [magic, apStart = 0, keyBytes = 0] = new Uint32Array(u8.buffer, u8.byteOffset, 3);
  if (magic !== MAGIC) throw new SectionRecordError('section record: bad magic');
  const keyPadded = Math.ceil(keyBytes / 4) * 4;
  if (HEADER_BYTES + keyPadded > u8.byteLength) throw new SectionRecordError('section record: the key runs past the end');
  const stored = new TextDecoder().decode(u8.subarray(HEADER_BYTES, HEADER_BYTES + keyBytes));
  if (stored !== requestKey) throw new SectionRecordError(`section record: stored for "${stored.slice(0, 80)}", not for "${requestKey.slice(0, 80)}"`);
  try {
    const { data, shape } = decodeLabelRuns(u8.subarray(HEADER_BYTES + keyPadded));
    return sectionStackFromLabels(data, apStart, shape.nz, shape.ny, shape.nx, shape.resolutionUm, targetIds);
  } catch (e) {
    if (e instanceof LabelRunsError || e instanceof RangeError) throw new SectionRecordError(`section record: ${e.message}`);
    throw e;
  }
}
