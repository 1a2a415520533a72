// GPU side of the projectome renderer: the context, programs and commands, and the resources
// uploaded once per data set — section labels and target masks, source values, dots — as
// texture atlas pages (tile-atlas.ts; one group = one AP position). Pages are uploaded when a
// draw first needs one (pageTexture) or one per call of uploadNextPage, which the renderer runs
// in its own tasks after a frame: a new data set costs the frame one page, not all of them (the
// whole upload of a 303-experiment load was one 150–330 ms main-thread task). Everything here is
// rebuilt from the caller's CPU-side arrays after a lost context is restored.

import type { Buffer, Elements, Framebuffer2D, Regl, Texture2D } from 'regl';
import { createGlContext, explainProgramFailure, openWebGl, type GlContext } from './gl-context';
import { commandSteps, type Commands } from './projectome-commands';
import { runSteps, type Steps } from './steps';
import { CELLS_FRAG, compositeFrag, MAX_DOT_SOURCES, POINT_FRAG, POINT_VERT, SECTION_FRAG } from './projectome-shaders';
import type { ProjectomeDots, ProjectomeSections, ProjectomeSourceStack } from './projectome-types';
import { QUAD_CORNERS, QUAD_VERT } from './shaders';
import { packPage, pageView, tileAtlasLayout, type TileAtlasLayout } from './tile-atlas';

/** Texture pages of one tile atlas, each created or refreshed from `image` when first needed. */
export interface Pages {
  readonly layout: TileAtlasLayout;
  /** null: not created yet. */
  readonly textures: Array<Texture2D | null>;
  /** The texture holds older data than `image` gives (a held page reused for new data). */
  readonly stale: boolean[];
  readonly format: 'luminance' | 'luminance alpha';
  readonly float: boolean;
  /** The page's texels (a view of the caller's array when the layout allows, else packed). */
  readonly image: (page: number) => Uint8Array | Float32Array;
}

export interface SectionPages {
  readonly data: ProjectomeSections;
  readonly layout: TileAtlasLayout;
  /** SectionStack.cellCodes pages (LUMINANCE_ALPHA). */
  readonly codes: Pages;
}

export interface SourcePages {
  readonly data: ProjectomeSourceStack;
  readonly layout: TileAtlasLayout | null;
  readonly pages: Pages | null;
  /** Without float textures the pages hold opacity bytes at this gain (re-uploaded when it changes). */
  gain: number;
}

/**
 * Where the sources at the AP drawn are composited, one RGBA texel per cell of the crop in its
 * lower-left crop.cols × crop.rows texels (CELLS_FRAG). One framebuffer for the context's life,
 * made with the context: making a framebuffer checks its status, a round trip that waits for
 * everything the GPU has queued. Made with a new stack, behind its texture uploads, that wait was
 * the longest main-thread task of a 303-experiment load (~190 ms in software WebGL); it is remade
 * only for a crop larger than it (not one of the 100 µm grid's sections).
 */
export interface CellsTarget {
  readonly fbo: Framebuffer2D;
  readonly tex: Texture2D;
}

/** Side of the cells framebuffer made with the context: holds any section of the 100 µm grid (132 × 80 × 114). */
export const CELLS_SIDE = 256;

export interface DotBuffers {
  readonly pos: Buffer;
  readonly size: Buffer;
  readonly source: Buffer;
  readonly elements: Elements | null;
}

export interface Gpu {
  readonly ctx: GlContext;
  readonly regl: Regl;
  readonly cmd: Commands;
  /** Sources composited per pass (bounded by the fragment uniforms). */
  readonly slots: number;
  /** Largest atlas page side. */
  readonly maxPage: number;
  sections: SectionPages | null;
  sources: SourcePages | null;
  dots: DotBuffers | null;
  cells: CellsTarget;
}

function makeCells(regl: Regl, width: number, height: number): CellsTarget {
  const tex = regl.texture({ width, height, format: 'rgba', type: 'uint8', min: 'nearest', mag: 'nearest', wrap: 'clamp' });
  return { fbo: regl.framebuffer({ color: tex, depth: false, stencil: false }), tex };
}

/** The programs of the commands, for a readable error when one does not compile or link. */
const programs = (slots: number) =>
  [
    [QUAD_VERT, SECTION_FRAG, 'projectome renderer (section and target)'],
    [QUAD_VERT, compositeFrag(slots), 'projectome renderer (sources)'],
    [QUAD_VERT, CELLS_FRAG, 'projectome renderer (composited cells)'],
    [POINT_VERT, POINT_FRAG, 'projectome renderer (dots)'],
  ] as const;

/**
 * createGpu in steps, each short enough for a main-thread task of its own when the caller runs
 * them apart (yield = a good place to let the page run): the WebGL context, regl on it, then each
 * command (its program linked). Run at once, the whole was the longest main-thread task of a
 * 303-experiment load (~200 ms in software WebGL). Abandoned before its end (return()), it
 * destroys what it made.
 */
export function* gpuSetup(canvas: HTMLCanvasElement): Steps<Gpu> {
  const open = performance.now();
  const opened = openWebGl(canvas); // a failure is reported by createGlContext
  // the context alone (bench:browser's timelines)
  performance.measure('bsv:gl-open', { start: open, end: performance.now() });
  yield;
  // the extension regl asks for, enabled in a step of its own: a synchronous round trip to a GPU
  // process that is busy compositing the page (~45 ms of regl's ~90 ms set-up in a cold load);
  // regl's own request then finds it enabled
  opened?.getExtension('OES_texture_float');
  yield;
  const t0 = performance.now();
  const ctx = createGlContext(canvas, 'projectome renderer');
  const { gl, regl } = ctx;
  let made = false;
  try {
    yield;
    const uniforms = regl.limits.maxFragmentUniforms;
    const slots = Math.max(1, Math.min(8, Math.floor((uniforms - 12) / 2)));
    const high = gl.getShaderPrecisionFormat(gl.FRAGMENT_SHADER, gl.HIGH_FLOAT);
    // mediump (fp16) holds texel centres exactly only below 1024
    const maxPage = Math.min(regl.limits.maxTextureSize, high && high.precision > 0 ? 4096 : 1024);
    let cmd: Commands;
    try {
      cmd = yield* commandSteps(regl, regl.buffer(QUAD_CORNERS), slots);
    } catch (e) {
      explainProgramFailure(gl, programs(slots));
      throw e;
    }
    const cells = makeCells(regl, CELLS_SIDE, CELLS_SIDE);
    // regl, its extensions, the commands and the cells framebuffer, over the steps' tasks (bench:browser's timelines)
    performance.measure('bsv:gl-setup', { start: t0, end: performance.now() });
    made = true;
    return { ctx, regl, cmd, slots, maxPage, sections: null, sources: null, dots: null, cells };
  } finally {
    if (!made) regl.destroy();
  }
}

/** The renderer's GPU side made in this task (a restored context). */
export const createGpu = (canvas: HTMLCanvasElement): Gpu => runSteps(gpuSetup(canvas));

const texOpts = (width: number, height: number, data: Uint8Array | Float32Array, format: 'rgba' | 'luminance' | 'luminance alpha', float: boolean) => ({
  width,
  height,
  data,
  format,
  type: float ? ('float' as const) : ('uint8' as const),
  min: 'nearest' as const,
  mag: 'nearest' as const,
  wrap: 'clamp' as const,
  alignment: 1 as const,
});

/** The texture of page `i`, created or refreshed now if it is not up to date. */
export function pageTexture(gpu: Gpu, pages: Pages, i: number): Texture2D | null {
  const p = pages.layout.pages[i];
  if (!p) return null;
  const held = pages.textures[i];
  if (held && !pages.stale[i]) return held;
  const image = pages.image(i);
  if (held) held.subimage(image);
  const tex = held ?? gpu.regl.texture(texOpts(p.width, p.height, image, pages.format, pages.float));
  pages.textures[i] = tex;
  pages.stale[i] = false;
  return tex;
}

/** Uploads one page not yet up to date (sections first); false when every page is. */
export function uploadNextPage(gpu: Gpu): boolean {
  for (const pages of [gpu.sections?.codes, gpu.sources?.pages]) {
    if (!pages) continue;
    const i = pages.textures.findIndex((t, k) => t === null || pages.stale[k]);
    if (i >= 0) {
      pageTexture(gpu, pages, i);
      return true;
    }
  }
  return false;
}

function destroyPages(pages: Pages | null | undefined, kept: readonly (Texture2D | null)[] = []): void {
  for (const t of pages?.textures ?? []) if (t && !kept.includes(t)) t.destroy();
}

export function uploadSections(gpu: Gpu, data: ProjectomeSections | null): void {
  destroyPages(gpu.sections?.codes);
  gpu.sections = null;
  if (!data || data.apCount === 0) return;
  const n = data.rows * data.cols;
  if (data.cellCodes.length !== 2 * data.apCount * n)
    throw new RangeError(`projectome sections: ${data.apCount} sections of ${data.rows} × ${data.cols} do not match the cell codes`);
  const layout = tileAtlasLayout(data.cols, data.rows, 1, data.apCount, gpu.maxPage);
  const codes: Pages = {
    layout,
    textures: layout.pages.map(() => null),
    stale: layout.pages.map(() => false),
    format: 'luminance alpha',
    float: false,
    image: (i) => {
      const p = layout.pages[i];
      return pageView(layout, i, data.cellCodes, 2) ?? packPage(layout, i, data.cellCodes, 2, new Uint8Array((p?.width ?? 0) * (p?.height ?? 0) * 2));
    },
  };
  gpu.sections = { data, layout, codes };
}

/** Opacity byte of a value (NaN → 0), as gl-context's quantiseUnit. */
const toByte =
  (gain: number) =>
  (v: number): number => {
    const a = v * gain;
    return a > 0 ? (a >= 1 ? 255 : Math.round(a * 255)) : 0;
  };

/**
 * Installs the source pages (uploaded as draws need them, or by uploadNextPage); without float
 * textures as opacity bytes at `gain`. A stack of the same shape as the one held (the next preview
 * of the same projectome, a new gain) is written into the textures already there (texSubImage2D).
 * The sources composite into the context's one cells framebuffer (CellsTarget).
 */
export function uploadSources(gpu: Gpu, data: ProjectomeSourceStack | null, gain: number): void {
  const prev = gpu.sources;
  gpu.sources = null;
  const valid = data !== null && data.apCount > 0 && data.sources > 0 && data.crop.rows > 0 && data.crop.cols > 0;
  if (data && data.values.length !== data.apCount * data.sources * data.crop.rows * data.crop.cols) {
    release(prev, []);
    throw new RangeError(`projectome sources: ${data.values.length} values ≠ ${data.apCount} × ${data.sources} tiles of ${data.crop.rows} × ${data.crop.cols}`);
  }
  if (!data || !valid) {
    release(prev, []);
    if (data) gpu.sources = { data, layout: null, pages: null, gain };
    return;
  }
  const { rows, cols } = data.crop;
  const layout = tileAtlasLayout(cols, rows, data.sources, data.apCount, gpu.maxPage);
  const float = gpu.ctx.floatTextures;
  const held = prev?.pages;
  const samePages =
    held?.layout.pages.length === layout.pages.length &&
    layout.pages.every((p, i) => held.layout.pages[i]?.width === p.width && held.layout.pages[i]?.height === p.height);
  const textures = layout.pages.map((_, i) => (samePages ? (held.textures[i] ?? null) : null));
  const pages: Pages = {
    layout,
    textures,
    // a held texture keeps the previous stack's texels until it is refreshed
    stale: textures.map((t) => t !== null),
    format: 'luminance',
    float,
    image: (i) => {
      const p = layout.pages[i];
      const size = (p?.width ?? 0) * (p?.height ?? 0);
      if (!float) return packPage(layout, i, data.values, 1, new Uint8Array(size), toByte(gain));
      return pageView(layout, i, data.values, 1) ?? packPage(layout, i, data.values, 1, new Float32Array(size));
    },
  };
  release(prev, textures);
  const target = gpu.cells.tex;
  if (cols > target.width || rows > target.height) {
    gpu.cells.fbo.destroy();
    target.destroy();
    gpu.cells = makeCells(gpu.regl, Math.max(cols, target.width), Math.max(rows, target.height));
  }
  gpu.sources = { data, layout, pages, gain };
}

/** Destroys the pages `prev` held except the textures kept for the next stack. */
function release(prev: SourcePages | null, kept: readonly (Texture2D | null)[]): void {
  if (!prev) return;
  destroyPages(prev.pages, kept);
}

export function uploadDots(gpu: Gpu, dots: ProjectomeDots | null, stack: ProjectomeSourceStack | null): void {
  if (gpu.dots) for (const b of [gpu.dots.pos, gpu.dots.size, gpu.dots.source, gpu.dots.elements]) b?.destroy();
  gpu.dots = null;
  if (!dots || !stack) return;
  const n = dots.sizesPx.length;
  if (dots.positionsUm.length !== 2 * n || dots.sources.length !== n)
    throw new RangeError(`projectome dots: ${n} sizes but ${dots.positionsUm.length / 2} positions and ${dots.sources.length} sources`);
  if (n > 65535) throw new RangeError(`projectome dots: ${n} dots exceed 16-bit indices`);
  for (const s of dots.sources) if (!(s >= 0 && s < MAX_DOT_SOURCES)) throw new RangeError(`projectome dots: source ${s} outside 0…${MAX_DOT_SOURCES - 1}`);
  for (const i of stack.injectionIndices) if (!(i >= 0 && i < n)) throw new RangeError(`projectome dots: visible dot ${i} of ${n}`);
  const { regl } = gpu;
  gpu.dots = {
    pos: regl.buffer({ data: n > 0 ? dots.positionsUm : new Float32Array(2), usage: 'static' }),
    size: regl.buffer({ data: n > 0 ? dots.sizesPx : new Float32Array(1), usage: 'static' }),
    source: regl.buffer({ data: n > 0 ? dots.sources : new Float32Array(1), usage: 'static' }),
    elements: stack.injectionIndices.length > 0 ? regl.elements({ data: Uint16Array.from(stack.injectionIndices), primitive: 'points', type: 'uint16' }) : null,
  };
}

export function destroyGpu(gpu: Gpu): void {
  // regl.destroy releases every texture, buffer and program it made (no-ops on a lost context)
  gpu.sections = null;
  gpu.sources = null;
  gpu.dots = null;
  gpu.regl.destroy();
}
