// Coverage of a coarse grid by a (possibly finer) region mask: for each coarse voxel, the
// fraction of its volume inside the mask (0…1). Both grids cover the same CCF extent; each fine
// cell belongs to the coarse voxel containing its centre. Rows of the mask that are entirely 0
// are skipped four bytes at a time, so a 25 µm whole-atlas mask (77 M cells) scans quickly.

import type { GridShape } from './grid';
import { coarseLookup } from './slices-plane';

/** Throws unless two grids cover the same CCF box (n·resolution equal on every axis). */
export function assertSameExtent(a: GridShape, b: GridShape, what: string): void {
  const same = (x: number, y: number): boolean => Math.abs(x - y) < 1e-6;
  if (!(
    same(a.nx * a.resolutionUm, b.nx * b.resolutionUm) &&
    same(a.ny * a.resolutionUm, b.ny * b.resolutionUm) &&
    same(a.nz * a.resolutionUm, b.nz * b.resolutionUm)
  ))
    throw new RangeError(
      `${what}: grids must cover the same CCF extent (got ${a.nx}×${a.ny}×${a.nz} @ ${a.resolutionUm} µm and ${b.nx}×${b.ny}×${b.nz} @ ${b.resolutionUm} µm)`,
    );
}

export function maskCoverage(mask: Uint8Array, maskShape: GridShape, coarse: GridShape): Float32Array {
  const { nx, ny, nz } = maskShape;
  if (mask.length !== nx * ny * nz) throw new RangeError('mask length does not match its GridShape');
  assertSameExtent(maskShape, coarse, 'mask coverage');
  const cx = coarseLookup(nx, maskShape.resolutionUm, coarse.nx, coarse.resolutionUm);
  const cy = coarseLookup(ny, maskShape.resolutionUm, coarse.ny, coarse.resolutionUm);
  const cz = coarseLookup(nz, maskShape.resolutionUm, coarse.nz, coarse.resolutionUm);
  const counts = new Float32Array(coarse.nx * coarse.ny * coarse.nz);
  const words = mask.byteOffset % 4 === 0 && nx % 4 === 0 ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2) : null;
  const nw = nx >> 2;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      if (words) {
        let any = false;
        for (let w = row >> 2, e = w + nw; w < e; w++)
          if (words[w]) {
            any = true;
            break;
          }
        if (!any) continue;
      }
      const crow = coarse.nx * ((cy[y] ?? 0) + coarse.ny * (cz[z] ?? 0));
      for (let x = 0; x < nx; x++)
        if (mask[row + x]) {
          const k = crow + (cx[x] ?? 0);
          counts[k] = (counts[k] ?? 0) + 1;
        }
    }
  const inv = (maskShape.resolutionUm / coarse.resolutionUm) ** 3;
  for (let i = 0; i < counts.length; i++) if (counts[i]) counts[i] = Math.min(1, (counts[i] ?? 0) * inv);
  return counts;
}
