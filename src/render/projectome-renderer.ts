// WebGL renderer of one projectome frame (coronal section): background boundaries, target,
// per-source alpha overlays blended "over" in draw order, injection dots. Owns its GL context,
// textures and buffers; inputs are read-only. Per-frame cost: one texSubImage2D per changed
// source (80 × 114) and a handful of draw calls. Nothing is drawn while the canvas has no size.

import { DataTexture } from './data-texture';
import { bufferSize, checkProgram, createGlContext } from './gl-context';
import { ANNOT_FRAG, BG_FRAG, POINT_FRAG, POINT_VERT, SOURCE_FRAG, TARGET_FRAG } from './projectome-shaders';
import { makeCommands, rgba, type Frame } from './projectome-commands';
import { DENSITY_SECTION_SHAPE, type ProjectomeDrawInput, type ProjectomeStyle } from './projectome-types';
import { canvasBox, ccfToClipTransform, cssRectToGl, FULL_CORONAL_SECTION, sectionViewport, type SectionViewport } from './section-viewport';
import { QUAD_CORNERS, QUAD_VERT } from './shaders';
import { BoxCache, boxQuad } from './raster-box';

export type { ProjectomeDrawInput, ProjectomeStyle } from './projectome-types';

export interface ProjectomeRenderer {
  draw(input: ProjectomeDrawInput): void;
  /** Sets the drawing buffer to cssWidth·dpr × cssHeight·dpr and redraws the last input. */
  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void;
  /** Mapping of the last draw / resize (hover readout, scale bar, SVG export). */
  viewport(): SectionViewport;
  /** True when float textures are in use (false: alpha maps quantised to 8 bits). */
  readonly floatTextures: boolean;
  destroy(): void;
}

export function createProjectomeRenderer(canvas: HTMLCanvasElement, style: ProjectomeStyle = {}): ProjectomeRenderer {
  const ctx = createGlContext(canvas, 'projectome renderer');
  const { gl, regl } = ctx;
  try {
    for (const [v, f, name] of [
      [QUAD_VERT, BG_FRAG, 'background'],
      [QUAD_VERT, ANNOT_FRAG, 'annotation'],
      [QUAD_VERT, TARGET_FRAG, 'target'],
      [QUAD_VERT, SOURCE_FRAG, 'source'],
      [POINT_VERT, POINT_FRAG, 'dots'],
    ] as const)
      checkProgram(gl, v, f, `projectome renderer (${name})`);
  } catch (e) {
    regl.destroy();
    throw e;
  }
  const corners = regl.buffer(QUAD_CORNERS);
  const cmd = makeCommands(regl, corners);
  const bgTex = new DataTexture(regl, 'bytes', ctx.floatTextures);
  const targetTex = new DataTexture(regl, 'bytes', ctx.floatTextures);
  const sourceTex: DataTexture[] = [];
  const sourceBox: BoxCache[] = [];
  const targetBox = new BoxCache();
  const bgBox = new BoxCache();
  const annTex = new DataTexture(regl, 'bytes4', ctx.floatTextures);
  const annBox = new BoxCache();
  let annView: { ids: Uint32Array; bytes: Uint8Array } | null = null;
  /** Whole-buffer clear with raw GL (scissor off), then regl's state cache is re-synced. */
  const clearPage = (c: [number, number, number, number]): void => {
    gl.disable(gl.SCISSOR_TEST);
    gl.viewport(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight);
    gl.clearColor(c[0], c[1], c[2], c[3]);
    gl.clear(gl.COLOR_BUFFER_BIT);
    regl._refresh();
  };
  const dotBuffers = {
    pos: regl.buffer({ usage: 'dynamic', type: 'float', length: 8 }),
    size: regl.buffer({ usage: 'dynamic', type: 'float', length: 4 }),
    color: regl.buffer({ usage: 'dynamic', type: 'float', length: 12 }),
  };
  let bgCodes = new Uint8Array(0);
  let bgKey: { labels: unknown; inside: unknown; version: number | undefined } | null = null;
  /** Bumped whenever bgCodes is recomputed (bgCodes itself is one reused array). */
  let bgVersion = 0;
  let css = { width: canvas.clientWidth, height: canvas.clientHeight, dpr: 1 };
  let last: ProjectomeDrawInput | null = null;
  let vp = sectionViewport(FULL_CORONAL_SECTION, canvasBox(css.width, css.height), style.paddingCssPx ?? 0);
  let destroyed = false;

  const page = style.pageColor ?? [1, 1, 1];

  function backgroundCodes(b: NonNullable<ProjectomeDrawInput['background']>): Uint8Array | null {
    const labels = b.labels ?? null;
    const inside = b.inside ?? null;
    if (!labels && !inside) return null;
    const n = b.rows * b.cols;
    if ((labels && labels.length !== n) || (inside && inside.length !== n))
      throw new RangeError(`projectome background: arrays must have rows × cols = ${n} cells`);
    const same = bgKey && bgKey.labels === labels && bgKey.inside === inside && b.version !== undefined && bgKey.version === b.version && bgCodes.length === n;
    if (!same) {
      if (bgCodes.length !== n) bgCodes = new Uint8Array(n);
      for (let i = 0; i < n; i++) bgCodes[i] = labels && labels[i] ? 255 : inside && inside[i] ? 128 : 0;
      bgKey = { labels, inside, version: b.version };
      bgVersion++;
    }
    return bgCodes;
  }

  function draw(input: ProjectomeDrawInput): void {
    if (destroyed) throw new Error('projectome renderer: draw() after destroy()');
    last = input;
    const section = input.section ?? FULL_CORONAL_SECTION;
    vp = sectionViewport(section, canvasBox(css.width, css.height), style.paddingCssPx ?? 0);
    regl.poll();
    const bw = gl.drawingBufferWidth,
      bh = gl.drawingBufferHeight;
    const whole = { x: 0, y: 0, width: bw, height: bh };
    const t = ccfToClipTransform(vp, css.width, css.height);
    const frame: Frame = {
      viewport: whole,
      scissor: cssRectToGl(vp.rect, css.width, css.height, bw, bh),
      scale: t.scale,
      offset: t.offset,
    };
    clearPage(rgba(page));
    if (!(css.width > 0 && css.height > 0) || frame.scissor.width === 0 || frame.scissor.height === 0) return;
    const dpr = css.dpr;
    const b = input.background;
    const ann = b?.annotation ?? null;
    const codes = b && !ann ? backgroundCodes(b) : null;
    const line = style.boundaryColor ?? [0.35, 0.35, 0.35];
    const insideColor = style.insideColor ?? [0.95, 0.95, 0.95];
    if (b && ann) {
      if (ann.length !== b.rows * b.cols) throw new RangeError(`projectome background: annotation length ${ann.length} ≠ ${b.rows} × ${b.cols}`);
      if (annView?.ids !== ann) annView = { ids: ann, bytes: new Uint8Array(ann.buffer, ann.byteOffset, ann.byteLength) };
      const box = annBox.get(ann, b.rows, b.cols, b.version);
      const cell = (b.resolutionUm / vp.umPerCssPx) * dpr;
      if (box) {
        // grow by one cell so the brain's outer outline (id ≠ 0 next to 0) is inside the quad
        const grown = {
          r0: Math.max(0, box.r0 - 1),
          r1: Math.min(b.rows - 1, box.r1 + 1),
          c0: Math.max(0, box.c0 - 1),
          c1: Math.min(b.cols - 1, box.c1 + 1),
        };
        cmd.annotation({
          frame,
          ...boxQuad(grown, b.rows, b.cols, b.resolutionUm),
          tex: annTex.set(annView.bytes, b.rows, b.cols, b.version),
          size: [b.cols, b.rows],
          cellPx: [cell, cell],
          halfWidth: ((style.boundaryWidthPx ?? 1) * dpr) / 2,
          line,
          inside: insideColor,
          outside: page,
        });
      }
    }
    if (b && codes) {
      const tex = bgTex.set(codes, b.rows, b.cols, bgVersion);
      // cells outside the brain equal the page colour (cleared already): shade only the brain's box
      const box = bgBox.get(codes, b.rows, b.cols, bgVersion);
      if (box)
        cmd.background({
          frame,
          ...boxQuad(box, b.rows, b.cols, b.resolutionUm),
          tex,
          line,
          inside: insideColor,
          outside: page,
        });
    }
    const tg = input.target;
    const tBox = tg && tg.mask.length > 0 ? targetBox.get(tg.mask, tg.rows, tg.cols, tg.version) : null;
    if (tg && tBox) {
      const mask = targetTex.set(tg.mask, tg.rows, tg.cols, tg.version);
      const cell = (tg.resolutionUm / vp.umPerCssPx) * dpr;
      cmd.target({
        frame,
        ...boxQuad(tBox, tg.rows, tg.cols, tg.resolutionUm),
        mask,
        size: [tg.cols, tg.rows],
        cellPx: [cell, cell],
        lineWidth: (style.targetLineWidthPx ?? 1.5) * dpr,
        color: tg.color,
        fillAlpha: style.targetFillAlpha ?? 0.15,
        lineAlpha: style.targetLineAlpha ?? 0.8,
      });
    }
    const shape = input.sourceShape ?? DENSITY_SECTION_SHAPE;
    const n = input.sources.length;
    while (sourceTex.length < n) sourceTex.push(new DataTexture(regl, 'unit', ctx.floatTextures));
    while (sourceBox.length < n) sourceBox.push(new BoxCache());
    const order = input.order ?? Array.from({ length: n }, (_, i) => i);
    for (const s of order) {
      const src = input.sources[s];
      const tex = sourceTex[s];
      if (!src || !tex || !src.visible) continue;
      if (src.alpha.length !== shape.rows * shape.cols)
        throw new RangeError(`projectome source ${s}: alpha length ${src.alpha.length} ≠ ${shape.rows} × ${shape.cols}`);
      const box = sourceBox[s]?.get(src.alpha, shape.rows, shape.cols, src.version) ?? null;
      if (!box) continue;
      cmd.source({
        frame,
        ...boxQuad(box, shape.rows, shape.cols, shape.resolutionUm),
        tex: tex.set(src.alpha, shape.rows, shape.cols, src.version),
        color: src.color,
        opacity: style.sourceOpacity ?? 1,
      });
    }
    const inj = input.injections;
    const count = inj ? Math.min(inj.positionsUm.length >> 1, inj.sizesPx.length, Math.floor(inj.colors.length / 3)) : 0;
    if (inj && count > 0) {
      dotBuffers.pos({ data: inj.positionsUm.subarray(0, 2 * count), usage: 'dynamic' });
      dotBuffers.size({ data: inj.sizesPx.subarray(0, count), usage: 'dynamic' });
      dotBuffers.color({ data: inj.colors.subarray(0, 3 * count), usage: 'dynamic' });
      cmd.points({
        frame,
        ...dotBuffers,
        count,
        dpr,
        maxPointSize: ctx.maxPointSize,
        outlinePx: style.dotOutlinePx ?? 1,
        alpha: style.dotAlpha ?? 0.9,
      });
    }
  }

  return {
    floatTextures: ctx.floatTextures,
    draw,
    resize(cssWidth, cssHeight, devicePixelRatio) {
      if (destroyed) return;
      const dpr = devicePixelRatio > 0 && Number.isFinite(devicePixelRatio) ? devicePixelRatio : 1;
      css = { width: Math.max(0, cssWidth || 0), height: Math.max(0, cssHeight || 0), dpr };
      const size = bufferSize(css.width, css.height, dpr, ctx.maxBufferSize);
      if (canvas.width !== size.width) canvas.width = size.width;
      if (canvas.height !== size.height) canvas.height = size.height;
      vp = sectionViewport(last?.section ?? FULL_CORONAL_SECTION, canvasBox(css.width, css.height), style.paddingCssPx ?? 0);
      if (last) draw(last);
    },
    viewport: () => vp,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      bgTex.destroy();
      annTex.destroy();
      targetTex.destroy();
      for (const t of sourceTex) t.destroy();
      regl.destroy();
      last = null;
    },
  };
}
