import { beforeEach, describe, expect, it } from 'vitest';
import { regionsFull, useQueryStore } from './query-store';
import { DEFAULT_QUERY, parseUrlState, serializeUrlState, URL_LIMITS } from './url-state';

describe('query store', () => {
  beforeEach(() => useQueryStore.getState().hydrate(DEFAULT_QUERY, []));

  it('adds regions once and removes them', () => {
    const s = useQueryStore.getState();
    s.addRegion('VISp');
    s.addRegion('VISp');
    s.addRegion('MOs');
    expect(useQueryStore.getState().draft.regions).toEqual(['VISp', 'MOs']);
    useQueryStore.getState().removeRegion('VISp');
    expect(useQueryStore.getState().draft.regions).toEqual(['MOs']);
  });

  it('submits only a query with regions', () => {
    useQueryStore.getState().submit();
    expect(useQueryStore.getState().submitted).toBeNull();
    useQueryStore.getState().addRegion('CP');
    useQueryStore.getState().submit();
    expect(useQueryStore.getState().submitted?.regions).toEqual(['CP']);
  });

  it('hydrates from a URL with its notices', () => {
    useQueryStore.getState().hydrate({ ...DEFAULT_QUERY, regions: ['TH'] }, ['note']);
    const s = useQueryStore.getState();
    expect(s.submitted?.regions).toEqual(['TH']);
    expect(s.notices).toEqual(['note']);
  });

  it('holds at most as many regions as a link reads back, so a shared link reproduces the query', () => {
    const names = Array.from({ length: URL_LIMITS.maxRegions + 5 }, (_, i) => `R${i}`);
    for (const n of names) useQueryStore.getState().addRegion(n);
    const { draft } = useQueryStore.getState();
    expect(draft.regions).toEqual(names.slice(0, URL_LIMITS.maxRegions));
    expect(regionsFull(draft.regions)).toBe(true);
    useQueryStore.getState().submit();
    const link = serializeUrlState({ view: 'experiments', query: draft, target: null });
    const back = parseUrlState(link);
    expect(back.notices).toEqual([]);
    expect(back.query.regions).toEqual(draft.regions);
    // removing one makes room again
    useQueryStore.getState().removeRegion('R0');
    useQueryStore.getState().addRegion('R99');
    expect(useQueryStore.getState().draft.regions.at(-1)).toBe('R99');
  });
});
