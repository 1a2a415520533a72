// Voxel picking on the slice grid (spatial search): a panel's pixel → CCF µm, its slice position
// along the slicing axis giving the third coordinate (panels fold the hemispheres, so the point
// lies in the left half, as the hover readout says), and the arrow-key step (100 µm in CSS px).
import { useCallback } from 'react';
import type { VoxelHit } from '../components/voxel-picker.tsx';
import type { SlicesResult } from '../compute/slices.ts';
import { gridHitTest, type GridFigure } from '../render/slice-grid-figure.ts';
import type { CcfPoint } from '../state/search-params.ts';

/** 100 µm in CSS px on the panels (one scale for all). */
export function voxelPx(figure: GridFigure | null): number {
  if (!figure) return Number.NaN;
  for (let r = 0; r < figure.cells.length; r++) {
    for (let c = 0; c < (figure.cells[r]?.length ?? 0); c++) {
      const cell = figure.cells[r]?.[c];
      const box = figure.layout.panels[r]?.[c];
      if (cell && box) return (box.width / (cell.extent.mlMaxUm - cell.extent.mlMinUm)) * 100;
    }
  }
  return Number.NaN;
}

export function useSliceVoxelPick(figure: GridFigure | null, result: SlicesResult | null): (x: number, y: number) => VoxelHit | null {
  return useCallback(
    (x: number, y: number): VoxelHit | null => {
      const hit = figure ? gridHitTest(figure, x, y) : null;
      const at = hit ? result?.slices[hit.column]?.window.positionUm : undefined;
      if (!hit || !figure || !result || at === undefined) return null;
      const pointUm: CcfPoint = result.plane === 'coronal' ? [at, hit.dvUm, hit.acrossUm] : [hit.acrossUm, hit.dvUm, at];
      const where = `${figure.rowLabels[hit.row]?.[0] ?? ''}, ${figure.columnLabels[hit.column]?.[0] ?? ''} slice`;
      return { pointUm, label: `${where}: AP ${Math.round(pointUm[0])}, DV ${Math.round(pointUm[1])}, ML ${Math.round(pointUm[2])} µm (CCF)` };
    },
    [figure, result],
  );
}
