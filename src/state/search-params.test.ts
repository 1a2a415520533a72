import { describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH, parseCcfPoint, parseSearchParams, voxelCentreUm, writeSearchParams, type SearchParams } from './search-params';

const parse = (q: string) => {
  const notices: string[] = [];
  return { value: parseSearchParams(new URLSearchParams(q), notices), notices };
};
const write = (s: SearchParams): string => {
  const p = new URLSearchParams();
  writeSearchParams(s, p);
  return p.toString().replace(/%2C/g, ',');
};

describe('search URL parameters', () => {
  it('old links (no search key) open the source search with no notice', () => {
    expect(parse('v=1&r=VISp&line=wt')).toEqual({ value: DEFAULT_SEARCH, notices: [] });
    expect(write(DEFAULT_SEARCH)).toBe('');
  });

  it('round-trips each search, writing only its own keys', () => {
    const target: SearchParams = { ...DEFAULT_SEARCH, mode: 'target', targets: ['CP', 'ACB'], seedUm: [1, 2, 3] };
    expect(write(target)).toBe('search=target&tgt=CP,ACB');
    expect(parse(write(target)).value).toEqual({ ...target, seedUm: null });
    const spatial: SearchParams = { ...DEFAULT_SEARCH, mode: 'spatial', seedUm: [5050, 3450, 2250], targets: ['CP'], maxDistanceUm: 500 };
    expect(write(spatial)).toBe('search=spatial&seed=5050,3450,2250');
    expect(parse(write(spatial)).value).toEqual({ ...spatial, targets: [], maxDistanceUm: DEFAULT_SEARCH.maxDistanceUm });
    const coordinate: SearchParams = { ...DEFAULT_SEARCH, mode: 'coordinate', seedUm: [6040, 4540, 7300], maxDistanceUm: 1500 };
    expect(write(coordinate)).toBe('search=coordinate&seed=6040,4540,7300&dmax=1500');
    expect(parse(write(coordinate))).toEqual({ value: coordinate, notices: [] });
  });

  it('bad values fall back with a notice each', () => {
    const { value, notices } = parse('search=retro&tgt=CP,<b>x</b>,CP&seed=1,2&dmax=5');
    expect(value).toEqual({ ...DEFAULT_SEARCH, targets: ['CP'] });
    expect(notices).toHaveLength(4);
    expect(notices.join(' ')).toContain('Unknown search "retro"');
    expect(parse('search=coordinate&seed=20000,1,1').notices[0]).toContain('CCF µm');
    expect(parse(`search=target&tgt=${Array.from({ length: 25 }, (_, i) => `A${i}`).join(',')}`).value.targets).toHaveLength(20);
  });

  it('points: whole µm inside the CCF; a pick snaps to its 100 µm voxel centre', () => {
    expect(parseCcfPoint('6900.4, 5050, 6450')).toEqual([6900, 5050, 6450]);
    expect(parseCcfPoint('6900,5050')).toBeNull();
    expect(parseCcfPoint('6900,8000,10')).toBeNull();
    expect(parseCcfPoint('1e3,2,3')).toBeNull();
    expect(voxelCentreUm([5000, 3499.9, 2201])).toEqual([5050, 3450, 2250]);
    expect(voxelCentreUm([13250, -5, 11400])).toEqual([13150, 50, 11350]);
  });
});
