// WebGL renderer of heatmap panels (slice grid, threshold maps: bsv plot_connectivity). ONE canvas
// holds a list of panels, each drawn inside its own CSS-px box with a scissor rectangle, so a
// grid of many slices × groups needs a single WebGL context (browsers cap live contexts at ~16).
// Matrices are row-major rows × cols, row 0 = dorsal (smallest DV), columns = horizontal axis
// increasing (ML for coronal, AP for sagittal) and cover `extent` µm with the physical aspect
// preserved (bins need not be square). Values → colour on the CPU as 8-bit colormap indices
// (exactly the 256-entry table's resolution, so no float textures are needed); NaN = no data,
// drawn in `noDataColor` (default light grey; alpha 0 = leave the page colour).

import type { Buffer, Texture2D } from 'regl';
import { colormapLut, type ColormapName, type Rgb } from './colormaps';
import { DataTexture } from './data-texture';
import { bufferSize, createGlContext, explainProgramFailure } from './gl-context';
import { ccfToClipTransform, cssRectToGl, sectionViewport, type CssRect, type SectionExtent, type SectionViewport } from './section-viewport';
import { encodeHeatmap, HEAT_FRAG, OUTLINE_FRAG } from './heatmap-encode';
import { QUAD_CORNERS, QUAD_VERT } from './shaders';

export interface HeatmapOutline {
  /** 1 = inside; row-major rows × cols over `extent` (default: the panel's extent). */
  readonly mask: Uint8Array;
  readonly rows: number;
  readonly cols: number;
  readonly extent?: SectionExtent;
  readonly color?: Rgb;
  /** CSS px, default 1. */
  readonly widthPx?: number;
  readonly version?: number;
}

export interface HeatmapPanel {
  /** Where the panel goes in the canvas (CSS px); the extent is letterboxed inside it. */
  readonly box: CssRect;
  readonly matrix: Float32Array;
  readonly rows: number;
  readonly cols: number;
  /** µm covered by the matrix: DV edges [0] … [rows], column edges [0] … [cols]. */
  readonly extent: SectionExtent;
  /** Colour limits [min, max] (values outside are clipped). */
  readonly limits: readonly [number, number];
  readonly colormap: ColormapName;
  readonly outline?: HeatmapOutline | null;
  /** RGBA floats; default [0.9, 0.9, 0.9, 1]. */
  readonly noDataColor?: readonly [number, number, number, number];
  /** Bump when `matrix` is refilled in place; omit to re-encode on every draw. */
  readonly version?: number;
  readonly paddingCssPx?: number;
}

export interface HeatmapDrawInput {
  readonly panels: readonly HeatmapPanel[];
  /** Page colour behind and between panels (default white). */
  readonly pageColor?: Rgb;
}

export { coverageToMask, encodeHeatmap } from './heatmap-encode';

export interface HeatmapRenderer {
  draw(input: HeatmapDrawInput): void;
  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void;
  /** One viewport per panel of the last draw (cssPxToCcf is in canvas CSS px). */
  viewports(): SectionViewport[];
  destroy(): void;
}

interface Slot {
  data: DataTexture;
  outline: DataTexture;
  bytes: Uint8Array;
  key: unknown[] | null;
}

interface Frame {
  viewport: { x: number; y: number; width: number; height: number };
  scissor: { x: number; y: number; width: number; height: number };
  scale: [number, number];
  offset: [number, number];
}
type QuadProps = {
  frame: Frame;
  extent: [number, number, number, number];
  whole: boolean;
} & Record<string, unknown>;

export function createHeatmapRenderer(canvas: HTMLCanvasElement): HeatmapRenderer {
  const ctx = createGlContext(canvas, 'heatmap renderer');
  const { gl, regl } = ctx;
  const corners: Buffer = regl.buffer(QUAD_CORNERS);
  const command = (frag: string, uniforms: Record<string, unknown>, blend: boolean) =>
    regl<Record<string, unknown>, { corner: Buffer }, QuadProps>({
      vert: QUAD_VERT,
      frag,
      attributes: { corner: corners },
      uniforms: {
        uExtent: (_c: unknown, p: QuadProps) => p.extent,
        uUv: [0, 0, 1, 1],
        uScale: (_c: unknown, p: QuadProps) => p.frame.scale,
        uOffset: (_c: unknown, p: QuadProps) => p.frame.offset,
        ...uniforms,
      } as never,
      primitive: 'triangle strip',
      count: 4,
      depth: { enable: false },
      blend: blend
        ? {
            enable: true,
            func: {
              srcRGB: 'src alpha',
              srcAlpha: 1,
              dstRGB: 'one minus src alpha',
              dstAlpha: 'one minus src alpha',
            },
          }
        : { enable: false },
      viewport: (_c: unknown, p: QuadProps) => p.frame.viewport,
      scissor: {
        enable: (_c: unknown, p: QuadProps) => !p.whole,
        box: (_c: unknown, p: QuadProps) => p.frame.scissor,
      },
    });
  const pick = (k: string) => (_c: unknown, p: QuadProps) => p[k];
  const commands = () => ({
    heat: command(HEAT_FRAG, { uData: pick('data'), uCmap: pick('cmap'), uNoData: pick('noData') }, false),
    outline: command(
      OUTLINE_FRAG,
      {
        uMask: pick('mask'),
        uMaskSize: pick('size'),
        uCellPx: pick('cellPx'),
        uLineWidthPx: pick('lineWidth'),
        uLineColor: pick('color'),
      },
      true,
    ),
  });
  let made: ReturnType<typeof commands>;
  try {
    made = commands();
  } catch (e) {
    try {
      explainProgramFailure(gl, [
        [QUAD_VERT, HEAT_FRAG, 'heatmap renderer (matrix)'],
        [QUAD_VERT, OUTLINE_FRAG, 'heatmap renderer (outline)'],
      ]);
    } finally {
      regl.destroy();
    }
    throw e;
  }
  const { heat, outline } = made;
  const cmaps = new Map<ColormapName, Texture2D>();
  const cmapTexture = (name: ColormapName): Texture2D => {
    let t = cmaps.get(name);
    if (!t) {
      t = regl.texture({
        width: 256,
        height: 1,
        data: colormapLut(name),
        format: 'rgb',
        type: 'uint8',
        min: 'nearest',
        mag: 'nearest',
        wrap: 'clamp',
        alignment: 1,
      });
      cmaps.set(name, t);
    }
    return t;
  };
  const slots: Slot[] = [];
  let css = { width: canvas.clientWidth, height: canvas.clientHeight, dpr: 1 };
  let last: HeatmapDrawInput | null = null;
  let vps: SectionViewport[] = [];
  let destroyed = false;

  function draw(input: HeatmapDrawInput): void {
    if (destroyed) throw new Error('heatmap renderer: draw() after destroy()');
    last = input;
    regl.poll();
    const bw = gl.drawingBufferWidth,
      bh = gl.drawingBufferHeight;
    const whole = { x: 0, y: 0, width: bw, height: bh };
    const page = input.pageColor ?? [1, 1, 1];
    // whole-buffer clear with raw GL (scissor off), then re-sync regl's state cache
    gl.disable(gl.SCISSOR_TEST);
    gl.viewport(0, 0, bw, bh);
    gl.clearColor(page[0], page[1], page[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    regl._refresh();
    vps = input.panels.map((p) => sectionViewport(p.extent, p.box, p.paddingCssPx ?? 0));
    if (!(css.width > 0 && css.height > 0)) return;
    input.panels.forEach((p, i) => {
      const vp = vps[i];
      if (!vp || !(p.rows >= 1 && p.cols >= 1)) return;
      const scissor = cssRectToGl(vp.rect, css.width, css.height, bw, bh);
      if (scissor.width === 0 || scissor.height === 0) return;
      if (p.matrix.length !== p.rows * p.cols) throw new RangeError(`heatmap panel ${i}: matrix length ${p.matrix.length} ≠ ${p.rows} × ${p.cols}`);
      const t = ccfToClipTransform(vp, css.width, css.height);
      const frame: Frame = { viewport: whole, scissor, scale: t.scale, offset: t.offset };
      const e = p.extent;
      const extent: [number, number, number, number] = [e.mlMinUm, e.dvMinUm, e.mlMaxUm, e.dvMaxUm];
      let slot = slots[i];
      if (!slot) {
        slot = {
          data: new DataTexture(regl, 'bytes2', ctx.floatTextures),
          outline: new DataTexture(regl, 'bytes', ctx.floatTextures),
          bytes: new Uint8Array(0),
          key: null,
        };
        slots[i] = slot;
      }
      const key = [p.matrix, p.version, p.limits[0], p.limits[1]];
      const fresh = p.version !== undefined && slot.key !== null && key.every((k, j) => slot.key?.[j] === k);
      if (!fresh) {
        if (slot.bytes.length !== 2 * p.matrix.length) slot.bytes = new Uint8Array(2 * p.matrix.length);
        encodeHeatmap(p.matrix, p.limits[0], p.limits[1], slot.bytes);
        slot.key = key;
      }
      const data = slot.data.set(slot.bytes, p.rows, p.cols, fresh ? p.version : undefined);
      heat({
        frame,
        extent,
        whole: false,
        data,
        cmap: cmapTexture(p.colormap),
        noData: p.noDataColor ?? [0.9, 0.9, 0.9, 1],
      });
      const o = p.outline;
      if (o && o.rows >= 1 && o.cols >= 1) {
        const oe = o.extent ?? e;
        const cellX = ((oe.mlMaxUm - oe.mlMinUm) / o.cols / vp.umPerCssPx) * css.dpr;
        const cellY = ((oe.dvMaxUm - oe.dvMinUm) / o.rows / vp.umPerCssPx) * css.dpr;
        const c = o.color ?? [0.1, 0.1, 0.1];
        outline({
          frame,
          extent: [oe.mlMinUm, oe.dvMinUm, oe.mlMaxUm, oe.dvMaxUm],
          whole: false,
          mask: slot.outline.set(o.mask, o.rows, o.cols, o.version),
          size: [o.cols, o.rows],
          cellPx: [cellX, cellY],
          lineWidth: (o.widthPx ?? 1) * css.dpr,
          color: [c[0], c[1], c[2], 1],
        });
      }
    });
  }

  return {
    draw,
    resize(cssWidth, cssHeight, devicePixelRatio) {
      if (destroyed) return;
      const dpr = devicePixelRatio > 0 && Number.isFinite(devicePixelRatio) ? devicePixelRatio : 1;
      css = { width: Math.max(0, cssWidth || 0), height: Math.max(0, cssHeight || 0), dpr };
      const size = bufferSize(css.width, css.height, dpr, ctx.maxBufferSize);
      if (canvas.width !== size.width) canvas.width = size.width;
      if (canvas.height !== size.height) canvas.height = size.height;
      if (last) draw(last);
    },
    viewports: () => vps,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const s of slots) {
        s.data.destroy();
        s.outline.destroy();
      }
      for (const t of cmaps.values()) t.destroy();
      regl.destroy();
      last = null;
    },
  };
}
