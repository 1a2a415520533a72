// Which view is shown and the projectome view's parameters (everything the URL carries besides
// the experiment query). The AP position also lives here; the frame loop reads it with getState().
import { create } from 'zustand';
import { DEFAULT_PROJECTOME, PROJECTOME_LIMITS, type ProjectomeState } from './projectome-url';
import type { ViewName } from './url-state';

interface ViewStore {
  readonly view: ViewName;
  readonly projectome: ProjectomeState;
  setView(view: ViewName): void;
  setTarget(acronym: string | null): void;
  setSources(acronyms: readonly string[]): void;
  toggleSource(acronym: string): void;
  toggleHidden(acronym: string): void;
  setAp(apUm: number | null): void;
  setSliceThickness(n: number): void;
  setDensityPercentile(p: number): void;
  setMinVolume(mm3: number): void;
  setNormalization(n: ProjectomeState['normalization']): void;
  setSubtractOtherHemisphere(on: boolean): void;
  hydrate(view: ViewName, projectome: ProjectomeState): void;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const useViewStore = create<ViewStore>()((set) => {
  const patch = (p: Partial<ProjectomeState>) => set((s) => ({ projectome: { ...s.projectome, ...p } }));
  return {
    view: 'experiments',
    projectome: DEFAULT_PROJECTOME,
    setView: (view) => set({ view }),
    setTarget: (target) =>
      set((s) => (s.projectome.target === target ? s : { projectome: { ...s.projectome, target, apUm: null } })),
    setSources: (sources) =>
      set((s) => {
        const unique = [...new Set(sources)].slice(0, PROJECTOME_LIMITS.maxSources);
        return { projectome: { ...s.projectome, sources: unique, hidden: s.projectome.hidden.filter((h) => unique.includes(h)) } };
      }),
    toggleSource: (acronym) =>
      set((s) => {
        const has = s.projectome.sources.includes(acronym);
        if (!has && s.projectome.sources.length >= PROJECTOME_LIMITS.maxSources) return s;
        const sources = has ? s.projectome.sources.filter((a) => a !== acronym) : [...s.projectome.sources, acronym];
        return { projectome: { ...s.projectome, sources, hidden: s.projectome.hidden.filter((h) => sources.includes(h)) } };
      }),
    toggleHidden: (acronym) =>
      set((s) => {
        const hidden = s.projectome.hidden.includes(acronym)
          ? s.projectome.hidden.filter((h) => h !== acronym)
          : [...s.projectome.hidden, acronym];
        return { projectome: { ...s.projectome, hidden } };
      }),
    setAp: (apUm) => patch({ apUm: apUm === null ? null : clamp(Math.round(apUm / 100) * 100, 0, PROJECTOME_LIMITS.maxApUm) }),
    setSliceThickness: (n) => patch({ sliceThickness: clamp(Math.round(n), 0, PROJECTOME_LIMITS.maxSliceThickness) }),
    setDensityPercentile: (p) =>
      patch({ densityPercentile: clamp(p, PROJECTOME_LIMITS.minPercentile, PROJECTOME_LIMITS.maxPercentile) }),
    setMinVolume: (mm3) => patch({ minVolumeMm3: clamp(mm3, 0, PROJECTOME_LIMITS.maxMinVolumeMm3) }),
    setNormalization: (normalization) => patch({ normalization }),
    setSubtractOtherHemisphere: (subtractOtherHemisphere) => patch({ subtractOtherHemisphere }),
    hydrate: (view, projectome) => set({ view, projectome }),
  };
});
