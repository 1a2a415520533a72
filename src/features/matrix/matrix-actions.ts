// What a matrix cell leads to, and the matrix's exports. A cell opens the slice grid for its
// pair (query = the source region, target = the target) or the projectome (target + one source).
import { matrixScene, type MatrixFigureInput } from '../../render/matrix-figure.ts';
import { sceneToSvg } from '../../render/svg-scene.ts';
import type { ExportScale } from '../../render/export-scale.ts';
import { svgToPng } from '../../render/svg-to-png.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { projectomeActions } from '../../state/projectome-params.ts';
import { useViewStore } from '../../state/view-store.ts';
export { downloadBlob } from '../../render/figure-download.ts';

export function openSliceGrid(source: string, target: string): void {
  const q = useQueryStore.getState();
  const base = q.submitted ?? q.draft;
  useViewStore.getState().setTarget(target);
  q.hydrate({ ...base, regions: [source] }, []);
  useViewStore.getState().setView('slices');
}

export function openProjectome(source: string, target: string): void {
  const v = useViewStore.getState();
  v.setTarget(target);
  projectomeActions.setSources([source]);
  v.setView('projectome');
}

export function matrixSvg(f: MatrixFigureInput): Blob {
  return new Blob([sceneToSvg(matrixScene(f))], { type: 'image/svg+xml' });
}

export function matrixPng(f: MatrixFigureInput, scale: ExportScale): Promise<Blob> {
  const scene = matrixScene(f);
  return svgToPng(sceneToSvg(scene), scene.width, scene.height, scale);
}
