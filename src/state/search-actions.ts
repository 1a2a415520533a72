// Starting a search from anywhere in the app (a voxel picked in a figure): set the search and show
// the experiments view in one step, so the URL gets one history entry and Back returns to the figure.
import { searchParams, voxelCentreUm, type CcfPoint } from './search-params';
import { useViewStore } from './view-store';

/** Spatial search at the 100 µm voxel holding `pointUm` (its centre is the seed sent to Allen). */
export function searchAtVoxel(pointUm: CcfPoint): void {
  searchParams.useStore.getState().set({ mode: 'spatial', seedUm: voxelCentreUm(pointUm) });
  useViewStore.getState().setView('experiments');
}
