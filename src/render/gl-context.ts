// WebGL1 context + regl for the 2D renderers (DESIGN §7: regl is a WebGL1 API; a WebGL2 context
// makes float textures sample as 0). preserveDrawingBuffer so PNG export and screenshot tests can
// read the frame after it was presented. No multisampling: the renderers draw axis-aligned quads
// and draw their boundary lines and smoothed dots in the fragment shader, so a multisampled
// buffer only cost time (software WebGL, slider key → frame drawn, 2 runs each: p50 19.6–19.9
// against 21.1–21.4 ms at 1280×800, 65.9–67.0 against 77.3–77.9 ms at 1920×1200). Float textures
// are optional: without OES_texture_float data textures are quantised to bytes by the callers.

import createREGL from 'regl';
import type { Regl } from 'regl';

export interface GlContext {
  readonly gl: WebGLRenderingContext;
  readonly regl: Regl;
  /** OES_texture_float is available (float data textures with NEAREST filtering). */
  readonly floatTextures: boolean;
  /** Largest gl_PointSize in device px (ALIASED_POINT_SIZE_RANGE[1]). */
  readonly maxPointSize: number;
  /** Largest drawing buffer side (min of MAX_VIEWPORT_DIMS and MAX_RENDERBUFFER_SIZE). */
  readonly maxBufferSize: number;
}

/**
 * The canvas's WebGL1 context with the renderers' attributes (the one already made, if any). The
 * drawing buffer is first sized to the canvas's laid-out size: resizing it after the context
 * exists reallocates it (80–130 ms in software WebGL). Making a context is a synchronous round
 * trip to the GPU process (130–280 ms in software WebGL); a caller may do it in a task of its own
 * before createGlContext, which then finds it made.
 */
export function openWebGl(canvas: HTMLCanvasElement): WebGLRenderingContext | null {
  const box = canvas.getBoundingClientRect();
  if (box.width > 0 && box.height > 0) {
    const size = bufferSize(box.width, box.height, globalThis.devicePixelRatio || 1, 4096);
    if (canvas.width !== size.width) canvas.width = size.width;
    if (canvas.height !== size.height) canvas.height = size.height;
  }
  return canvas.getContext('webgl', {
    preserveDrawingBuffer: true,
    antialias: false,
    // every draw of the 2D renderers runs with the depth test off: a depth buffer (the default)
    // was only allocated and resized with the canvas
    depth: false,
    stencil: false,
    premultipliedAlpha: false,
    alpha: true,
  });
}

export function createGlContext(canvas: HTMLCanvasElement, label: string): GlContext {
  const gl = openWebGl(canvas);
  if (!gl) throw new Error(`${label}: WebGL (version 1) is not available in this browser — enable hardware acceleration or use a browser with WebGL`);
  const regl = createREGL({ gl, optionalExtensions: ['OES_texture_float'] });
  const range = gl.getParameter(gl.ALIASED_POINT_SIZE_RANGE) as Float32Array | null;
  const dims = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array | null;
  const rb = gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number | null;
  return {
    gl,
    regl,
    floatTextures: regl.hasExtension('OES_texture_float'),
    maxPointSize: range?.[1] ?? 1,
    maxBufferSize: Math.min(dims?.[0] ?? 4096, dims?.[1] ?? 4096, rb ?? 4096),
  };
}

/** Compile and link a program once with raw GL so errors throw with the driver's log. */
export function checkProgram(gl: WebGLRenderingContext, vert: string, frag: string, label: string): void {
  const shaders: WebGLShader[] = [];
  try {
    for (const [type, src, kind] of [
      [gl.VERTEX_SHADER, vert, 'vertex'],
      [gl.FRAGMENT_SHADER, frag, 'fragment'],
    ] as const) {
      const s = gl.createShader(type);
      if (!s) throw new Error(`${label}: could not create a ${kind} shader (WebGL context lost?)`);
      shaders.push(s);
      gl.shaderSource(s, src);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS) && !gl.isContextLost())
        throw new Error(`${label}: ${kind} shader does not compile:\n${gl.getShaderInfoLog(s) ?? ''}`);
    }
    const p = gl.createProgram();
    if (!p) throw new Error(`${label}: could not create a program (WebGL context lost?)`);
    for (const s of shaders) gl.attachShader(p, s);
    gl.linkProgram(p);
    const ok = gl.getProgramParameter(p, gl.LINK_STATUS) as boolean;
    const log = gl.getProgramInfoLog(p) ?? '';
    gl.deleteProgram(p);
    if (!ok && !gl.isContextLost()) throw new Error(`${label}: shaders do not link:\n${log}`);
  } finally {
    for (const s of shaders) gl.deleteShader(s);
  }
}

/**
 * After regl failed to make a command: each program compiled and linked again with raw GL, so the
 * first that fails throws with the driver's log (regl's own error names no line). Only then:
 * checking every program before regl compiled and linked each twice at start-up.
 */
export function explainProgramFailure(gl: WebGLRenderingContext, programs: ReadonlyArray<readonly [vert: string, frag: string, label: string]>): void {
  if (gl.isContextLost()) return;
  for (const [vert, frag, label] of programs) checkProgram(gl, vert, frag, label);
}

/** Drawing-buffer size for a CSS size and devicePixelRatio (≥ 1 px, ≤ maxBufferSize). */
export function bufferSize(cssWidth: number, cssHeight: number, dpr: number, maxBufferSize: number): { width: number; height: number } {
  const r = dpr > 0 && Number.isFinite(dpr) ? dpr : 1;
  const clamp = (v: number): number => Math.min(maxBufferSize, Math.max(1, Math.round((Number.isFinite(v) ? v : 0) * r)));
  return { width: clamp(cssWidth), height: clamp(cssHeight) };
}

/** Bytes 0…255 of values in [0, 1] (NaN → 0), for devices without float textures. */
export function quantiseUnit(src: Float32Array, dst: Uint8Array): Uint8Array {
  for (let i = 0; i < src.length; i++) {
    const v = src[i] ?? 0;
    dst[i] = v > 0 ? (v >= 1 ? 255 : Math.round(v * 255)) : 0;
  }
  return dst;
}
