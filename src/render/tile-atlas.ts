// Layout of equally sized 2D tiles in texture pages (WebGL1 has no 3D textures): tiles come in
// groups (one AP position: its sources, or its one atlas section) and a group never straddles
// two pages, so everything one AP step draws is on one texture. A page is at most maxSize texels
// on each side. When a group fits in one column of maxSize texels, tiles are stacked in a single
// column (tilesPerRow = 1): a page is then a contiguous run of the tiles array as the worker
// made it, uploaded without packing (pageView); otherwise tiles are placed row-major,
// `tilesPerRow` across, group after group, and packPage copies them in.
// Pure: the renderer creates one texture per page and samples a tile at
// (origin + cell + 0.5) / page size.

export interface AtlasPage {
  readonly width: number;
  readonly height: number;
  /** Groups firstGroup … firstGroup + groups − 1 live in this page. */
  readonly firstGroup: number;
  readonly groups: number;
}

export interface TilePlace {
  readonly page: number;
  /** Texel of the tile's first cell (row 0, column 0) in its page. */
  readonly x: number;
  readonly y: number;
}

export interface TileAtlasLayout {
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly tilesPerGroup: number;
  readonly groups: number;
  readonly tilesPerRow: number;
  readonly pages: readonly AtlasPage[];
  place(group: number, tile: number): TilePlace;
}

export function tileAtlasLayout(tileWidth: number, tileHeight: number, tilesPerGroup: number, groups: number, maxSize: number): TileAtlasLayout {
  const ok = [tileWidth, tileHeight, tilesPerGroup, groups].every((v) => Number.isInteger(v) && v >= 1);
  if (!ok) throw new RangeError(`tile atlas: tiles of ${tileWidth} × ${tileHeight}, ${tilesPerGroup} per group, ${groups} groups is not a valid atlas`);
  const column = tileWidth <= maxSize && tilesPerGroup * tileHeight <= maxSize;
  const tilesPerRow = column ? 1 : Math.min(Math.floor(maxSize / tileWidth), tilesPerGroup * groups);
  const rowsPerPage = Math.floor(maxSize / tileHeight);
  const groupsPerPage = tilesPerRow < 1 ? 0 : Math.floor((tilesPerRow * rowsPerPage) / tilesPerGroup);
  if (groupsPerPage < 1) {
    throw new RangeError(`tile atlas: ${tilesPerGroup} tiles of ${tileWidth} × ${tileHeight} texels do not fit a ${maxSize} × ${maxSize} texture`);
  }
  const pages: AtlasPage[] = [];
  for (let g = 0; g < groups; g += groupsPerPage) {
    const n = Math.min(groupsPerPage, groups - g);
    const rows = Math.ceil((n * tilesPerGroup) / tilesPerRow);
    pages.push({ width: tilesPerRow * tileWidth, height: rows * tileHeight, firstGroup: g, groups: n });
  }
  return {
    tileWidth,
    tileHeight,
    tilesPerGroup,
    groups,
    tilesPerRow,
    pages,
    place(group, tile) {
      const page = Math.floor(group / groupsPerPage);
      const j = (group - page * groupsPerPage) * tilesPerGroup + tile;
      return { page, x: (j % tilesPerRow) * tileWidth, y: Math.floor(j / tilesPerRow) * tileHeight };
    },
  };
}

/**
 * Copies the tiles of one page out of `tiles` (group-major, tile-major, each tile row-major
 * tileHeight × tileWidth × channels) into a page image (row-major width × height × channels).
 * `map` converts each value (e.g. quantises to bytes); default identity.
 */
export function packPage<T extends Float32Array | Uint8Array>(
  layout: TileAtlasLayout,
  page: number,
  tiles: Float32Array | Uint8Array,
  channels: number,
  out: T,
  map?: (v: number) => number,
): T {
  const p = layout.pages[page];
  if (!p) throw new RangeError(`tile atlas: no page ${page}`);
  const { tileWidth: tw, tileHeight: th, tilesPerGroup } = layout;
  const tileLen = tw * th * channels;
  if (tiles.length !== layout.groups * tilesPerGroup * tileLen)
    throw new RangeError(`tile atlas: ${tiles.length} values ≠ ${layout.groups} × ${tilesPerGroup} tiles of ${tileLen}`);
  if (out.length !== p.width * p.height * channels) throw new RangeError(`tile atlas: page buffer of ${out.length} ≠ ${p.width} × ${p.height} × ${channels}`);
  const rowLen = tw * channels;
  for (let g = p.firstGroup; g < p.firstGroup + p.groups; g++)
    for (let t = 0; t < tilesPerGroup; t++) {
      const { x, y } = layout.place(g, t);
      const src = (g * tilesPerGroup + t) * tileLen;
      for (let r = 0; r < th; r++) {
        const from = src + r * rowLen;
        const to = ((y + r) * p.width + x) * channels;
        if (map) for (let i = 0; i < rowLen; i++) out[to + i] = map(tiles[from + i] ?? 0);
        else out.set(tiles.subarray(from, from + rowLen), to);
      }
    }
  return out;
}

/**
 * The page's image as a view into `tiles` (no copy) when the layout is a single column — its
 * tiles are then contiguous in `tiles` and in the page, in the same order — else null (packPage).
 */
export function pageView<T extends Float32Array | Uint8Array>(layout: TileAtlasLayout, page: number, tiles: T, channels: number): T | null {
  const p = layout.pages[page];
  if (!p) throw new RangeError(`tile atlas: no page ${page}`);
  if (layout.tilesPerRow !== 1) return null;
  const tileLen = layout.tileWidth * layout.tileHeight * channels;
  if (tiles.length !== layout.groups * layout.tilesPerGroup * tileLen)
    throw new RangeError(`tile atlas: ${tiles.length} values ≠ ${layout.groups} × ${layout.tilesPerGroup} tiles of ${tileLen}`);
  const start = p.firstGroup * layout.tilesPerGroup * tileLen;
  return tiles.subarray(start, start + p.groups * layout.tilesPerGroup * tileLen) as T;
}
