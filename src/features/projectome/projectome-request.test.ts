import { describe, expect, it } from 'vitest';
import { projectomeParams } from '../../state/projectome-params.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { parseUrlState } from '../../state/url-state.ts';
import { VIEW_PARAMS } from '../../state/view-params-registry.ts';
import { useViewStore } from '../../state/view-store.ts';
import { projectomeRequestOf, requestOfLocation } from './projectome-request.ts';

/** The stores as the app hydrates them from the address (use-url-sync.ts), then the view's request. */
function viewRequestAfterHydrating(search: string) {
  const parsed = parseUrlState(search);
  const notices = [...parsed.notices];
  VIEW_PARAMS[parsed.view]?.hydrate(new URLSearchParams(search), notices);
  useQueryStore.getState().hydrate(parsed.query, notices);
  useViewStore.getState().hydrate(parsed.view, parsed.target, parsed.drawingAtlasUm);
  const v = useViewStore.getState();
  const q = useQueryStore.getState().draft;
  return projectomeRequestOf(
    { target: v.target, drawingAtlasUm: v.drawingAtlasUm, line: q.line, primaryOnly: q.primaryOnly, products: q.products },
    projectomeParams.useStore.getState().value,
  );
}

describe('the projectome request of a link', () => {
  it.each([
    '?v=1&view=proj&t=CP&s=RSPagl,BST,MEA,PIR',
    '?v=1&view=proj&t=SCs&s=SNr,PPT&plane=sagittal&ml=5700&atlas=25&th=200&pct=95',
    '?v=1&view=proj&t=CP&s=VISp&line=wt&p=5,31&norm=inj&ap=7000&hide=VISp',
  ])('read from the address alone is the one the view builds after hydrating: %s', (search) => {
    const early = requestOfLocation(search);
    expect(early).not.toBeNull();
    expect(JSON.stringify(early)).toBe(JSON.stringify(viewRequestAfterHydrating(search)));
  });

  it('is null for other views and for a projectome link without a target or sources', () => {
    expect(requestOfLocation('?v=1&view=exp&r=VISp')).toBeNull();
    expect(requestOfLocation('?v=1&view=proj&t=CP')).toBeNull();
    expect(requestOfLocation('?v=1&view=proj&s=VISp')).toBeNull();
  });

  it('leaves out the position, visibility and default atlas (they do not change the result)', () => {
    const a = requestOfLocation('?v=1&view=proj&t=CP&s=VISp&ap=5000&hide=VISp&atlas=50');
    const b = requestOfLocation('?v=1&view=proj&t=CP&s=VISp');
    expect(a).toEqual(b);
    expect(a).toEqual({
      target: 'CP',
      sources: ['VISp'],
      line: { kind: 'all' },
      primaryOnly: true,
      products: [],
      normalization: 'none',
      subtractOtherHemisphere: false,
      sliceThickness: 2,
      densityPercentile: 99,
      plane: 'coronal',
    });
  });
});
