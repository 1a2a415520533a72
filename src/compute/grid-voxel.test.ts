import { describe, expect, it } from 'vitest';
import { densityVoxelIndex, voxelOfPoint } from './grid-voxel';

describe('grid voxels', () => {
  it('a CCF point in µm falls in the 100 µm voxel ⌊µm / 100⌋ (AP fastest index); outside → null', () => {
    expect(voxelOfPoint([5050, 3499, 2200])).toEqual({ ap: 50, dv: 34, ml: 22 });
    expect(densityVoxelIndex({ ap: 50, dv: 34, ml: 22 })).toBe(50 + 132 * (34 + 80 * 22));
    expect(voxelOfPoint([13150, 7999, 11399])).toEqual({ ap: 131, dv: 79, ml: 113 });
    expect(voxelOfPoint([13200, 0, 0])).toBeNull();
    expect(voxelOfPoint([0, -1, 0])).toBeNull();
  });
});
