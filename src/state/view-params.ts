// Per-view URL parameters. Each analysis view owns one codec (parse with a schema, write only
// non-defaults) and one small store created from it. Only the shown view's parameters are in the
// URL, so views may reuse short keys — but never the shared ones (CORE_URL_KEYS).
import { create, type StoreApi, type UseBoundStore } from 'zustand';

/** Keys every view shares: version, view, query regions, line, primary-only, target. */
export const CORE_URL_KEYS = ['v', 'view', 'r', 'line', 'p', 't'] as const;

export interface ViewParamsCodec<T> {
  readonly defaults: T;
  /** Read this view's keys; a bad value falls back to its default and pushes a notice. */
  parse(params: URLSearchParams, notices: string[]): T;
  /** Write this view's keys (non-default values only). */
  write(state: T, params: URLSearchParams): void;
  /**
   * The part of the state whose change deserves a history entry (Back returns to it); the rest
   * (colormap, limits, sliders) replaces the current entry. Default: nothing is major.
   */
  major?(state: T): unknown;
}

export interface ViewParamsState<T> {
  readonly value: T;
  set(patch: Partial<T>): void;
  replace(value: T): void;
}

export interface ViewParams<T> {
  readonly codec: ViewParamsCodec<T>;
  readonly useStore: UseBoundStore<StoreApi<ViewParamsState<T>>>;
}

export function createViewParams<T extends object>(codec: ViewParamsCodec<T>): ViewParams<T> {
  const useStore = create<ViewParamsState<T>>()((set) => ({
    value: codec.defaults,
    set: (patch) => set((s) => ({ value: { ...s.value, ...patch } })),
    replace: (value) => set({ value }),
  }));
  return { codec, useStore };
}

/** Type-erased handle used by the URL sync. */
export interface AnyViewParams {
  hydrate(params: URLSearchParams, notices: string[]): void;
  write(params: URLSearchParams): void;
  major(): unknown;
  subscribe(listener: () => void): () => void;
}

export function eraseViewParams<T extends object>(vp: ViewParams<T>): AnyViewParams {
  return {
    hydrate: (params, notices) => vp.useStore.getState().replace(vp.codec.parse(params, notices)),
    write: (params) => vp.codec.write(vp.useStore.getState().value, params),
    major: () => vp.codec.major?.(vp.useStore.getState().value) ?? null,
    subscribe: (listener) =>
      vp.useStore.subscribe((s, prev) => {
        if (s.value !== prev.value) listener();
      }),
  };
}
