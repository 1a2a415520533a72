// regl draw commands of the projectome renderer. All quads use the CCF-µm quad vertex shader
// (shaders.ts); the target and the dots blend "over" (straight alpha), the sources composite
// premultiplied (canvas created with premultipliedAlpha false; the page clear makes the frame
// opaque and every blend keeps alpha at 1).

import type { Buffer, Elements, Regl, Texture2D } from 'regl';
import type { Rgb } from './colormaps';
import { ANNOT_FRAG, compositeFrag, MAX_DOT_SOURCES, POINT_FRAG, POINT_VERT, TARGET_FRAG } from './projectome-shaders';
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

export function makeCommands(regl: Regl, corners: Buffer, slots: number) {
  const quad = <P extends QuadProps>(frag: string, uniforms: Record<string, unknown>, blend: Blend) =>
    regl<Record<string, unknown>, { corner: Buffer }, P>({
      vert: QUAD_VERT,
      frag,
      attributes: { corner: corners },
      uniforms: {
        uExtent: (_c: unknown, p: P) => p.extent,
        uUv: (_c: unknown, p: P) => p.uv,
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
  type An = QuadProps & TileProps & { size: [number, number]; cellPx: [number, number]; halfWidth: number; line: Rgb; inside: Rgb; outside: Rgb };
  const annotation = quad<An>(
    ANNOT_FRAG,
    {
      uIds: (_c: unknown, p: An) => p.tex,
      uAtlas: (_c: unknown, p: An) => p.atlas,
      uTile: (_c: unknown, p: An) => p.tile,
      uSize: (_c: unknown, p: An) => p.size,
      uCellPx: (_c: unknown, p: An) => p.cellPx,
      uHalfWidthPx: (_c: unknown, p: An) => p.halfWidth,
      uLine: (_c: unknown, p: An) => p.line,
      uInside: (_c: unknown, p: An) => p.inside,
      uOutside: (_c: unknown, p: An) => p.outside,
    },
    { enable: false },
  );
  type Tg = QuadProps & TileProps & { size: [number, number]; cellPx: [number, number]; lineWidth: number; color: Rgb; fillAlpha: number; lineAlpha: number };
  const target = quad<Tg>(
    TARGET_FRAG,
    {
      uMask: (_c: unknown, p: Tg) => p.tex,
      uAtlas: (_c: unknown, p: Tg) => p.atlas,
      uTile: (_c: unknown, p: Tg) => p.tile,
      uMaskSize: (_c: unknown, p: Tg) => p.size,
      uCellPx: (_c: unknown, p: Tg) => p.cellPx,
      uLineWidthPx: (_c: unknown, p: Tg) => p.lineWidth,
      uColor: (_c: unknown, p: Tg) => p.color,
      uFillAlpha: (_c: unknown, p: Tg) => p.fillAlpha,
      uLineAlpha: (_c: unknown, p: Tg) => p.lineAlpha,
    },
    OVER,
  );
  /** slotTiles / slotColors: `slots` vec4 each, flattened (unused slots ignored past `count`). */
  type Cm = QuadProps & {
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
  const composite = quad<Cm>(
    compositeFrag(slots),
    {
      uValues: (_c: unknown, p: Cm) => p.tex,
      uAtlas: (_c: unknown, p: Cm) => p.atlas,
      uCrop: (_c: unknown, p: Cm) => p.crop,
      uCount: (_c: unknown, p: Cm) => p.count,
      uGain: (_c: unknown, p: Cm) => p.gain,
      ...slotUniforms,
    },
    PREMULTIPLIED_OVER,
  );
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
      aPos: (_c: unknown, p: Pts) => p.pos,
      aSize: (_c: unknown, p: Pts) => p.size,
      aSource: (_c: unknown, p: Pts) => p.source,
    } as never,
    uniforms: {
      uScale: (_c: unknown, p: Pts) => p.frame.scale,
      uOffset: (_c: unknown, p: Pts) => p.frame.offset,
      uDpr: (_c: unknown, p: Pts) => p.dpr,
      uMaxPointSize: (_c: unknown, p: Pts) => p.maxPointSize,
      uOutlinePx: (_c: unknown, p: Pts) => p.outlinePx,
      uAlpha: (_c: unknown, p: Pts) => p.alpha,
      ...colorUniforms,
    } as never,
    elements: (_c: unknown, p: Pts) => p.elements,
    offset: (_c: unknown, p: Pts) => p.offset,
    count: (_c: unknown, p: Pts) => p.count,
    primitive: 'points',
    depth: { enable: false },
    blend: OVER,
    viewport: (_c: unknown, p: Pts) => p.frame.viewport,
    scissor: { enable: true, box: (_c: unknown, p: Pts) => p.frame.scissor },
  });
  return { annotation, target, composite, points };
}
