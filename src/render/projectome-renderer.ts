// WebGL renderer of the projectome (coronal section): atlas boundaries, target, the sources
// composited in their per-AP draw order, injection dots. The data for the target's whole AP
// extent is uploaded once (setSections, setSources: texture atlas pages); draw(state) is an AP
// step — uniforms and four draw calls, no upload (except, without float textures, a new gain).
// Owns its GL context and resources; keeps references (never copies) to the arrays it was given
// and rebuilds everything from them when a lost context is restored. Nothing is drawn while the
// canvas has no size.

import { bufferSize } from './gl-context';
import { rgba, type Frame } from './projectome-commands';
import { createGpu, destroyGpu, gpuSetup, pageTexture, uploadDots, uploadNextPage, uploadSections, uploadSources, type Gpu } from './projectome-gpu';
import { MAX_DOT_SOURCES } from './projectome-shaders';
import type { ProjectomeDots, ProjectomeFrameState, ProjectomeSections, ProjectomeSourceStack, ProjectomeStyle } from './projectome-types';
import { boxQuad, type CellBox } from './raster-box';
import type { Steps } from './steps';
import {
  canvasBox,
  ccfToClipTransform,
  cssRectToGl,
  FULL_CORONAL_SECTION,
  sectionViewport,
  type SectionExtent,
  type SectionViewport,
} from './section-viewport';

export type { ProjectomeFrameState, ProjectomeStyle } from './projectome-types';

export interface ProjectomeRenderer {
  /** The atlas sections over an AP extent (null: none drawn). Uploads once. */
  setSections(sections: ProjectomeSections | null): void;
  /** The sources over an AP extent and every injection dot (null: none drawn). Uploads once. */
  setSources(stack: ProjectomeSourceStack | null, dots: ProjectomeDots | null): void;
  /** Draws one AP position. Does nothing while the context is lost. */
  draw(state: ProjectomeFrameState): void;
  /** Sets the drawing buffer to cssWidth·dpr × cssHeight·dpr and redraws the last state. */
  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void;
  /** Mapping of the last draw / resize (hover readout, scale bar, SVG export). */
  viewport(): SectionViewport;
  /** True when float textures are in use (false: opacities quantised to 8 bits). */
  readonly floatTextures: boolean;
  isContextLost(): boolean;
  destroy(): void;
}

export interface ProjectomeRendererOptions {
  readonly style?: ProjectomeStyle;
  /** The context was lost: nothing can be drawn until onContextRestored. */
  readonly onContextLost?: () => void;
  /** The context is back, every resource re-uploaded and the last state redrawn. */
  readonly onContextRestored?: () => void;
  /** Rebuilding after a restore failed. */
  readonly onError?: (e: unknown) => void;
}

const boxAt = (boxes: Int32Array, k: number): CellBox | null => {
  const r0 = boxes[4 * k] ?? -1,
    r1 = boxes[4 * k + 1] ?? -1,
    c0 = boxes[4 * k + 2] ?? -1,
    c1 = boxes[4 * k + 3] ?? -1;
  return r0 < 0 || r1 < r0 || c0 < 0 || c1 < c0 ? null : { r0, r1, c0, c1 };
};

/**
 * The renderer, made in steps (projectome-gpu.ts gpuSetup): a caller that runs each in a task of
 * its own keeps the page responsive while the context, regl and the programs are made (runSteps
 * makes it at once). return() before the end releases what was made.
 */
export function* projectomeRendererSteps(canvas: HTMLCanvasElement, options: ProjectomeRendererOptions = {}): Steps<ProjectomeRenderer> {
  const made = yield* gpuSetup(canvas);
  return rendererOn(canvas, made, options);
}

function rendererOn(canvas: HTMLCanvasElement, made: Gpu, options: ProjectomeRendererOptions): ProjectomeRenderer {
  const style = options.style ?? {};
  let gpu: Gpu | null = made;
  const floatTextures = gpu.ctx.floatTextures;
  let sections: ProjectomeSections | null = null;
  let stack: ProjectomeSourceStack | null = null;
  let dots: ProjectomeDots | null = null;
  let css = { width: canvas.clientWidth, height: canvas.clientHeight, dpr: 1 };
  // the section drawn: the sources' rows × cols (a coronal, sagittal or horizontal plane of the grid)
  let extent: SectionExtent = FULL_CORONAL_SECTION;
  let last: ProjectomeFrameState | null = null;
  let vp = sectionViewport(extent, canvasBox(css.width, css.height), style.paddingCssPx ?? 0);
  let destroyed = false;
  const page = style.pageColor ?? [1, 1, 1];
  // per-draw scratch (draw is allocation-light: these are refilled, never reallocated)
  let slotTiles = new Float32Array(4 * gpu.slots);
  let slotColors = new Float32Array(4 * gpu.slots);
  const sourceColors = new Float32Array(4 * MAX_DOT_SOURCES);

  // pages not drawn yet are uploaded one per task after a frame (projectome-gpu.ts)
  let pagesPending = false;
  let uploadTimer: ReturnType<typeof setTimeout> | null = null;
  const uploadSoon = (): void => {
    if (uploadTimer !== null || destroyed) return;
    uploadTimer = setTimeout(() => {
      uploadTimer = null;
      const g = gpu;
      if (destroyed || !g || !pagesPending) return;
      try {
        pagesPending = uploadNextPage(g);
      } catch (e) {
        pagesPending = false;
        options.onError?.(e);
      }
      if (pagesPending) uploadSoon();
    }, 0);
  };

  const onLost = (e: Event): void => {
    e.preventDefault();
    if (gpu) destroyGpu(gpu);
    gpu = null;
    options.onContextLost?.();
  };
  const onRestored = (): void => {
    if (destroyed) return;
    try {
      gpu = createGpu(canvas);
      slotTiles = new Float32Array(4 * gpu.slots);
      slotColors = new Float32Array(4 * gpu.slots);
      uploadSections(gpu, sections);
      uploadSources(gpu, stack, last?.gain ?? 1);
      uploadDots(gpu, dots, stack);
      pagesPending = true;
      if (last) draw(last);
      options.onContextRestored?.();
    } catch (e) {
      options.onError?.(e);
    }
  };
  canvas.addEventListener('webglcontextlost', onLost);
  canvas.addEventListener('webglcontextrestored', onRestored);

  function live(): Gpu | null {
    if (destroyed) throw new Error('projectome renderer: used after destroy()');
    return gpu;
  }

  function clearPage(g: Gpu): void {
    const gl = g.ctx.gl;
    gl.disable(gl.SCISSOR_TEST);
    gl.viewport(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight);
    const c = rgba(page);
    gl.clearColor(c[0], c[1], c[2], c[3]);
    gl.clear(gl.COLOR_BUFFER_BIT);
    g.regl._refresh();
  }

  function drawSections(g: Gpu, frame: Frame, ap: number, state: ProjectomeFrameState, dpr: number): void {
    const sp = g.sections;
    if (!sp) return;
    const s = sp.data;
    const k = ap - s.apStart;
    if (!(k >= 0 && k < s.apCount)) return;
    const place = sp.layout.place(k, 0);
    const p = sp.layout.pages[place.page];
    const codes = pageTexture(g, sp.codes, place.page);
    const brain = boxAt(s.brainBoxes, k);
    if (!p || !codes || !brain) return;
    const cell = (s.resolutionUm / vp.umPerCssPx) * dpr;
    // grown by one cell so the brain's outer outline (id ≠ 0 next to 0) is inside the quad; the
    // target lies inside the brain, so the same quad draws it
    const grown = {
      r0: Math.max(0, brain.r0 - 1),
      r1: Math.min(s.rows - 1, brain.r1 + 1),
      c0: Math.max(0, brain.c0 - 1),
      c1: Math.min(s.cols - 1, brain.c1 + 1),
    };
    g.cmd.section({
      frame,
      ...boxQuad(grown, s.rows, s.cols, s.resolutionUm),
      tex: codes,
      atlas: [p.width, p.height],
      tile: [place.x, place.y],
      size: [s.cols, s.rows],
      cellPx: [cell, cell],
      halfWidth: ((style.boundaryWidthPx ?? 1) * dpr) / 2,
      line: style.boundaryColor ?? [0.35, 0.35, 0.35],
      inside: style.insideColor ?? [0.95, 0.95, 0.95],
      outside: page,
      lineWidth: (style.targetLineWidthPx ?? 1.5) * dpr,
      color: state.targetColor,
      fillAlpha: style.targetFillAlpha ?? 0.15,
      lineAlpha: style.targetLineAlpha ?? 0.8,
    });
  }

  function drawSources(g: Gpu, frame: Frame, ap: number, state: ProjectomeFrameState): void {
    const sp = g.sources;
    if (!sp?.layout) return;
    const st = sp.data;
    const k = ap - st.apStart;
    const box = k >= 0 && k < st.apCount ? boxAt(st.targetBoxes, k) : null;
    if (!box) return;
    const gain = state.gain ?? 1;
    const float = g.ctx.floatTextures;
    if (!float && gain !== sp.gain) {
      uploadSources(g, st, gain);
      pagesPending = true;
      drawSources(g, frame, ap, state);
      return;
    }
    const place0 = sp.layout.place(k, 0);
    const p = sp.layout.pages[place0.page];
    const tex = sp.pages ? pageTexture(g, sp.pages, place0.page) : null;
    const cells = g.cells;
    if (!p || !tex) return;
    const { crop } = st;
    const quad = boxQuad(box, st.rows, st.cols, st.resolutionUm);
    const uv: [number, number, number, number] = [box.c0 - crop.c0, box.r0 - crop.r0, box.c1 + 1 - crop.c0, box.r1 + 1 - crop.r0];
    const opacity = state.opacity ?? style.sourceOpacity ?? 1;
    // the sources composite at cell resolution into `cells`, then one fetch per screen fragment
    g.regl.clear({ color: [0, 0, 0, 0], framebuffer: cells.fbo });
    let count = 0;
    const flush = (): void => {
      if (count === 0) return;
      g.cmd.composite({
        cells: cells.fbo,
        tex,
        atlas: [p.width, p.height],
        crop: [crop.cols, crop.rows],
        slotTiles,
        slotColors,
        count,
        gain: float ? gain : 1,
      });
      count = 0;
    };
    for (let i = 0; i < st.sources; i++) {
      const s = st.order[k * st.sources + i] ?? -1;
      if (s < 0 || state.visible[s] === false) continue;
      const t = sp.layout.place(k, s);
      const c = state.colors[s] ?? [0, 0, 0];
      slotTiles.set([t.x, t.y, 0, 0], 4 * count);
      slotColors.set([c[0], c[1], c[2], opacity], 4 * count);
      if (++count === g.slots) flush();
    }
    flush();
    g.cmd.cells({ frame, extent: quad.extent, uv, cells: cells.tex, crop: [crop.cols, crop.rows] });
  }

  function drawDots(g: Gpu, frame: Frame, ap: number, state: ProjectomeFrameState, dpr: number): void {
    const d = g.dots;
    const st = g.sources?.data;
    if (!d?.elements || !st) return;
    const k = ap - st.apStart;
    if (!(k >= 0 && k < st.apCount)) return;
    const offset = st.injectionOffsets[k] ?? 0;
    const count = (st.injectionOffsets[k + 1] ?? offset) - offset;
    if (count <= 0) return;
    sourceColors.fill(0);
    for (let s = 0; s < Math.min(MAX_DOT_SOURCES, state.colors.length); s++) {
      const c = state.colors[s] ?? [0, 0, 0];
      sourceColors.set([c[0], c[1], c[2], state.visible[s] === false ? 0 : 1], 4 * s);
    }
    g.cmd.points({
      frame,
      pos: d.pos,
      size: d.size,
      source: d.source,
      elements: d.elements,
      offset,
      count,
      sourceColors,
      dpr,
      maxPointSize: g.ctx.maxPointSize,
      outlinePx: style.dotOutlinePx ?? 1,
      alpha: style.dotAlpha ?? 0.9,
    });
  }

  function draw(state: ProjectomeFrameState): void {
    const g = live();
    last = state;
    vp = sectionViewport(extent, canvasBox(css.width, css.height), style.paddingCssPx ?? 0);
    if (!g) return;
    g.regl.poll();
    const gl = g.ctx.gl;
    const t = ccfToClipTransform(vp, css.width, css.height);
    const frame: Frame = {
      viewport: { x: 0, y: 0, width: gl.drawingBufferWidth, height: gl.drawingBufferHeight },
      scissor: cssRectToGl(vp.rect, css.width, css.height, gl.drawingBufferWidth, gl.drawingBufferHeight),
      scale: t.scale,
      offset: t.offset,
    };
    clearPage(g);
    if (!(css.width > 0 && css.height > 0) || frame.scissor.width === 0 || frame.scissor.height === 0) return;
    drawSections(g, frame, state.apIndex, state, css.dpr);
    drawSources(g, frame, state.apIndex, state);
    drawDots(g, frame, state.apIndex, state, css.dpr);
    if (pagesPending) uploadSoon();
  }

  return {
    floatTextures,
    setSections(s) {
      const g = live();
      sections = s;
      if (g) uploadSections(g, s);
      pagesPending = true;
    },
    setSources(s, d) {
      const g = live();
      stack = s;
      dots = d;
      extent = s ? { dvMinUm: 0, dvMaxUm: s.rows * s.resolutionUm, mlMinUm: 0, mlMaxUm: s.cols * s.resolutionUm } : FULL_CORONAL_SECTION;
      if (g) {
        uploadSources(g, s, last?.gain ?? 1);
        uploadDots(g, d, s);
      }
      pagesPending = true;
    },
    draw,
    resize(cssWidth, cssHeight, devicePixelRatio) {
      if (destroyed) return;
      const dpr = devicePixelRatio > 0 && Number.isFinite(devicePixelRatio) ? devicePixelRatio : 1;
      css = { width: Math.max(0, cssWidth || 0), height: Math.max(0, cssHeight || 0), dpr };
      const size = bufferSize(css.width, css.height, dpr, gpu?.ctx.maxBufferSize ?? 4096);
      if (canvas.width !== size.width) canvas.width = size.width;
      if (canvas.height !== size.height) canvas.height = size.height;
      vp = sectionViewport(extent, canvasBox(css.width, css.height), style.paddingCssPx ?? 0);
      if (last) draw(last);
    },
    viewport: () => vp,
    isContextLost: () => gpu === null,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (uploadTimer !== null) clearTimeout(uploadTimer);
      uploadTimer = null;
      canvas.removeEventListener('webglcontextlost', onLost);
      canvas.removeEventListener('webglcontextrestored', onRestored);
      if (gpu) destroyGpu(gpu);
      gpu = null;
      sections = null;
      stack = null;
      dots = null;
      last = null;
    },
  };
}
