// Whether the Help panel is open and which parameter entry it should show. Opened from the
// header's Help button or from a HelpHint next to a control; closing returns focus to whatever
// opened it (when that element is still in the document).
import { create } from 'zustand';

interface HelpStore {
  readonly open: boolean;
  /** Parameter entry to show (a HelpParamId), or null for the current view's section. */
  readonly topic: string | null;
  /** Bumped on every open request, so asking for the same topic again scrolls to it again. */
  readonly request: number;
  /** The element focused when the panel was opened; focus returns there on close. */
  readonly opener: HTMLElement | null;
  openAt(topic: string | null, opener: HTMLElement | null): void;
  close(): void;
}

export const useHelpStore = create<HelpStore>()((set) => ({
  open: false,
  topic: null,
  request: 0,
  opener: null,
  openAt: (topic, opener) => set((s) => ({ open: true, topic, request: s.request + 1, opener: opener ?? s.opener })),
  close: () => set({ open: false, topic: null, opener: null }),
}));
