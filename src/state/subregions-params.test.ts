import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBREGIONS_PARAMS, parseSubregionsParams, writeSubregionsParams, type SubregionsViewParams } from './subregions-params';

function roundTrip(s: SubregionsViewParams): { back: SubregionsViewParams; query: string; notices: string[] } {
  const params = new URLSearchParams();
  writeSubregionsParams(s, params);
  const notices: string[] = [];
  return { back: parseSubregionsParams(new URLSearchParams(params.toString()), notices), query: params.toString(), notices };
}

describe('subregions URL parameters', () => {
  it('defaults write nothing and parse back', () => {
    const r = roundTrip(DEFAULT_SUBREGIONS_PARAMS);
    expect(r.query).toBe('');
    expect(r.back).toEqual(DEFAULT_SUBREGIONS_PARAMS);
  });

  it('round-trips every non-default value', () => {
    const s: SubregionsViewParams = {
      grouping: 'AP',
      groupingBins: 3,
      level: 'leaves',
      hemisphere: 'right',
      slices: 12,
      plane: 'sagittal',
      normalization: 'injection-volume',
      subtractOtherHemisphere: true,
    };
    const r = roundTrip(s);
    expect(r.back).toEqual(s);
    expect(r.notices).toEqual([]);
    expect(new URLSearchParams(r.query).get('norm')).toBe('inj');
    expect(new URLSearchParams(r.query).get('hemi')).toBe('sub');
    for (const k of ['s', 'hide', 'min', 'ap', 'th', 'pct', 't', 'si']) expect(new URLSearchParams(r.query).has(k)).toBe(false);
    expect(parseSubregionsParams(new URLSearchParams('si=inj'), []).normalization).toBe('injection-volume');
  });

  it("the user's annotation is spelled sl=user", () => {
    const r = roundTrip({ ...DEFAULT_SUBREGIONS_PARAMS, level: 'user' });
    expect(r.query).toBe('sl=user');
    expect(r.back.level).toBe('user');
  });

  it('hostile or out-of-range values fall back with notices', () => {
    const notices: string[] = [];
    const p = parseSubregionsParams(new URLSearchParams('sg=XY&sb=0&sl=all&sh=top&sn=1e3&sp=axial&si=1'), notices);
    expect(p).toEqual(DEFAULT_SUBREGIONS_PARAMS);
    expect(notices).toHaveLength(7);
  });

  it('accepts the limits and rejects one past them', () => {
    const ok = parseSubregionsParams(new URLSearchParams('sb=20&sn=1'), []);
    expect([ok.groupingBins, ok.slices]).toEqual([20, 1]);
    const notices: string[] = [];
    const bad = parseSubregionsParams(new URLSearchParams('sb=21&sn=2.5'), notices);
    expect([bad.groupingBins, bad.slices]).toEqual([5, 5]);
    expect(notices).toHaveLength(2);
  });
});
