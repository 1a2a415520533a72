// regl draw commands of the projectome renderer. All quads use the CCF-µm quad vertex shader
// (shaders.ts); overlays blend "over" (straight alpha, canvas created with premultipliedAlpha
// false, so the frame stays opaque after the page clear).

import type { Buffer, Regl, Texture2D } from 'regl';
import type { Rgb } from './colormaps';
import { ANNOT_FRAG, BG_FRAG, POINT_FRAG, POINT_VERT, SOURCE_FRAG, TARGET_FRAG } from './projectome-shaders';
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
  uv?: [number, number, number, number];
}

export function rgba(c: Rgb, a = 1): [number, number, number, number] {
  return [c[0], c[1], c[2], a];
}

export const OVER = {
  enable: true,
  func: {
    srcRGB: 'src alpha',
    srcAlpha: 1,
    dstRGB: 'one minus src alpha',
    dstAlpha: 'one minus src alpha',
  },
} as const;

export function makeCommands(regl: Regl, corners: Buffer) {
  const quad = <P extends QuadProps>(frag: string, uniforms: Record<string, unknown>, blend: boolean) =>
    regl<Record<string, unknown>, { corner: Buffer }, P>({
      vert: QUAD_VERT,
      frag,
      attributes: { corner: corners },
      uniforms: {
        uExtent: (_c: unknown, p: P) => p.extent,
        uUv: (_c: unknown, p: P) => p.uv ?? [0, 0, 1, 1],
        uScale: (_c: unknown, p: P) => p.frame.scale,
        uOffset: (_c: unknown, p: P) => p.frame.offset,
        ...uniforms,
      } as never,
      primitive: 'triangle strip',
      count: 4,
      depth: { enable: false },
      blend: blend ? OVER : { enable: false },
      viewport: (_c: unknown, p: P) => p.frame.viewport,
      scissor: { enable: true, box: (_c: unknown, p: P) => p.frame.scissor },
    });
  type Bg = QuadProps & { tex: Texture2D; line: Rgb; inside: Rgb; outside: Rgb };
  const background = quad<Bg>(
    BG_FRAG,
    {
      uTex: (_c: unknown, p: Bg) => p.tex,
      uLine: (_c: unknown, p: Bg) => p.line,
      uInside: (_c: unknown, p: Bg) => p.inside,
      uOutside: (_c: unknown, p: Bg) => p.outside,
    },
    false,
  );
  type An = QuadProps & {
    tex: Texture2D;
    size: [number, number];
    cellPx: [number, number];
    halfWidth: number;
    line: Rgb;
    inside: Rgb;
    outside: Rgb;
  };
  const annotation = quad<An>(
    ANNOT_FRAG,
    {
      uIds: (_c: unknown, p: An) => p.tex,
      uSize: (_c: unknown, p: An) => p.size,
      uCellPx: (_c: unknown, p: An) => p.cellPx,
      uHalfWidthPx: (_c: unknown, p: An) => p.halfWidth,
      uLine: (_c: unknown, p: An) => p.line,
      uInside: (_c: unknown, p: An) => p.inside,
      uOutside: (_c: unknown, p: An) => p.outside,
    },
    false,
  );
  type Tg = QuadProps & {
    mask: Texture2D;
    size: [number, number];
    cellPx: [number, number];
    lineWidth: number;
    color: Rgb;
    fillAlpha: number;
    lineAlpha: number;
  };
  const target = quad<Tg>(
    TARGET_FRAG,
    {
      uMask: (_c: unknown, p: Tg) => p.mask,
      uMaskSize: (_c: unknown, p: Tg) => p.size,
      uCellPx: (_c: unknown, p: Tg) => p.cellPx,
      uLineWidthPx: (_c: unknown, p: Tg) => p.lineWidth,
      uColor: (_c: unknown, p: Tg) => p.color,
      uFillAlpha: (_c: unknown, p: Tg) => p.fillAlpha,
      uLineAlpha: (_c: unknown, p: Tg) => p.lineAlpha,
    },
    true,
  );
  type Src = QuadProps & { tex: Texture2D; color: Rgb; opacity: number };
  const source = quad<Src>(
    SOURCE_FRAG,
    {
      uAlpha: (_c: unknown, p: Src) => p.tex,
      uColor: (_c: unknown, p: Src) => p.color,
      uOpacity: (_c: unknown, p: Src) => p.opacity,
    },
    true,
  );
  type Pts = {
    frame: Frame;
    pos: Buffer;
    size: Buffer;
    color: Buffer;
    count: number;
    dpr: number;
    maxPointSize: number;
    outlinePx: number;
    alpha: number;
  };
  const points = regl<Record<string, unknown>, Record<string, unknown>, Pts>({
    vert: POINT_VERT,
    frag: POINT_FRAG,
    attributes: {
      aPos: (_c: unknown, p: Pts) => p.pos,
      aSize: (_c: unknown, p: Pts) => p.size,
      aColor: (_c: unknown, p: Pts) => p.color,
    } as never,
    uniforms: {
      uScale: (_c: unknown, p: Pts) => p.frame.scale,
      uOffset: (_c: unknown, p: Pts) => p.frame.offset,
      uDpr: (_c: unknown, p: Pts) => p.dpr,
      uMaxPointSize: (_c: unknown, p: Pts) => p.maxPointSize,
      uOutlinePx: (_c: unknown, p: Pts) => p.outlinePx,
      uAlpha: (_c: unknown, p: Pts) => p.alpha,
    } as never,
    primitive: 'points',
    count: (_c: unknown, p: Pts) => p.count,
    depth: { enable: false },
    blend: OVER,
    viewport: (_c: unknown, p: Pts) => p.frame.viewport,
    scissor: { enable: true, box: (_c: unknown, p: Pts) => p.frame.scissor },
  });
  return { background, annotation, target, source, points };
}
