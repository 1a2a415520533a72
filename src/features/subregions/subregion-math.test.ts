import { describe, expect, it } from 'vitest';
import type { Structure } from '../../allen/types';
import { analyzeSubregions } from '../../compute/subregions';
import { chunkWindows } from '../../compute/slices-plan';
import { axisExtent, hemisphereModes, joinSubregionResults, MAX_SUBREGIONS, sliceMeans, spreadLabel, subregionsOf, withSpreadColumns } from './subregion-math';

const node = (id: number, parentId: number | null, childIds: number[], graphOrder: number): Structure => ({
  id,
  acronym: `S${id}`,
  name: `Structure ${id}`,
  color: '#808080',
  parentId,
  graphOrder,
  depth: 0,
  childIds,
});

// 1 ─ 2 ─ 4, 5
//   └ 3
const nodes = [node(1, null, [3, 2], 0), node(2, 1, [4, 5], 1), node(4, 2, [], 2), node(5, 2, [], 3), node(3, 1, [], 4)];
const tree = {
  byId: (id: number) => nodes.find((n) => n.id === id),
  descendants: (id: number): Structure[] => {
    const start = nodes.find((n) => n.id === id);
    return start ? [start, ...start.childIds.flatMap((c) => tree.descendants(c))] : [];
  },
};

describe('subregion lists', () => {
  it('children in ontology order, or the leaf descendants', () => {
    const root = nodes[0] as Structure;
    expect(subregionsOf(root, tree, 'children').list.map((s) => s.id)).toEqual([2, 3]);
    expect(subregionsOf(root, tree, 'leaves').list.map((s) => s.id)).toEqual([4, 5, 3]);
    expect(subregionsOf(nodes[2] as Structure, tree, 'children')).toEqual({ list: [], total: 0 });
  });
  it('caps the list and reports the total', () => {
    const many = node(
      100,
      null,
      Array.from({ length: MAX_SUBREGIONS + 5 }, (_, i) => 200 + i),
      0,
    );
    const kids = many.childIds.map((id, i) => node(id, 100, [], i + 1));
    const t = { byId: (id: number) => kids.find((k) => k.id === id), descendants: () => [] };
    const r = subregionsOf(many, t, 'children');
    expect(r.list).toHaveLength(MAX_SUBREGIONS);
    expect(r.total).toBe(MAX_SUBREGIONS + 5);
  });
});

describe('slice windows', () => {
  it('cuts the extent into equal windows centred on their slice', () => {
    expect(chunkWindows(1000, 1600, 3)).toEqual([
      { positionUm: 1100, startUm: 1000, endUm: 1200 },
      { positionUm: 1300, startUm: 1200, endUm: 1400 },
      { positionUm: 1500, startUm: 1400, endUm: 1600 },
    ]);
    expect(chunkWindows(5, 5, 2)).toEqual([]);
    expect(() => chunkWindows(0, 10, 0)).toThrow(RangeError);
  });
  it('takes AP for coronal and the left ML half for folded sagittal', () => {
    expect(axisExtent([100, 2, 3], [900, 5, 9000], 'coronal', true)).toEqual([100, 900]);
    expect(axisExtent([100, 2, 3000], [900, 5, 9000], 'sagittal', true)).toEqual([3000, 5700]);
    expect(axisExtent([100, 2, 3000], [900, 5, 9000], 'sagittal', false)).toEqual([3000, 9000]);
  });
});

describe('joining batches and spread', () => {
  // 4 × 1 × 1 grid (AP only), two groups, labels 10 10 20 30
  const shape = { nx: 4, ny: 1, nz: 1, resolutionUm: 100 };
  const dens = [Float32Array.from([1, 2, 3, 4]), Float32Array.from([0, 0, 1, -1])];
  const labels = Uint32Array.from([10, 10, 20, 30]);
  const sub = (id: number) => ({ id, name: `n${id}`, acronym: `a${id}` });
  const params = { plane: 'coronal' as const, windows: chunkWindows(0, 400, 2), hemisphere: 'both' as const };
  it('equals one kernel call over all subregions', () => {
    const whole = analyzeSubregions(dens, shape, labels, shape, [sub(10), sub(20), sub(30)], params);
    const a = analyzeSubregions(dens, shape, labels, shape, [sub(10), sub(20)], params);
    const b = analyzeSubregions(dens, shape, labels, shape, [sub(30)], params);
    expect(joinSubregionResults([a, b])).toEqual(whole);
    expect(joinSubregionResults([])).toBeNull();
    // hand check: subregion 10 lies in slice 0 only: group 0 mean (1 + 2) / 2
    expect(sliceMeans(whole, 0, 0)).toEqual([1.5, NaN]);
    expect(sliceMeans(whole, 2, 1)).toEqual([NaN, NaN]);
  });
  it('labels the error bars with the number of experiments', () => {
    expect(
      spreadLabel([
        { sd: 1, n: 3 },
        { sd: null, n: 3 },
      ]),
    ).toBe('SD across 3 experiments');
    expect(
      spreadLabel([
        { sd: 1, n: 2 },
        { sd: 2, n: 4 },
        { sd: null, n: 0 },
      ]),
    ).toBe('SD across 2–4 experiments (those with data in each subregion)');
  });
  it('appends SD and N columns per group to the CSV rows, matched by subregion id', () => {
    const rows = [
      ['SubregionID', 'GlobalMeanIntensity'],
      ['20', '0.5'],
      ['10', '0.25'],
    ];
    // subregions [10, 20] × groups [A, B], index k·2 + g
    const spread = [
      { sd: 0.1, n: 3 },
      { sd: null, n: 1 },
      { sd: 0.2, n: 2 },
      { sd: 0.3, n: 4 },
    ];
    expect(withSpreadColumns(rows, [10, 20], spread, ['A', 'B'])).toEqual([
      ['SubregionID', 'GlobalMeanIntensity', 'SDAcrossExperiments_A', 'NExperiments_A', 'SDAcrossExperiments_B', 'NExperiments_B'],
      ['20', '0.5', '0.2', '2', '0.3', '4'],
      ['10', '0.25', '0.1', '3', '', '1'],
    ]);
    expect(withSpreadColumns(rows, [10, 20], [spread[0] ?? { sd: null, n: 0 }, spread[2] ?? { sd: null, n: 0 }], ['all'])[0]).toEqual([
      'SubregionID',
      'GlobalMeanIntensity',
      'SDAcrossExperiments',
      'NExperiments',
    ]);
  });
});

describe('hemisphere choice', () => {
  it('maps folded modes to both-hemisphere masks and sides to unfolded masks of that side', () => {
    expect(hemisphereModes('fold-sum')).toEqual({ mask: 'both', kernel: 'fold-sum' });
    expect(hemisphereModes('fold-mean')).toEqual({ mask: 'both', kernel: 'fold-mean' });
    expect(hemisphereModes('both')).toEqual({ mask: 'both', kernel: 'both' });
    expect(hemisphereModes('left')).toEqual({ mask: 'left', kernel: 'both' });
    expect(hemisphereModes('right')).toEqual({ mask: 'right', kernel: 'both' });
  });
});
