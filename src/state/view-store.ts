// Which view is shown and the target region every analysis view shares (URL `t`). Each view's
// own parameters live in its view-params store (view-params-registry.ts); the experiment query
// in query-store.ts.
import { create } from 'zustand';
import { DEFAULT_SOURCE_PALETTE, isSourcePalette, type SourcePalette } from '../render/source-palette';
import { projectomeParams } from './projectome-params';
import { DEFAULT_DRAWING_ATLAS_UM, type DrawingAtlasUm, type ViewName } from './url-state';

interface ViewStore {
  readonly view: ViewName;
  /** Target region acronym (the projectome's target, the slice grid's region, …), or null. */
  readonly target: string | null;
  setView(view: ViewName): void;
  setTarget(acronym: string | null): void;
  /** Resolution boundaries are drawn from (URL `atlas`), shared by every view that draws them. */
  readonly drawingAtlasUm: DrawingAtlasUm;
  setDrawingAtlas(um: DrawingAtlasUm): void;
  /** Colours of the sources of a set (URL `pal`), shared by every view that draws sources. */
  readonly sourcePalette: SourcePalette;
  setSourcePalette(palette: SourcePalette): void;
  hydrate(view: ViewName, target: string | null, drawingAtlasUm?: DrawingAtlasUm, sourcePalette?: SourcePalette): void;
}

export const useViewStore = create<ViewStore>()((set, get) => ({
  view: 'experiments',
  target: null,
  setView: (view) => set({ view }),
  setTarget: (target) => {
    if (get().target === target) return;
    set({ target });
    // an AP position means nothing in another target: the projectome opens at the new one's middle
    projectomeParams.useStore.getState().set({ positionUm: null });
  },
  drawingAtlasUm: DEFAULT_DRAWING_ATLAS_UM,
  setDrawingAtlas: (um) => {
    if (um === 50 || um === 25) set({ drawingAtlasUm: um });
  },
  sourcePalette: DEFAULT_SOURCE_PALETTE,
  setSourcePalette: (palette) => {
    if (isSourcePalette(palette)) set({ sourcePalette: palette });
  },
  hydrate: (view, target, drawingAtlasUm = DEFAULT_DRAWING_ATLAS_UM, sourcePalette = DEFAULT_SOURCE_PALETTE) =>
    set({ view, target, drawingAtlasUm, sourcePalette }),
}));
