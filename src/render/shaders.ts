// GLSL ES 1.00 shared by the 2D renderers. Geometry: a unit quad (corner ∈ [0,1]²) spread over a
// CCF extent (µm; x = horizontal ML/AP, y = DV) and mapped to clip space by
// clip = um · uScale + uOffset (see ccfToClipTransform). vUv runs over the texture window uUv
// (s along the horizontal axis, t along DV), so texture row 0 (dorsal) is at t = 0.

export const QUAD_VERT = `
precision highp float;
attribute vec2 corner;
uniform vec4 uExtent; // hMin, dvMin, hMax, dvMax (µm)
uniform vec2 uScale;
uniform vec2 uOffset;
uniform vec4 uUv; // s0, t0, s1, t1: texture window spread over the quad
varying vec2 vUv;
void main() {
  vUv = mix(uUv.xy, uUv.zw, corner);
  vec2 um = mix(uExtent.xy, uExtent.zw, corner);
  gl_Position = vec4(um * uScale + uOffset, 0.0, 1.0);
}`;

/**
 * maskEdge(): 1 on fragments of an inside cell (mask byte ≠ 0) lying within uLineWidthPx device
 * px of a side shared with an outside cell (or the grid border), else 0. uMaskSize = (cols,
 * rows); uCellPx = device px per cell (x, y). Draws crisp, thin outlines at any zoom.
 */
export const MASK_EDGE_GLSL = `
uniform sampler2D uMask;
uniform vec2 uMaskSize;
uniform vec2 uCellPx;
uniform float uLineWidthPx;
float cellIn(vec2 c) {
  if (c.x < 0.0 || c.y < 0.0 || c.x >= uMaskSize.x || c.y >= uMaskSize.y) return 0.0;
  return texture2D(uMask, (c + 0.5) / uMaskSize).r > 0.001 ? 1.0 : 0.0;
}
float maskEdge(vec2 uv) {
  vec2 p = uv * uMaskSize;
  vec2 c = floor(p);
  vec2 f = p - c;
  if (cellIn(c) < 0.5) return 0.0;
  vec2 lo = f * uCellPx;
  vec2 hi = (1.0 - f) * uCellPx;
  float e = 0.0;
  if (lo.x < uLineWidthPx && cellIn(c + vec2(-1.0, 0.0)) < 0.5) e = 1.0;
  if (hi.x < uLineWidthPx && cellIn(c + vec2(1.0, 0.0)) < 0.5) e = 1.0;
  if (lo.y < uLineWidthPx && cellIn(c + vec2(0.0, -1.0)) < 0.5) e = 1.0;
  if (hi.y < uLineWidthPx && cellIn(c + vec2(0.0, 1.0)) < 0.5) e = 1.0;
  return e;
}`;

/** Solid colour over the quad (page background / letterbox fill). */
export const FILL_FRAG = `
precision mediump float;
uniform vec4 uColor;
void main() { gl_FragColor = uColor; }`;

/** Unit quad as a triangle strip. */
export const QUAD_CORNERS = [0, 0, 1, 0, 0, 1, 1, 1];
