// Typed entry points for the two Allen volume kinds, on top of the NRRD/zip readers.
// Density: float32 out (double converted), −1 kept as −1 (no data). Annotation: uint32 labels.
// Both keep Allen's memory order (AP fastest) and report a GridShape (resolution from the header
// spacing, else from matching a CCF grid size).
import { DecodeError } from './decode-error';
import { decodeNrrd, type NrrdHeader } from './decode-nrrd';
import { decodeDensityZip, type DecodedGrid } from './decode-zip';
import { CCF_SHAPES, type GridShape } from './grid';
import { unpackGrid } from './packed-grid';

export type { DecodedGrid } from './decode-zip';

export interface DecodedLabels {
  readonly data: Uint32Array;
  readonly shape: GridShape;
}

/** GridShape of a 3-D NRRD: resolution from the spacing, else from matching a CCF grid size. */
export function nrrdGridShape(header: NrrdHeader, what: string): GridShape {
  const [nx, ny, nz] = header.sizes;
  if (header.sizes.length !== 3 || nx === undefined || ny === undefined || nz === undefined) {
    throw new DecodeError(`${what} NRRD must be 3-D, got sizes ${header.sizes.join(' ')}`);
  }
  const sp = header.spacings?.[0];
  const match = Object.values(CCF_SHAPES).find((s) => s.nx === nx && s.ny === ny && s.nz === nz);
  const resolutionUm = sp != null && sp > 0 ? sp : match?.resolutionUm;
  if (resolutionUm === undefined) {
    throw new DecodeError(`${what} NRRD has no spacing and sizes ${nx} ${ny} ${nz} match no CCF grid`);
  }
  return { nx, ny, nz, resolutionUm };
}

export function decodeDensityNrrd(bytes: ArrayBuffer | Uint8Array): DecodedGrid {
  const { header, data } = decodeNrrd(bytes);
  const shape = nrrdGridShape(header, 'density');
  if (data instanceof Float32Array) return { data, shape };
  if (data instanceof Float64Array) return { data: Float32Array.from(data), shape };
  throw new DecodeError(`density NRRD must be float or double, got ${header.type}`);
}

export function decodeAnnotationNrrd(bytes: ArrayBuffer | Uint8Array): DecodedLabels {
  const { header, data } = decodeNrrd(bytes);
  const shape = nrrdGridShape(header, 'annotation');
  if (data instanceof Uint32Array) return { data, shape };
  if (data instanceof Uint16Array || data instanceof Uint8Array) return { data: Uint32Array.from(data), shape };
  if (data instanceof Int32Array && data.every((v) => v >= 0)) return { data: new Uint32Array(data.buffer), shape };
  throw new DecodeError(`annotation NRRD must hold unsigned integer labels, got ${header.type}`);
}

/** A density grid as Allen serves it (gzip NRRD, zip) or as the cache keeps it (packed-grid.ts). */
export function decodeDensity(bytes: ArrayBuffer | Uint8Array, format: 'nrrd' | 'zip' | 'packed'): DecodedGrid {
  return format === 'nrrd' ? decodeDensityNrrd(bytes) : format === 'zip' ? decodeDensityZip(bytes) : unpackGrid(bytes);
}
