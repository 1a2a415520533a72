// regl draw commands of the projectome renderer. All quads use the CCF-µm quad vertex shader
// (shaders.ts); the target and the dots blend "over" (straight alpha), the sources composite
// premultiplied (canvas created with premultipliedAlpha false; the page clear makes the frame
// opaque and every blend keeps alpha at 1).

import type { Buffer, Elements, Framebuffer2D, Regl, Texture2D } from 'regl';
import type { Rgb } from './colormaps';
import { CELLS_FRAG, compositeFrag, MAX_DOT_SOURCES, POINT_FRAG, POINT_VERT, SECTION_FRAG } from './projectome-shaders';
import { QUAD_VERT } from './shaders';

export interface Frame {
  viewport: { x: number; y: number; width: number; height: number };
  scissor: { x: number; y: number; width: number; height: number };
  scale: [number, number];
  offset: [number, number];
}

interface QuadProps {
  frame: Frame;
  extent: [number, number, number, number];
  uv: [number, number, number, number];
}

/** A tile in an atlas page: the page texture, its size and the tile's origin (texels). */
interface TileProps {
  tex: Texture2D;
  atlas: [number, number];
  tile: [number, number];
}

export function rgba(c: Rgb, a = 1): [number, number, number, number] {
  return [c[0], c[1], c[2], a];
}

export const OVER = {
  enable: true,
  func: { srcRGB: 'src alpha', srcAlpha: 1, dstRGB: 'one minus src alpha', dstAlpha: 'one minus src alpha' },
} as const;

const PREMULTIPLIED_OVER = {
  enable: true,
  func: { srcRGB: 1, srcAlpha: 1, dstRGB: 'one minus src alpha', dstAlpha: 'one minus src alpha' },
} as const;

type Blend = typeof OVER | typeof PREMULTIPLIED_OVER | { enable: false };

/**
 * The four commands, one per step: making a regl command links its program, a synchronous round
 * trip to the GPU process (in software WebGL each one's compile and link took ~10–40 ms of a
 * 303-experiment load's main thread). A caller that runs each step in a task of its own keeps the
 * tasks short (projectome-gpu.ts gpuSetup); runSteps runs them all at once.
 */
export function* commandSteps(regl: Regl, corners: Buffer, slots: number) {
  const quad = <P extends QuadProps>(frag: string, uniforms: Record<string, unknown>, blend: Blend) =>
    regl<Record<string, unknown>, { corner: Buffer }, P>({
      vert: QUAD_VERT,
      frag,
      attributes: { corner: corners },
      uniforms: {
        uExtent: regl.prop<P, 'extent'>('extent'),
        uUv: regl.prop<P, 'uv'>('uv'),
        uScale: (_c: unknown, p: P) => p.frame.scale,
        uOffset: (_c: unknown, p: P) => p.frame.offset,
        ...uniforms,
      } as never,
      primitive: 'triangle strip',
      count: 4,
      depth: { enable: false },
      blend,
      viewport: (_c: unknown, p: P) => p.frame.viewport,
      scissor: { enable: true, box: (_c: unknown, p: P) => p.frame.scissor },
    });
  type Sc = QuadProps &
    TileProps & {
      size: [number, number];
      cellPx: [number, number];
      halfWidth: number;
      line: Rgb;
      inside: Rgb;
      outside: Rgb;
      lineWidth: number;
      color: Rgb;
      fillAlpha: number;
      lineAlpha: number;
    };
  const section = quad<Sc>(
    SECTION_FRAG,
    {
      uCodes: regl.prop<Sc, 'tex'>('tex'),
      uAtlas: regl.prop<Sc, 'atlas'>('atlas'),
      uTile: regl.prop<Sc, 'tile'>('tile'),
      uSize: regl.prop<Sc, 'size'>('size'),
      uCellPx: regl.prop<Sc, 'cellPx'>('cellPx'),
      uHalfWidthPx: regl.prop<Sc, 'halfWidth'>('halfWidth'),
      uLine: regl.prop<Sc, 'line'>('line'),
      uInside: regl.prop<Sc, 'inside'>('inside'),
      uOutside: regl.prop<Sc, 'outside'>('outside'),
      uLineWidthPx: regl.prop<Sc, 'lineWidth'>('lineWidth'),
      uColor: regl.prop<Sc, 'color'>('color'),
      uFillAlpha: regl.prop<Sc, 'fillAlpha'>('fillAlpha'),
      uLineAlpha: regl.prop<Sc, 'lineAlpha'>('lineAlpha'),
    },
    { enable: false },
  );
  yield;
  /** slotTiles / slotColors: `slots` vec4 each, flattened (unused slots ignored past `count`). */
  type Cm = {
    tex: Texture2D;
    atlas: [number, number];
    crop: [number, number];
    slotTiles: Float32Array;
    slotColors: Float32Array;
    count: number;
    gain: number;
  };
  const slotUniforms: Record<string, unknown> = {};
  for (let i = 0; i < slots; i++) {
    slotUniforms[`uSlotTile[${i}]`] = (_c: unknown, p: Cm) => p.slotTiles.subarray(4 * i, 4 * i + 4);
    slotUniforms[`uSlotColor[${i}]`] = (_c: unknown, p: Cm) => p.slotColors.subarray(4 * i, 4 * i + 4);
  }
  /**
   * Up to `slots` sources composited into the lower-left crop.cols × crop.rows texels of `cells`
   * (one per cell; cleared by the caller): in software rendering the per-source texture fetches then cost one
   * fragment per cell, not per screen pixel. Later batches composite over earlier ones.
   */
  const composite = regl<Record<string, unknown>, { corner: Buffer }, Cm & { cells: Framebuffer2D }>({
    vert: QUAD_VERT,
    frag: compositeFrag(slots),
    attributes: { corner: corners },
    uniforms: {
      // the crop's cells [0, cols] × [0, rows] spread over the whole framebuffer, cell units in vUv
      uExtent: (_c: unknown, p: Cm) => [0, 0, p.crop[0], p.crop[1]],
      uUv: (_c: unknown, p: Cm) => [0, 0, p.crop[0], p.crop[1]],
      uScale: (_c: unknown, p: Cm) => [2 / p.crop[0], 2 / p.crop[1]],
      uOffset: [-1, -1],
      uValues: regl.prop<Cm, 'tex'>('tex'),
      uAtlas: regl.prop<Cm, 'atlas'>('atlas'),
      uCrop: regl.prop<Cm, 'crop'>('crop'),
      uCount: regl.prop<Cm, 'count'>('count'),
      uGain: regl.prop<Cm, 'gain'>('gain'),
      ...slotUniforms,
    } as never,
    framebuffer: (_c: unknown, p: Cm & { cells: Framebuffer2D }) => p.cells,
    primitive: 'triangle strip',
    count: 4,
    depth: { enable: false },
    blend: PREMULTIPLIED_OVER,
    viewport: (_c: unknown, p: Cm) => ({ x: 0, y: 0, width: p.crop[0], height: p.crop[1] }),
    scissor: { enable: false },
  });
  yield;
  type Cl = QuadProps & { cells: Texture2D; crop: [number, number] };
  const cells = quad<Cl>(
    CELLS_FRAG,
    {
      uCells: regl.prop<Cl, 'cells'>('cells'),
      uCrop: regl.prop<Cl, 'crop'>('crop'),
      uCellsSize: (_c: unknown, p: Cl) => [p.cells.width, p.cells.height],
    },
    PREMULTIPLIED_OVER,
  );
  yield;
  type Pts = {
    frame: Frame;
    pos: Buffer;
    size: Buffer;
    source: Buffer;
    elements: Elements;
    offset: number;
    count: number;
    sourceColors: Float32Array;
    dpr: number;
    maxPointSize: number;
    outlinePx: number;
    alpha: number;
  };
  const colorUniforms: Record<string, unknown> = {};
  for (let i = 0; i < MAX_DOT_SOURCES; i++) colorUniforms[`uSourceColor[${i}]`] = (_c: unknown, p: Pts) => p.sourceColors.subarray(4 * i, 4 * i + 4);
  const points = regl<Record<string, unknown>, Record<string, unknown>, Pts>({
    vert: POINT_VERT,
    frag: POINT_FRAG,
    attributes: {
      aPos: regl.prop<Pts, 'pos'>('pos'),
      aSize: regl.prop<Pts, 'size'>('size'),
      aSource: regl.prop<Pts, 'source'>('source'),
    } as never,
    uniforms: {
      uScale: (_c: unknown, p: Pts) => p.frame.scale,
      uOffset: (_c: unknown, p: Pts) => p.frame.offset,
      uDpr: regl.prop<Pts, 'dpr'>('dpr'),
      uMaxPointSize: regl.prop<Pts, 'maxPointSize'>('maxPointSize'),
      uOutlinePx: regl.prop<Pts, 'outlinePx'>('outlinePx'),
      uAlpha: regl.prop<Pts, 'alpha'>('alpha'),
      ...colorUniforms,
    } as never,
    elements: regl.prop<Pts, 'elements'>('elements'),
    offset: regl.prop<Pts, 'offset'>('offset'),
    count: regl.prop<Pts, 'count'>('count'),
    primitive: 'points',
    depth: { enable: false },
    blend: OVER,
    viewport: (_c: unknown, p: Pts) => p.frame.viewport,
    scissor: { enable: true, box: (_c: unknown, p: Pts) => p.frame.scissor },
  });
  return { section, composite, cells, points };
}

export type Commands = ReturnType<typeof commandSteps> extends Generator<unknown, infer C> ? C : never;
