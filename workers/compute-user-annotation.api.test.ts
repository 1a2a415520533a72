// The compute worker's user annotation calls: a 100 µm label NRRD imported from a Blob is held
// (and returned as label runs that load back identically), and cut to a region mask of the Allen
// annotation: only labels inside the mask remain, counted per label.
import { describe, expect, it } from 'vitest';
import { DENSITY_SHAPE } from '../src/compute/grid';
import { decodeLabelRuns } from '../src/compute/label-runs';
import { createComputeApi } from './compute.api';
import { nrrdBytes } from './test-fixtures';

const N = DENSITY_SHAPE.nx * DENSITY_SHAPE.ny * DENSITY_SHAPE.nz;

describe('compute api: user annotation', () => {
  it('imports a label volume, then cuts it to a mask (label ∩ mask per label)', async () => {
    const api = createComputeApi();
    // Allen-like annotation: structure 10 on voxels 0…9
    const allen = new Uint32Array(N);
    allen.fill(10, 0, 10);
    api.loadAnnotation('allen', nrrdBytes(allen, DENSITY_SHAPE));
    // user labels: 1 on voxels 0…3, 2 on 4…5 and 20…29 (outside structure 10), 3 only outside
    const user = new Uint32Array(N);
    user.fill(1, 0, 4);
    user.fill(2, 4, 6);
    user.fill(2, 20, 30);
    user.fill(3, 40, 45);
    const { info, runs } = await api.importAnnotationVolume('mine', new Blob([nrrdBytes(user, DENSITY_SHAPE)]));
    expect(info).toMatchObject({ resolutionUm: 100, type: 'uint32', encoding: 'gzip' });
    expect(info.labels).toEqual([
      { id: 1, voxels: 4 },
      { id: 2, voxels: 12 },
      { id: 3, voxels: 5 },
    ]);
    expect(decodeLabelRuns(runs).data).toEqual(user);
    const mask = api.regionMask('allen', Uint32Array.of(10), 'both');
    const cut = api.cutAnnotationToMask('mine', mask.maskKey);
    expect(cut.labels).toEqual([
      { id: 1, voxels: 4 },
      { id: 2, voxels: 2 },
    ]);
    expect(api.regionMask(cut.key, Uint32Array.of(2), 'both').voxelCount).toBe(2);
    await expect(api.importAnnotationVolume('bad', new Blob(['not a volume']))).rejects.toThrow(/not an NRRD file/);
    expect(() => api.cutAnnotationToMask('nope', mask.maskKey)).toThrow(/no annotation 'nope'/);
  });
});
