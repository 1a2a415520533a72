// A user's own annotation volume (subregions view): an NRRD of integer labels in CCF space at
// 10, 25, 50 or 100 µm (sizes AP × DV × ML as the Allen annotation NRRDs, AP fastest; raw or
// gzip), validated and reduced to the 100 µm density grid by majority label (label-downsample.ts).
// The file is read in pieces (Blob.stream) and inflated as a stream, so a 10 µm volume is never
// held whole. Every bad input throws a DecodeError that says what was expected.
import { Decompress } from 'fflate';
import { parseNrrdHeader, type NrrdHeader } from './decode-nrrd';
import { DecodeError } from './decode-error';
import { LABEL_BYTES, ModeDownsampler, type LabelScalar } from './label-downsample';

export type UserResolution = 10 | 25 | 50 | 100;

/** CCF sizes (AP, DV, ML) by resolution. */
export const USER_ANNOTATION_SIZES: ReadonlyArray<readonly [UserResolution, readonly [number, number, number]]> = [
  [10, [1320, 800, 1140]],
  [25, [528, 320, 456]],
  [50, [264, 160, 228]],
  [100, [132, 80, 114]],
];

/** Most distinct non-zero labels a volume may have at 100 µm (each becomes a subregion). */
export const MAX_USER_LABELS = 1000;

export interface UserLabel {
  readonly id: number;
  /** 100 µm voxels with this label (whole brain, both hemispheres). */
  readonly voxels: number;
}

export interface UserAnnotationInfo {
  readonly resolutionUm: UserResolution;
  readonly sizes: readonly [number, number, number];
  readonly type: LabelScalar;
  readonly encoding: 'raw' | 'gzip';
  /** Non-zero labels at 100 µm, ascending id. */
  readonly labels: readonly UserLabel[];
}

const INTEGER_TYPES: readonly string[] = Object.keys(LABEL_BYTES);

/** Checks the header of a label volume in CCF space; returns its resolution. */
export function checkLabelHeader(h: NrrdHeader): { resolutionUm: UserResolution; sizes: readonly [number, number, number] } {
  if (!INTEGER_TYPES.includes(h.type))
    throw new DecodeError(`the volume holds ${h.type} values; an annotation needs integer labels (uint8/16/32 or int8/16/32)`);
  const got = h.sizes.join('×');
  const match = USER_ANNOTATION_SIZES.find(([, s]) => s.length === h.sizes.length && s.every((n, i) => n === h.sizes[i]));
  if (!match) {
    const hint = h.sizes.length === 3 && USER_ANNOTATION_SIZES.some(([, s]) => [...s].reverse().join('×') === got) ? ' (axes reversed: ML fastest?)' : '';
    throw new DecodeError(
      `the volume is ${got}${hint}; expected a CCF volume AP × DV × ML: ${USER_ANNOTATION_SIZES.map(([r, s]) => `${s.join('×')} (${r} µm)`).join(', ')}`,
    );
  }
  return { resolutionUm: match[0], sizes: match[1] };
}

/** Non-zero labels of a 100 µm label volume with their voxel counts (ascending id). */
export function labelCounts(labels: Uint32Array): UserLabel[] {
  const counts = new Map<number, number>();
  for (const v of labels) if (v !== 0) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([id, voxels]) => ({ id, voxels })).sort((a, b) => a.id - b.id);
}

/** Reads, validates and downsamples a label volume to the 100 µm grid. */
export async function importLabelVolume(file: Blob): Promise<{ labels: Uint32Array; info: UserAnnotationInfo }> {
  const head = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
  const header = parseNrrdHeader(head);
  const { resolutionUm, sizes } = checkLabelHeader(header);
  const type = header.type as LabelScalar;
  const down = new ModeDownsampler(resolutionUm, type, header.endian === 'little');
  const inflater =
    header.encoding === 'gzip'
      ? new Decompress((chunk) => {
          down.push(chunk);
        })
      : null;
  const reader = file.slice(header.dataOffset).stream().getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (inflater) {
        try {
          inflater.push(value);
        } catch (e) {
          throw e instanceof DecodeError ? e : new DecodeError(`the gzip payload is corrupt (${e instanceof Error ? e.message : String(e)})`);
        }
      } else down.push(value);
    }
    if (inflater) {
      try {
        inflater.push(new Uint8Array(0), true);
      } catch (e) {
        throw e instanceof DecodeError ? e : new DecodeError(`the gzip payload is truncated or corrupt (${e instanceof Error ? e.message : String(e)})`);
      }
    }
  } finally {
    reader.releaseLock();
  }
  const labels = down.finish();
  const counts = labelCounts(labels);
  if (counts.length === 0) throw new DecodeError('the volume has no non-zero label at 100 µm (0 means unlabelled)');
  if (counts.length > MAX_USER_LABELS)
    throw new DecodeError(`the volume has ${counts.length} distinct labels at 100 µm; at most ${MAX_USER_LABELS} can be subregions`);
  return {
    labels,
    info: { resolutionUm, sizes, type, encoding: header.encoding, labels: counts },
  };
}
