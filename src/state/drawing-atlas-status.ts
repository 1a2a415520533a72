// How the load of the fine (25 µm) drawing atlas is going, for the boundary-atlas control: the
// projectome pipeline reports into it (download bytes, then voxels encoded), and a failure here
// means the figure fell back to the 50 µm boundaries (the message says why).
import { create } from 'zustand';

export type DrawingAtlasStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly phase: 'download' | 'build'; readonly done: number; readonly total: number | null }
  | { readonly state: 'ready'; readonly from: 'network' | 'cache' }
  | { readonly state: 'failed'; readonly message: string };

interface DrawingAtlasStatusStore {
  readonly status: DrawingAtlasStatus;
  set(status: DrawingAtlasStatus): void;
}

export const useDrawingAtlasStatus = create<DrawingAtlasStatusStore>()((set) => ({
  status: { state: 'idle' },
  set: (status) => set({ status }),
}));
