// The stored form of a region mask (atlas-masks.ts: uint8, 1 inside, AP fastest), kept in the
// browser cache with the atlas it is built from (backend/mask-cache.ts), so that a target masked
// before does not need its annotation read and expanded again: the runs of 1s along the flat
// voxel order and the mask key they answer (a 100 µm CP mask of the fake world: 1,538 runs, 12 kB, Isocortex 54 kB,
// where the mask is 1.2 MB and the atlas it is built from ~0.2–0.35 s of IndexedDB reading here).
//
// Layout (little-endian u32): magic 'MSK1', nx, ny, nz, resolution µm, run count, key byte
// length, 0 (pad) | key (UTF-8, the worker's mask key), zero-padded to 4 bytes | run count ×
// (start, length): runs in increasing order, not touching, inside the volume.
import type { GridShape } from './grid';

const MAGIC = 0x314b534d; // 'MSK1'
const HEADER_WORDS = 8;
const HEADER_BYTES = HEADER_WORDS * 4;

export class MaskRecordError extends Error {
  override name = 'MaskRecordError';
}

/** The record of `mask` (shape `shape`), held under `maskKey`. */
export function encodeMaskRecord(maskKey: string, mask: Uint8Array, shape: GridShape): Uint8Array<ArrayBuffer> {
  const n = shape.nx * shape.ny * shape.nz;
  if (mask.length !== n) throw new RangeError(`mask has ${mask.length} voxels, shape needs ${n}`);
  const runs: number[] = [];
  for (let i = 0; i < n;) {
    if (mask[i] === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && mask[i] !== 0) i++;
    runs.push(start, i - start);
  }
  const key = new TextEncoder().encode(maskKey);
  const keyPadded = Math.ceil(key.byteLength / 4) * 4;
  const out = new Uint8Array(HEADER_BYTES + keyPadded + runs.length * 4);
  new Uint32Array(out.buffer, 0, HEADER_WORDS).set([MAGIC, shape.nx, shape.ny, shape.nz, shape.resolutionUm, runs.length / 2, key.byteLength, 0]);
  out.set(key, HEADER_BYTES);
  new Uint32Array(out.buffer, HEADER_BYTES + keyPadded, runs.length).set(runs);
  return out;
}

/**
 * The mask stored in `bytes`, which must be the record of `maskKey`; throws MaskRecordError when
 * it is not such a record or does not decode (bad magic, another key, a run outside the volume or
 * out of order).
 */
export function decodeMaskRecord(bytes: Uint8Array, maskKey: string): { data: Uint8Array; shape: GridShape } {
  const u8 = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  if (u8.byteLength < HEADER_BYTES) throw new MaskRecordError(`mask record: ${u8.byteLength} bytes is shorter than the header`);
  const [magic, nx = 0, ny = 0, nz = 0, resolutionUm = 0, runCount = 0, keyBytes = 0] = new Uint32Array(u8.buffer, u8.byteOffset, HEADER_WORDS);
  if (magic !== MAGIC) throw new MaskRecordError('mask record: bad magic');
  const keyPadded = Math.ceil(keyBytes / 4) * 4;
  if (HEADER_BYTES + keyPadded + runCount * 8 !== u8.byteLength)
    throw new MaskRecordError(`mask record: ${u8.byteLength} bytes, expected ${HEADER_BYTES + keyPadded + runCount * 8} for ${runCount} runs`);
  const stored = new TextDecoder().decode(u8.subarray(HEADER_BYTES, HEADER_BYTES + keyBytes));
  if (stored !== maskKey) throw new MaskRecordError(`mask record: stored for "${stored.slice(0, 80)}", not for "${maskKey.slice(0, 80)}"`);
  const n = nx * ny * nz;
  if (n === 0 || resolutionUm === 0) throw new MaskRecordError(`mask record: empty shape ${nx}×${ny}×${nz} at ${resolutionUm} µm`);
  const runs = new Uint32Array(u8.buffer, u8.byteOffset + HEADER_BYTES + keyPadded, runCount * 2);
  const data = new Uint8Array(n);
  let end = 0;
  for (let r = 0; r < runCount; r++) {
    const start = runs[2 * r] ?? 0;
    const length = runs[2 * r + 1] ?? 0;
    // a run starts after the previous one's end (with a gap: runs are maximal) and is not empty
    if (length === 0 || (r > 0 && start <= end) || start + length > n)
      throw new MaskRecordError(`mask record: run ${r} (${start}, ${length}) is out of order or outside the volume`);
    data.fill(1, start, start + length);
    end = start + length;
  }
  return { data, shape: { nx, ny, nz, resolutionUm } };
}
