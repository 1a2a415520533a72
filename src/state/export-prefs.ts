// The PNG export scale (1×, 2×, 4×), shared by every figure's export bar and remembered in this
// browser (localStorage): a preference about output files, not part of the view, so not in the URL.
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { DEFAULT_EXPORT_SCALE, isExportScale, type ExportScale } from '../render/export-scale';

export const EXPORT_SCALE_STORAGE_KEY = 'bsv.export-scale';

export interface ExportPrefs {
  readonly scale: ExportScale;
  setScale(scale: ExportScale): void;
}

type PrefStorage = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): PrefStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (e.g. some privacy modes): the preference lasts the session
  }
}

export function createExportPrefs(storage: PrefStorage | null): UseBoundStore<StoreApi<ExportPrefs>> {
  let stored: ExportScale = DEFAULT_EXPORT_SCALE;
  try {
    const v = Number(storage?.getItem(EXPORT_SCALE_STORAGE_KEY));
    if (isExportScale(v)) stored = v;
  } catch {
    // unreadable storage: the default
  }
  return create<ExportPrefs>()((set) => ({
    scale: stored,
    setScale: (scale) => {
      if (!isExportScale(scale)) return;
      set({ scale });
      try {
        storage?.setItem(EXPORT_SCALE_STORAGE_KEY, String(scale));
      } catch {
        // a full or disabled storage only loses the memory of the choice
      }
    },
  }));
}

export const useExportPrefs = createExportPrefs(browserStorage());
