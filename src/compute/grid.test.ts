import { describe, expect, it } from 'vitest';
import { CCF_SHAPES, DENSITY_SHAPE, hemisphereOfMl, umToIndex, voxelCount, voxelIndex } from './grid';

describe('grid', () => {
  it('has the Allen 100 µm density shape and byte size', () => {
    expect(voxelCount(DENSITY_SHAPE) * 4).toBe(4_815_360);
    expect(voxelCount(CCF_SHAPES[25])).toBe(528 * 320 * 456);
  });
  it('indexes AP fastest', () => {
    expect(voxelIndex(DENSITY_SHAPE, 1, 0, 0)).toBe(1);
    expect(voxelIndex(DENSITY_SHAPE, 0, 1, 0)).toBe(132);
    expect(voxelIndex(DENSITY_SHAPE, 0, 0, 1)).toBe(132 * 80);
  });
  it('maps µm to voxel and hemisphere', () => {
    expect(umToIndex(5700, 100, 114)).toBe(57);
    expect(umToIndex(-5, 100, 114)).toBe(0);
    expect(umToIndex(1e6, 100, 114)).toBe(113);
    expect(hemisphereOfMl(5699)).toBe(1);
    expect(hemisphereOfMl(5700)).toBe(2);
  });
});
