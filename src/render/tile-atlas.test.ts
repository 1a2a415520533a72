import { describe, expect, it } from 'vitest';
import { packPage, tileAtlasLayout } from './tile-atlas';

describe('tile atlas', () => {
  it('places groups of tiles row-major and never splits a group across pages', () => {
    // 3 × 4 tiles, 4 per group, 5 groups; pages ≤ 10 × 10 texels → 3 tiles across, 2 rows: 6 tiles = 1 group per page
    const L = tileAtlasLayout(3, 4, 4, 5, 10);
    expect(L.tilesPerRow).toBe(3);
    expect(L.pages).toHaveLength(5);
    expect(L.pages[0]).toEqual({ width: 9, height: 8, firstGroup: 0, groups: 1 });
    expect(L.place(0, 3)).toEqual({ page: 0, x: 0, y: 4 });
    expect(L.place(4, 1)).toEqual({ page: 4, x: 3, y: 0 });
    // a roomy page holds every group
    const big = tileAtlasLayout(114, 80, 8, 60, 8192);
    expect(big.pages).toHaveLength(1);
    expect(big.pages[0]).toEqual({ width: 71 * 114, height: 7 * 80, firstGroup: 0, groups: 60 });
    // every tile of every group lies inside its page and no two overlap
    for (const layout of [L, big, tileAtlasLayout(228, 160, 1, 60, 1024)]) {
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
    const L = tileAtlasLayout(2, 1, 2, 3, 4); // 2 tiles across, 4 rows: 4 groups per page max
    const tiles = Float32Array.from({ length: 12 }, (_, i) => i);
    const page = packPage(L, 0, tiles, 1, new Float32Array((L.pages[0]?.width ?? 0) * (L.pages[0]?.height ?? 0)));
    // group g, tile t at row g (2 tiles across), column t
    expect(Array.from(page)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const bytes = packPage(L, 0, tiles, 1, new Uint8Array(12), (v) => v * 2);
    expect(bytes[11]).toBe(22);
    const rgba = tileAtlasLayout(1, 1, 1, 2, 4);
    expect(Array.from(packPage(rgba, 0, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 4, new Uint8Array(8)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => packPage(L, 0, tiles.subarray(1), 1, new Float32Array(12))).toThrow(RangeError);
  });
});
