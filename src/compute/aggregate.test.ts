import { describe, expect, it } from 'vitest';
import { type AggregateExperiment, type AggregateParams, createAggregateSession, planAggregate, selectGroups, subtractOtherHemisphere } from './aggregate';
import type { GridShape } from './grid';

const exp = (id: number, ml: number | null, vol: number | null = 1, ap = 5000, structureId: number | null = 385): AggregateExperiment => ({
  id,
  structureId,
  injectionCoordUm: ml === null ? null : [ap, 2000, ml],
  injectionVolumeMm3: vol,
});
const NONE: AggregateParams = {
  normalizationMethod: 'none',
  subtractOtherHemisphere: false,
  groupingMethod: 'none',
};
const LINE: GridShape = { nx: 1, ny: 1, nz: 4, resolutionUm: 100 };
const arr = (a: Float32Array | Int32Array | undefined): number[] => Array.from(a ?? []);

describe('planAggregate', () => {
  it('bins AP like bsv (edges from min to max, max in the last bin) and drops empty bins', () => {
    const list = [exp(1, 3000, 1, 1000), exp(2, 3000, 1, 1100), exp(3, 3000, 1, 5000), exp(4, null)];
    const plan = planAggregate(list, { ...NONE, groupingMethod: 'AP', groupingBins: 5 });
    expect(plan.groups.map((g) => g.experimentIds)).toEqual([[1, 2], [3]]);
    expect(plan.groups.map((g) => g.centerUm)).toEqual([1050, 5000]);
    expect(plan.groups[0]?.rangeUm).toEqual([1000, 1800]);
    expect(plan.groups[1]?.rangeUm).toEqual([4200, 5000]);
    expect(plan.groups.map((g) => g.index)).toEqual([0, 1]);
    expect(plan.groupingAxis).toBe('AP');
    expect(plan.excluded).toEqual([{ experimentId: 4, reason: 'no injection coordinate: cannot group by AP' }]);
  });

  it('puts a value on an inner edge into the upper bin; one distinct value gives one group', () => {
    const plan = planAggregate([exp(1, 1000), exp(2, 2000), exp(3, 3000)], {
      ...NONE,
      groupingMethod: 'ML',
      groupingBins: 2,
    });
    expect(plan.groups.map((g) => g.experimentIds)).toEqual([[1], [2, 3]]);
    const one = planAggregate([exp(1, 1000), exp(2, 1000)], {
      ...NONE,
      groupingMethod: 'ML',
      groupingBins: 4,
    });
    expect(one.groups.map((g) => g.experimentIds)).toEqual([[1, 2]]);
  });

  it('excludes zero/missing injection volumes when normalising, missing coordinates when subtracting, duplicates', () => {
    const plan = planAggregate([exp(1, 1000, 0), exp(2, 1000, null), exp(3, null, 1), exp(4, 1000), exp(4, 1000)], {
      normalizationMethod: 'injectionVolume',
      subtractOtherHemisphere: true,
      groupingMethod: 'none',
    });
    expect(plan.groups[0]?.experimentIds).toEqual([4]);
    expect(plan.excluded.map((e) => e.experimentId)).toEqual([1, 2, 3, 4]);
    expect(plan.excluded[0]?.reason).toMatch(/injection volume is 0/);
    expect(plan.excluded[1]?.reason).toMatch(/injection volume is missing/);
    expect(plan.excluded[2]?.reason).toMatch(/injected hemisphere/);
    expect(plan.excluded[3]?.reason).toMatch(/duplicate/);
  });

  it('region groups: most specific structure group wins; explicit lists may overlap', () => {
    const parent = new Map([
      [2, 1],
      [3, 2],
    ]);
    const isInside = (s: number, root: number): boolean => {
      for (let x: number | undefined = s; x !== undefined; x = parent.get(x)) if (x === root) return true;
      return false;
    };
    const list = [exp(10, 1000, 1, 5000, 3), exp(11, 1000, 1, 5000, 1), exp(12, 1000, 1, 5000, 99), exp(13, 1000, 1, 5000, null)];
    const plan = planAggregate(
      list,
      {
        ...NONE,
        groupingMethod: 'region',
        regionGroups: [
          { label: 'A', structureIds: [1] },
          { label: 'B', structureIds: [2] },
        ],
      },
      isInside,
    );
    expect(plan.groups.map((g) => [g.label, g.experimentIds])).toEqual([
      ['A', [11]],
      ['B', [10]],
    ]);
    expect(plan.excluded.map((e) => e.experimentId)).toEqual([12, 13]);
    const lists = planAggregate(list, {
      ...NONE,
      groupingMethod: 'region',
      regionGroups: [
        { label: 'X', experimentIds: [10, 11] },
        { label: 'Y', experimentIds: [11] },
      ],
    });
    expect(lists.groupsOf.get(11)).toEqual([0, 1]);
    expect(lists.groupsOf.has(12)).toBe(false);
  });
});

describe('subtractOtherHemisphere', () => {
  const d = new Float32Array([1, 2, 0.5, 0.25]);
  it('left injection: ipsi − mirrored contra in the left half, 0 in the right half', () => {
    expect(arr(subtractOtherHemisphere(d, LINE, 'left'))).toEqual([0.75, 1.5, 0, 0]);
  });
  it('right injection: the same in the right half, negative values kept', () => {
    expect(arr(subtractOtherHemisphere(d, LINE, 'right'))).toEqual([0, 0, -1.5, -0.75]);
  });
  it('a pair with −1 on either side is no data in the injected half; the other half stays 0 (bsv)', () => {
    expect(arr(subtractOtherHemisphere(new Float32Array([1, -1, 0.5, 0.25]), LINE, 'left'))).toEqual([0.75, NaN, 0, 0]);
    expect(arr(subtractOtherHemisphere(new Float32Array([NaN, 2, -1, 0.25]), LINE, 'right'))).toEqual([0, 0, NaN, NaN]);
  });
});

describe('createAggregateSession', () => {
  it('averages a given sub-plan (selectGroups) without planning again: bins, labels and members as planned', () => {
    const list = [exp(1, 3000, 1, 1000), exp(2, 3000, 1, 1100), exp(3, 3000, 1, 5000), exp(4, 3000, 1, 4900)];
    const params: AggregateParams = { ...NONE, groupingMethod: 'AP', groupingBins: 5 };
    const plan = planAggregate(list, params);
    expect(plan.groups.map((g) => g.experimentIds)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    // only the second bin is averaged (the first has a stored mean); a fresh plan of its two
    // members would span 4900–5000 µm instead of the request's 4200–5000
    const sub = selectGroups(plan, [1]);
    expect(sub.groups).toEqual([{ ...plan.groups[1], index: 0 }]);
    expect(planAggregate(list.slice(2), params).groups[0]?.rangeUm).not.toEqual(plan.groups[1]?.rangeUm);
    const s = createAggregateSession(LINE, list.slice(2), params, { plan: sub });
    expect(s.add(3, new Float32Array([1, 1, 1, 1]))).toEqual({ accepted: true });
    expect(s.add(1, new Float32Array([1, 1, 1, 1])).accepted).toBe(false);
    expect(s.add(4, new Float32Array([3, 3, 3, 3]))).toEqual({ accepted: true });
    const r = s.finish();
    expect(r.groups.map((g) => [g.label, g.rangeUm, g.usedExperimentIds])).toEqual([[plan.groups[1]?.label, [4200, 5000], [3, 4]]]);
    expect(arr(r.combinedProjection[0])).toEqual([2, 2, 2, 2]);
    expect(() => selectGroups(plan, [2])).toThrow(/group 2 is not in the plan/);
  });

  it('normalises by injection volume and averages only valid voxels; failed experiments leave the denominator', () => {
    const s = createAggregateSession(LINE, [exp(1, 1000, 0.5), exp(2, 1000, 2), exp(3, 1000, 1)], {
      ...NONE,
      normalizationMethod: 'injectionVolume',
    });
    expect(s.add(1, new Float32Array([1, -1, 2, 4]))).toEqual({ accepted: true });
    expect(s.add(2, new Float32Array([3, 6, -1, 4]))).toEqual({ accepted: true });
    s.markFailed(3, 'HTTP 500');
    const r = s.finish();
    expect(arr(r.combinedProjection[0])).toEqual([1.75, 3, 4, 5]);
    expect(arr(r.validCounts[0])).toEqual([2, 1, 1, 2]);
    expect(r.groups[0]?.usedExperimentIds).toEqual([1, 2]);
    expect(r.excluded).toEqual([{ experimentId: 3, reason: 'HTTP 500' }]);
  });

  for (const backend of ['simd', 'scalar'] as const) {
    it(`${backend}: subtraction: summing the halves of the aggregate gives mean ipsi − contra across sides`, () => {
      const s = createAggregateSession(LINE, [exp(1, 1000), exp(2, 9000)], { ...NONE, subtractOtherHemisphere: true }, { backend });
      s.add(1, new Float32Array([1, 2, 0.5, 0.25])); // left: ipsi−contra at ml0 = 0.75, ml1 = 1.5
      s.add(2, new Float32Array([0.25, 0, 1, 3])); // right: ml3 = 3−0.25 = 2.75, ml2 = 1−0 = 1
      const m = arr(s.finish().combinedProjection[0]);
      expect(m).toEqual([0.375, 0.75, 0.5, 1.375]);
      expect((m[0] ?? 0) + (m[3] ?? 0)).toBe((0.75 + 2.75) / 2);
      expect((m[1] ?? 0) + (m[2] ?? 0)).toBe((1.5 + 1) / 2);
    });
  }

  for (const backend of ['simd', 'scalar'] as const) {
    it(`${backend}: subtraction: the non-injected half is a valid 0 even where the pair has no data (bsv)`, () => {
      const s = createAggregateSession(LINE, [exp(1, 1000), exp(2, 9000)], { ...NONE, subtractOtherHemisphere: true }, { backend });
      s.add(1, new Float32Array([1, -1, 0.5, 0.25])); // left: ml0 = 0.75, ml1 no data (its mirror ml2 is fine), right half 0
      s.add(2, new Float32Array([0.25, 0, 1, 3])); // right: ml2 = 1, ml3 = 2.75, left half 0
      const r = s.finish();
      expect(arr(r.combinedProjection[0])).toEqual([0.375, 0, 0.5, 1.375]);
      expect(arr(r.validCounts[0])).toEqual([2, 1, 2, 2]);
    });
  }

  it('reports unreceived volumes, refuses excluded/duplicate/wrong-size volumes, NaN where nothing valid', () => {
    const s = createAggregateSession(LINE, [exp(1, 1000), exp(2, 1000, null, 5000), exp(3, 1000), exp(4, 1000)], {
      ...NONE,
      normalizationMethod: 'injectionVolume',
    });
    expect(s.add(2, new Float32Array(4))).toEqual({
      accepted: false,
      reason: 'injection volume is missing: cannot normalise by injection volume',
    });
    expect(s.add(1, new Float32Array([-1, 1, 1, 1])).accepted).toBe(true);
    expect(s.add(1, new Float32Array(4))).toEqual({
      accepted: false,
      reason: 'volume already added',
    });
    expect(s.add(4, new Float32Array(3))).toEqual({
      accepted: false,
      reason: 'volume has 3 voxels, expected 4',
    });
    const r = s.finish();
    expect(arr(r.combinedProjection[0])).toEqual([NaN, 1, 1, 1]);
    expect(r.excluded.map((e) => [e.experimentId, e.reason])).toEqual([
      [2, 'injection volume is missing: cannot normalise by injection volume'],
      [3, 'no volume received (download failed or not requested)'],
      [4, 'volume has 3 voxels, expected 4'],
    ]);
  });

  it('routes volumes to AP groups', () => {
    const s = createAggregateSession(LINE, [exp(1, 1000, 1, 1000), exp(2, 1000, 1, 9000)], {
      ...NONE,
      groupingMethod: 'AP',
      groupingBins: 2,
    });
    s.add(1, new Float32Array([1, 1, 1, 1]));
    s.add(2, new Float32Array([2, 2, 2, 2]));
    const r = s.finish();
    expect(r.combinedProjection.map(arr)).toEqual([
      [1, 1, 1, 1],
      [2, 2, 2, 2],
    ]);
    expect(r.groups.map((g) => g.label)).toEqual(['AP 1000 µm', 'AP 9000 µm']);
  });
});
