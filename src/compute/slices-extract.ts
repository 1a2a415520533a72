// Raw slice gathers from an AP-fastest volume (what the AP slider uploads as a texture).
// Coronal slice at AP index a → row-major ny × nz (rows = DV dorsal first, cols = ML increasing z).
// Sagittal slice at ML index m → row-major ny × nx (rows = DV, cols = AP anterior first).
// Values are copied as stored (NaN / −1 no-data are not rewritten). Pass `out` to avoid allocation.

import type { GridShape } from './grid';

export function extractCoronal(volume: Float32Array, shape: GridShape, apIndex: number, out?: Float32Array): Float32Array {
  const { nx, ny, nz } = shape;
  if (!(Number.isInteger(apIndex) && apIndex >= 0 && apIndex < nx)) throw new RangeError(`AP index ${apIndex} outside 0…${nx - 1}`);
  const dst = out ?? new Float32Array(ny * nz);
  if (dst.length !== ny * nz) throw new RangeError(`output buffer must hold ny·nz = ${ny * nz} values`);
  for (let y = 0; y < ny; y++) {
    const row = y * nz;
    let src = apIndex + nx * y;
    const step = nx * ny;
    for (let z = 0; z < nz; z++, src += step) dst[row + z] = volume[src] ?? NaN;
  }
  return dst;
}

export function extractSagittal(volume: Float32Array, shape: GridShape, mlIndex: number, out?: Float32Array): Float32Array {
  const { nx, ny, nz } = shape;
  if (!(Number.isInteger(mlIndex) && mlIndex >= 0 && mlIndex < nz)) throw new RangeError(`ML index ${mlIndex} outside 0…${nz - 1}`);
  const dst = out ?? new Float32Array(ny * nx);
  if (dst.length !== ny * nx) throw new RangeError(`output buffer must hold ny·nx = ${ny * nx} values`);
  const base = nx * ny * mlIndex;
  for (let y = 0; y < ny; y++) dst.set(volume.subarray(base + nx * y, base + nx * (y + 1)), y * nx);
  return dst;
}
