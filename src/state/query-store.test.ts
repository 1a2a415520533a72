import { beforeEach, describe, expect, it } from 'vitest';
import { useQueryStore } from './query-store';
import { DEFAULT_QUERY } from './url-state';

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
});
