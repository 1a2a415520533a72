import { describe, expect, it } from 'vitest';
import { GRID_BYTES_PRIOR, downloadLabel, downloadTitle, estimateDownload } from './download-estimate';

const MB = 1024 * 1024;

describe('download estimate', () => {
  it('before any download: the planning range per grid, cached grids left out', () => {
    const e = estimateDownload([1, 2, 3, 4, 4], new Set([2]), { grids: 0, bytes: 0 });
    expect(e).toMatchObject({ total: 4, cached: 1, toDownload: 3, measured: false });
    expect(e.bytes).toEqual([3 * GRID_BYTES_PRIOR[0], 3 * GRID_BYTES_PRIOR[1]]);
    expect(downloadLabel(e)).toBe('Download 3 of 4 volumes (≈ 921.6 KB–3.3 MB)');
    expect(downloadTitle(e, { grids: 0, bytes: 0 })).toMatch(/^1 of the 4 are cached already\. .*0\.3–1\.1 MB/);
  });

  it('after three or more downloads: their mean size', () => {
    const sample = { grids: 4, bytes: 2 * MB };
    const e = estimateDownload([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], new Set(), sample);
    expect(e.measured).toBe(true);
    expect(downloadLabel(e)).toBe('Download 10 volumes (≈ 5.0 MB)');
    expect(downloadTitle(e, sample)).toMatch(/mean of the 4 volumes .* \(512\.0 KB each\)/);
    // two grids are too few to trust
    expect(estimateDownload([1], new Set(), { grids: 2, bytes: MB }).measured).toBe(false);
  });

  it('says when everything is cached already', () => {
    const e = estimateDownload([1, 2], new Set([1, 2, 3]), { grids: 0, bytes: 0 });
    expect(downloadLabel(e)).toBe('All 2 volumes cached');
    expect(downloadTitle(e, { grids: 0, bytes: 0 })).toMatch(/without downloading/);
    expect(downloadLabel(estimateDownload([7], new Set(), { grids: 0, bytes: 0 }))).toBe('Download 1 volume (≈ 307.2 KB–1.1 MB)');
  });
});
