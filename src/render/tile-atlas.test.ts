import { describe, expect, it } from 'vitest';
import { packPage, pageView, tileAtlasLayout } from './tile-atlas';

describe('tile atlas', () => {
  it('places groups of tiles row-major and never splits a group across pages', () => {
    // 3 × 4 tiles, 4 per group, 5 groups; pages ≤ 10 × 10 texels → 3 tiles across, 2 rows: 6 tiles = 1 group per page
    const L = tileAtlasLayout(3, 4, 4, 5, 10);
    expect(L.tilesPerRow).toBe(3);
    expect(L.pages).toHaveLength(5);
    expect(L.pages[0]).toEqual({ width: 9, height: 8, firstGroup: 0, groups: 1 });
    expect(L.place(0, 3)).toEqual({ page: 0, x: 0, y: 4 });
    expect(L.place(4, 1)).toEqual({ page: 4, x: 3, y: 0 });
    // a group that fits one column: tiles stacked in a single column, 8192 / (8 × 80) = 12 groups per page
    const big = tileAtlasLayout(114, 80, 8, 60, 8192);
    expect(big.tilesPerRow).toBe(1);
    expect(big.pages).toHaveLength(5);
    expect(big.pages[0]).toEqual({ width: 114, height: 12 * 8 * 80, firstGroup: 0, groups: 12 });
    expect(big.place(13, 2)).toEqual({ page: 1, x: 0, y: (8 + 2) * 80 });
    // a group taller than a column: row-major again
    const wide = tileAtlasLayout(114, 80, 8, 60, 600);
    expect(wide.tilesPerRow).toBe(5);
    expect(wide.pages[0]).toEqual({ width: 5 * 114, height: 7 * 80, firstGroup: 0, groups: 4 });
    // every tile of every group lies inside its page and no two overlap
    for (const layout of [L, big, wide, tileAtlasLayout(228, 160, 1, 60, 1024)]) {
      const seen = new Set<string>();
      for (let g = 0; g < layout.groups; g++)
        for (let t = 0; t < layout.tilesPerGroup; t++) {
          const p = layout.place(g, t);
          const page = layout.pages[p.page];
          expect(page && g >= page.firstGroup && g < page.firstGroup + page.groups).toBe(true);
          expect(p.x + layout.tileWidth <= (page?.width ?? 0) && p.y + layout.tileHeight <= (page?.height ?? 0)).toBe(true);
          const key = `${p.page}:${p.x}:${p.y}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
        }
    }
  });

  it('refuses a group that does not fit one page', () => {
    expect(() => tileAtlasLayout(114, 80, 8, 2, 200)).toThrow(/do not fit/);
    expect(() => tileAtlasLayout(0, 80, 8, 2, 200)).toThrow(RangeError);
  });

  it('packs tiles into their places, with an optional value map', () => {
    // tiles of 2 × 3 texels, 2 per group: a group (6 texels tall) does not fit a column of 4 → row-major, 2 across, one group per page
    const L = tileAtlasLayout(2, 3, 2, 3, 4);
    expect(L.tilesPerRow).toBe(2);
    expect(L.pages).toHaveLength(3);
    const tiles = Float32Array.from({ length: 36 }, (_, i) => i);
    const page = packPage(L, 1, tiles, 1, new Float32Array((L.pages[1]?.width ?? 0) * (L.pages[1]?.height ?? 0)));
    // group 1: tile 0 (values 12…17) left, tile 1 (18…23) right, row by row
    expect(Array.from(page)).toEqual([12, 13, 18, 19, 14, 15, 20, 21, 16, 17, 22, 23]);
    const bytes = packPage(L, 0, tiles, 1, new Uint8Array(12), (v) => v * 2);
    expect(bytes[11]).toBe(22);
    const rgba = tileAtlasLayout(1, 1, 1, 2, 4);
    expect(Array.from(packPage(rgba, 0, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 4, new Uint8Array(8)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => packPage(L, 0, tiles.subarray(1), 1, new Float32Array(12))).toThrow(RangeError);
  });

  it('gives a single-column page as a view of the tiles, equal to what packPage copies', () => {
    // tiles of 3 × 2 texels, 2 channels, 2 per group, 5 groups; columns of 8 texels → 2 groups per page
    const L = tileAtlasLayout(3, 2, 2, 5, 8);
    expect(L.tilesPerRow).toBe(1);
    expect(L.pages.map((p) => p.groups)).toEqual([2, 2, 1]);
    const tiles = Uint8Array.from({ length: 5 * 2 * 3 * 2 * 2 }, (_, i) => i % 251);
    L.pages.forEach((p, i) => {
      const view = pageView(L, i, tiles, 2);
      expect(view?.buffer).toBe(tiles.buffer);
      expect(Array.from(view ?? [])).toEqual(Array.from(packPage(L, i, tiles, 2, new Uint8Array(p.width * p.height * 2))));
    });
    // a row-major layout has no view; a wrong length throws
    expect(pageView(tileAtlasLayout(3, 4, 4, 5, 10), 0, new Float32Array(5 * 4 * 12), 1)).toBeNull();
    expect(() => pageView(L, 0, tiles.subarray(1), 2)).toThrow(RangeError);
  });
});
