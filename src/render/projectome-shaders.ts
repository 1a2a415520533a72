// Shaders of the projectome renderer (GLSL ES 1.00). See shaders.ts for the quad convention.
import { MASK_EDGE_GLSL } from './shaders';

/** Background codes (bytes): 0 outside the brain, 128 inside, 255 boundary. */
export const BG_FRAG = `
precision mediump float;
varying vec2 vUv;
uniform sampler2D uTex;
uniform vec3 uLine;
uniform vec3 uInside;
uniform vec3 uOutside;
void main() {
  float c = texture2D(uTex, vUv).r;
  vec3 col = c > 0.75 ? uLine : (c > 0.25 ? uInside : uOutside);
  gl_FragColor = vec4(col, 1.0);
}`;

/** Annotation ids packed as RGBA bytes (uint32 little-endian); id 0 = outside the brain. */
export const ANNOT_FRAG = `
precision mediump float;
varying vec2 vUv;
uniform sampler2D uIds;
uniform vec2 uSize;
uniform vec2 uCellPx;
uniform float uHalfWidthPx;
uniform vec3 uLine;
uniform vec3 uInside;
uniform vec3 uOutside;
vec4 idAt(vec2 c) {
  c = clamp(c, vec2(0.0), uSize - 1.0);
  return texture2D(uIds, (c + 0.5) / uSize);
}
bool differs(vec4 a, vec4 b) {
  vec4 d = abs(a - b);
  return max(max(d.x, d.y), max(d.z, d.w)) > 0.001;
}
void main() {
  vec2 p = vUv * uSize;
  vec2 c = floor(p);
  vec2 f = p - c;
  vec4 me = idAt(c);
  vec2 lo = f * uCellPx;
  vec2 hi = (1.0 - f) * uCellPx;
  bool edge = (lo.x < uHalfWidthPx && differs(me, idAt(c + vec2(-1.0, 0.0))))
    || (hi.x < uHalfWidthPx && differs(me, idAt(c + vec2(1.0, 0.0))))
    || (lo.y < uHalfWidthPx && differs(me, idAt(c + vec2(0.0, -1.0))))
    || (hi.y < uHalfWidthPx && differs(me, idAt(c + vec2(0.0, 1.0))));
  bool brain = max(max(me.x, me.y), max(me.z, me.w)) > 0.001;
  gl_FragColor = vec4(edge ? uLine : (brain ? uInside : uOutside), 1.0);
}`;

export const TARGET_FRAG = `
precision mediump float;
varying vec2 vUv;
uniform vec3 uColor;
uniform float uFillAlpha;
uniform float uLineAlpha;
${MASK_EDGE_GLSL}
void main() {
  if (cellIn(floor(vUv * uMaskSize)) < 0.5) discard;
  gl_FragColor = vec4(uColor, mix(uFillAlpha, uLineAlpha, maskEdge(vUv)));
}`;

export const SOURCE_FRAG = `
precision mediump float;
varying vec2 vUv;
uniform sampler2D uAlpha;
uniform vec3 uColor;
uniform float uOpacity;
void main() {
  float a = clamp(texture2D(uAlpha, vUv).r, 0.0, 1.0) * uOpacity;
  if (a <= 0.0) discard;
  gl_FragColor = vec4(uColor, a);
}`;

/** Dots: aPos = (dv, ml) µm; aSize = marker diameter in CSS px (outline included). */
export const POINT_VERT = `
precision highp float;
attribute vec2 aPos;
attribute float aSize;
attribute vec3 aColor;
uniform vec2 uScale;
uniform vec2 uOffset;
uniform mediump float uDpr;
uniform float uMaxPointSize;
varying vec3 vColor;
varying float vSize;
varying float vRadius;
void main() {
  gl_Position = vec4(vec2(aPos.y, aPos.x) * uScale + uOffset, 0.0, 1.0);
  float d = max(aSize, 0.0) * uDpr;
  float s = min(d + 2.0, uMaxPointSize);
  gl_PointSize = s;
  vSize = s;
  vRadius = min(d, s - 2.0) * 0.5;
  vColor = aColor;
}`;

export const POINT_FRAG = `
precision mediump float;
varying vec3 vColor;
varying float vSize;
varying float vRadius;
uniform float uOutlinePx;
uniform mediump float uDpr;
uniform float uAlpha;
void main() {
  float d = length(gl_PointCoord - 0.5) * vSize;
  float aa = 1.0 - smoothstep(vRadius - 0.5, vRadius + 0.5, d);
  if (aa <= 0.0) discard;
  vec3 c = d > vRadius - uOutlinePx * uDpr ? vec3(0.0) : vColor;
  gl_FragColor = vec4(c, uAlpha * aa);
}`;
