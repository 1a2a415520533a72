import { describe, expect, it } from 'vitest';
import { NO_DATA, type GridShape } from './grid';
import { analyzeSubregions, labelsFromMasks, subregionCsvRows, type Subregion } from './subregions';

const D: GridShape = { nx: 2, ny: 1, nz: 2, resolutionUm: 100 };
const L: GridShape = { nx: 4, ny: 2, nz: 4, resolutionUm: 50 };
const li = (x: number, y: number, z: number): number => x + 4 * (y + 2 * z);
const subs: Subregion[] = [
  { id: 10, name: 'dorsal part', acronym: 'CPd' },
  { id: 20, name: 'ventral part', acronym: 'CPv' },
  { id: 40, name: 'absent', acronym: 'X' },
];

function labels(): Uint32Array {
  const l = new Uint32Array(32);
  for (let z = 0; z < 4; z++) for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) l[li(x, y, z)] = x < 2 ? 10 : z < 2 ? 20 : 30;
  return l;
}

describe('analyzeSubregions', () => {
  // density voxel (ap, 0, ml): ap 0 → 1 (ml 0), 3 (ml 1); ap 1 → 5 (ml 0), NO_DATA (ml 1)
  const d = Float32Array.from([1, 5, 3, NO_DATA]);
  const win = [
    { positionUm: 50, startUm: 0, endUm: 100 },
    { positionUm: 150, startUm: 100, endUm: 200 },
  ];

  it('means per subregion per slice from a finer label volume (hand case, no fold)', () => {
    const r = analyzeSubregions([d], D, labels(), L, subs, { plane: 'coronal', windows: win, hemisphere: 'both' });
    // slice 0 (AP cells 0–1 = density ap 0): id 10 covers all ML: 8 cells at ml 0 (value 1) + 8 at ml 1 (value 3)
    expect(r.mean[0]).toBe(2);
    expect(r.count[0]).toBe(16);
    // id 10 has no cells in slice 1 (AP cells 2–3)
    expect(r.mean[1]).toBeNaN();
    // id 20 in slice 1: ML cells 0–1 → density (ap 1, ml 0) = 5
    expect(r.mean[3]).toBe(5);
    expect(r.count[3]).toBe(8);
    expect(r.globalMean[2]).toBeNaN();
    expect(Array.from(r.totalCount)).toEqual([16, 8, 0]);
  });

  it('conservation: Σ mean·count over subregions = Σ density over their labelled cells', () => {
    const r = analyzeSubregions([d], D, labels(), L, subs, { plane: 'coronal', windows: win, hemisphere: 'both' });
    let total = 0;
    r.mean.forEach((m, i) => {
      if (!Number.isNaN(m)) total += m * (r.count[i] ?? 0);
    });
    expect(total).toBe(8 * 1 + 8 * 3 + 8 * 5);
  });

  it('folding: fold-sum / fold-mean are invariant to mirroring the densities in ML; left label cells only', () => {
    const mirrorD = Float32Array.from([3, NO_DATA, 1, 5]); // (ap, ml) → (ap, 1 − ml)
    for (const hemisphere of ['fold-sum', 'fold-mean'] as const) {
      const a = analyzeSubregions([d], D, labels(), L, subs, { plane: 'coronal', windows: win, hemisphere });
      const b = analyzeSubregions([mirrorD], D, labels(), L, subs, { plane: 'coronal', windows: win, hemisphere });
      expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
    }
    const sum = analyzeSubregions([d], D, labels(), L, subs, { plane: 'coronal', windows: win, hemisphere: 'fold-sum' });
    // this 200 µm-wide test grid lies left of the 5700 µm midline, so all ML cells count; id 10
    // in slice 0 reads 1 + 3 at both ML voxels; id 20 in slice 1 reads 5 + (no data) = 5
    expect(sum.mean[0]).toBe(4);
    expect(sum.mean[3]).toBe(5);
  });

  it('works with a 20 µm external atlas on the 100 µm density grid (Kim-style labels)', () => {
    const K: GridShape = { nx: 10, ny: 5, nz: 10, resolutionUm: 20 };
    const kl = new Uint16Array(500).fill(7);
    const r = analyzeSubregions([d], D, kl, K, [{ id: 7, name: 'all', acronym: 'A' }], {
      plane: 'coronal',
      windows: [{ positionUm: 100, startUm: 0, endUm: 200 }],
      hemisphere: 'both',
    });
    // 125 cells per density voxel; ap1/ml1 is no data → mean of 1, 3, 5
    expect(r.mean[0]).toBeCloseTo(3, 12);
    expect(r.count[0]).toBe(375);
    expect(r.totalCount[0]).toBe(500);
  });

  it('CSV rows: bsv columns, per-group columns, sorted by global mean desc with NaN last', () => {
    const r = analyzeSubregions([d, d.map((v) => (v === NO_DATA ? v : 2 * v))], D, labels(), L, subs, { plane: 'coronal', windows: win, hemisphere: 'both' });
    const rows = subregionCsvRows(r, ['VISp', 'VISl']);
    expect(rows[0]).toEqual([
      'SubregionID',
      'SubregionName',
      'SubregionAcronym',
      'GlobalMeanIntensity',
      'TotalVoxelCount',
      'MeanIntensity_VISp',
      'VoxelCount_VISp',
      'MeanIntensity_VISl',
      'VoxelCount_VISl',
    ]);
    expect(rows.slice(1).map((x) => x[0])).toEqual(['20', '10', '40']);
    expect(rows[1]).toEqual(['20', 'ventral part', 'CPv', '7.5', '8', '5', '8', '10', '8']);
    expect(rows[3]?.[3]).toBe('');
    expect(subregionCsvRows(r, undefined, true).length).toBe(3);
  });

  it('labelsFromMasks builds a label volume', () => {
    expect(Array.from(labelsFromMasks([Uint8Array.from([1, 0, 1]), Uint8Array.from([0, 1, 1])], [5, 6]))).toEqual([5, 6, 6]);
    expect(() => labelsFromMasks([new Uint8Array(2)], [])).toThrow(RangeError);
  });
});

describe('analyzeSubregions input checks', () => {
  it('rejects a label grid that does not cover the density extent', () => {
    const d = new Float32Array(4);
    const bad: GridShape = { nx: 4, ny: 2, nz: 2, resolutionUm: 50 };
    expect(() => analyzeSubregions([d], { nx: 2, ny: 1, nz: 2, resolutionUm: 100 }, new Uint32Array(16), bad, [], { plane: 'coronal', windows: [] })).toThrow(
      /same CCF extent/,
    );
  });
});
