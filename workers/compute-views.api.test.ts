import { describe, expect, it } from 'vitest';
import { buildMask } from '../src/compute/atlas-masks';
import type { GridShape } from '../src/compute/grid';
import { isosurfaceFromVolume } from '../src/compute/isosurface';
import { buildMetadataTable, toCsv } from '../src/compute/metadata-csv';
import { computeSlices } from '../src/compute/slices';
import { analyzeSubregions, labelsFromMasks } from '../src/compute/subregions';
import { thresholdConnectivity } from '../src/compute/threshold';
import { createComputeApi } from './compute.api';
import { aggregateOf, nrrdBytes } from './test-fixtures';

const D: GridShape = { nx: 4, ny: 3, nz: 2, resolutionUm: 100 };
const M: GridShape = { nx: 8, ny: 6, nz: 4, resolutionUm: 50 };
const ramp = (n: number, k: number): Float32Array => Float32Array.from({ length: n }, (_, i) => ((i * 7 + k * 3) % 11) / 4);
// 50 µm labels: id 10 in AP cells 2–5, DV 1–4, all ML; id 20 in AP 6–7, DV 0–1, ML 0–1
function labels50(): Uint32Array {
  const l = new Uint32Array(M.nx * M.ny * M.nz);
  for (let z = 0; z < M.nz; z++)
    for (let y = 0; y < M.ny; y++)
      for (let x = 0; x < M.nx; x++) {
        if (x >= 2 && x <= 5 && y >= 1 && y <= 4) l[x + M.nx * (y + M.ny * z)] = 10;
        if (x >= 6 && y <= 1 && z <= 1) l[x + M.nx * (y + M.ny * z)] = 20;
      }
  return l;
}

function setup(): { api: ReturnType<typeof createComputeApi>; vols: Float32Array[]; m10: string; m20: string } {
  const api = createComputeApi();
  const vols = [ramp(24, 0), ramp(24, 1)];
  aggregateOf(api, 'agg', D, vols, 'AP');
  api.loadAnnotation('ann50', nrrdBytes(labels50(), M));
  const m10 = api.regionMask('ann50', new Uint32Array([10]), 'both').maskKey;
  const m20 = api.regionMask('ann50', new Uint32Array([20]), 'both').maskKey;
  return { api, vols, m10, m20 };
}

describe('compute api: views on held aggregates', () => {
  it('computeSlices on a 2-group aggregate equals the kernel on the group means', () => {
    const { api, vols, m10 } = setup();
    expect(api.getAggregateSummary('agg')?.groups.map((g) => g.usedExperimentIds)).toEqual([[1], [2]]);
    const params = { plane: 'coronal' as const, numberOfChunks: 2, numberOfPixels: 3, smoothing: 0.5 };
    const r = api.computeSlices('agg', m10, params);
    expect(r.groups).toBe(2);
    expect(r.slices.filter((x) => !x.empty)).toHaveLength(2);
    expect(r).toEqual(computeSlices(vols, D, buildMask(labels50(), M, new Uint32Array([10])), M, params));
    expect(() => api.computeSlices('nope', m10, params)).toThrow("no aggregate 'nope' in the worker; call beginAggregate/finishAggregate first");
    expect(() => api.computeSlices('agg', 'nomask', params)).toThrow("no mask 'nomask' in the worker; call regionMask first");
    expect(() => api.computeSlices('agg', m10, { ...params, numberOfPixels: 0 })).toThrow(/number_of_pixels/);
    // threshold on the slices sent back equals the kernel
    const tp = { threshold: 50, thresholdMethod: 'percentile' as const };
    expect(api.thresholdSlices(r.slices, tp)).toEqual(thresholdConnectivity(r.slices, tp));
    expect(() => api.thresholdSlices([{ rows: 2, cols: 2, matrices: [new Float32Array(3)] }], tp)).toThrow(/matrix length 3 ≠ rows × cols = 4/);
  });

  it('connectivity matrix: mean density of each group inside each target (hand-computed)', () => {
    const { api, vols, m10, m20 } = setup();
    const mean = (v: Float32Array, pick: (x: number, y: number, z: number) => boolean): number => {
      let s = 0,
        n = 0;
      for (let z = 0; z < D.nz; z++)
        for (let y = 0; y < D.ny; y++)
          for (let x = 0; x < D.nx; x++)
            if (pick(x, y, z)) {
              s += v[x + D.nx * (y + D.ny * z)] ?? NaN;
              n++;
            }
      return s / n;
    };
    // id 10 covers 100 µm AP 1–2 fully, DV 0 and 2 half, DV 1 fully → weights 1 and 0.5
    const wMean = (v: Float32Array): number => {
      let s = 0,
        w = 0;
      for (let z = 0; z < 2; z++)
        for (const x of [1, 2])
          for (const [y, wy] of [
            [0, 0.5],
            [1, 1],
            [2, 0.5],
          ] as const) {
            s += wy * (v[x + 4 * (y + 3 * z)] ?? NaN);
            w += wy;
          }
      return s / w;
    };
    const m = api.connectivityMatrix(
      [
        { aggregateKey: 'agg', group: 0 },
        { aggregateKey: 'agg', group: 1 },
      ],
      [m10, m20],
      { metric: 'mean' },
      { targets: ['A', 'B'] },
    );
    expect([m.rows, m.cols, m.unit]).toEqual([2, 2, 'density']);
    expect(m.targetLabels).toEqual(['A', 'B']);
    vols.forEach((v, r) => {
      expect(m.values[r * 2]).toBeCloseTo(wMean(v), 5);
      expect(m.values[r * 2 + 1]).toBeCloseTo(
        mean(v, (x, y, z) => x === 3 && y === 0 && z === 0),
        5,
      );
    });
    // a second call reuses each mask's coverage and gives the same numbers, in any target order
    const again = api.connectivityMatrix(
      [
        { aggregateKey: 'agg', group: 1 },
        { aggregateKey: 'agg', group: 0 },
      ],
      [m20, m10],
      { metric: 'mean' },
    );
    expect(Array.from(again.values)).toEqual([m.values[3], m.values[2], m.values[1], m.values[0]]);
    expect(() => api.connectivityMatrix([{ aggregateKey: 'agg', group: 2 }], [m10])).toThrow("aggregate 'agg' has 2 groups; group 2 does not exist");
    expect(() => api.connectivityMatrix([], [m10])).toThrow(/at least one/);
    expect(() => api.connectivityMatrix([{ aggregateKey: 'agg', group: 0 }], [])).toThrow(/at least one target mask/);
  });

  it('subregions, isosurface of a group and metadata CSV equal their kernels', () => {
    const { api, vols, m10, m20 } = setup();
    const ten = { id: 10, name: 'ten', acronym: 'T' },
      twenty = { id: 20, name: 'twenty', acronym: 'W' };
    const subs = [ten, twenty];
    const windows = [
      { positionUm: 150, startUm: 100, endUm: 200 },
      { positionUm: 350, startUm: 300, endUm: 400 },
    ];
    const params = { plane: 'coronal' as const, windows, hemisphere: 'both' as const };
    const r = api.subregions(
      'agg',
      [
        { maskKey: m10, subregion: ten },
        { maskKey: m20, subregion: twenty },
      ],
      params,
    );
    const masks = [10, 20].map((id) => buildMask(labels50(), M, new Uint32Array([id])));
    expect(r).toEqual(analyzeSubregions(vols, D, labelsFromMasks(masks, [10, 20]), M, subs, params));
    expect(() => api.subregions('agg', [], params)).toThrow(/at least one/);

    const mesh = api.isosurfaceFromAggregate('agg', 1, 1.2);
    const direct = isosurfaceFromVolume(vols[1] ?? new Float32Array(0), D, 1.2);
    expect(mesh.triangleCount).toBe(direct.indices.length / 3);
    expect(mesh.triangleCount).toBeGreaterThan(0);
    expect(new Float32Array(mesh.positions)).toEqual(direct.positions);
    expect(() => api.isosurfaceFromAggregate('agg', 0, NaN)).toThrow(/threshold must be finite/);
    expect(() => api.isosurfaceFromAggregate('agg', 0, 1, { smoothSigmaVoxels: 1e6 })).toThrow(/smoothSigmaVoxels must be within 0…8 voxels, got 1000000/);
    expect(() => api.isosurfaceFromMask(m10, { smoothSigmaVoxels: NaN })).toThrow(/smoothSigmaVoxels/);

    const exps = [{ id: 7, transgenicLine: null, structureAcronym: 'CP', structureId: 672, injectionCoordUm: [1, 2, 3] as const, injectionVolumeMm3: 0.5 }];
    const csv = api.metadataCsv(exps);
    expect(csv).toBe(toCsv(buildMetadataTable(exps)));
    expect(csv.startsWith('ExperimentID,')).toBe(true);
  });
});
