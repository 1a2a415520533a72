// Shaders of the projectome renderer (GLSL ES 1.00). See shaders.ts for the quad convention.
// Every raster lives in a texture atlas page (tile-atlas.ts): a tile's cell c (column, row) is
// sampled at (uTile + c + 0.5) / uAtlas with NEAREST filtering. Atlas coordinates run to a few
// thousand texels, so fragment shaders ask for highp (the renderer keeps pages ≤ 1024 texels
// where the device has only mediump).

const PRECISION = `
#ifdef GL_FRAGMENT_PRECISION_HIGH
precision highp float;
#else
precision mediump float;
#endif`;

/**
 * Annotation ids packed as RGBA bytes (uint32 little-endian); id 0 = outside the brain. vUv runs
 * over the section tile (0…1); lines of uHalfWidthPx device px are drawn on every cell side
 * whose two cells differ.
 */
export const ANNOT_FRAG = `${PRECISION}
varying vec2 vUv;
uniform sampler2D uIds;
uniform vec2 uSize;
uniform vec2 uTile;
uniform vec2 uAtlas;
uniform vec2 uCellPx;
uniform float uHalfWidthPx;
uniform vec3 uLine;
uniform vec3 uInside;
uniform vec3 uOutside;
vec4 idAt(vec2 c) {
  c = clamp(c, vec2(0.0), uSize - 1.0);
  return texture2D(uIds, (uTile + c + 0.5) / uAtlas);
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

/** Target cells (mask byte ≠ 0) filled, with an outline of uLineWidthPx device px inside them. */
export const TARGET_FRAG = `${PRECISION}
varying vec2 vUv;
uniform sampler2D uMask;
uniform vec2 uMaskSize;
uniform vec2 uTile;
uniform vec2 uAtlas;
uniform vec2 uCellPx;
uniform float uLineWidthPx;
uniform vec3 uColor;
uniform float uFillAlpha;
uniform float uLineAlpha;
float cellIn(vec2 c) {
  if (c.x < 0.0 || c.y < 0.0 || c.x >= uMaskSize.x || c.y >= uMaskSize.y) return 0.0;
  return texture2D(uMask, (uTile + c + 0.5) / uAtlas).r > 0.001 ? 1.0 : 0.0;
}
void main() {
  vec2 p = vUv * uMaskSize;
  vec2 c = floor(p);
  vec2 f = p - c;
  if (cellIn(c) < 0.5) discard;
  vec2 lo = f * uCellPx;
  vec2 hi = (1.0 - f) * uCellPx;
  float e = 0.0;
  if (lo.x < uLineWidthPx && cellIn(c + vec2(-1.0, 0.0)) < 0.5) e = 1.0;
  if (hi.x < uLineWidthPx && cellIn(c + vec2(1.0, 0.0)) < 0.5) e = 1.0;
  if (lo.y < uLineWidthPx && cellIn(c + vec2(0.0, -1.0)) < 0.5) e = 1.0;
  if (hi.y < uLineWidthPx && cellIn(c + vec2(0.0, 1.0)) < 0.5) e = 1.0;
  gl_FragColor = vec4(uColor, mix(uFillAlpha, uLineAlpha, e));
}`;

/**
 * Up to `slots` sources composited in one pass, in draw order: opacity a = clamp(value · uGain,
 * 0, 1) · slot opacity, each slot "over" the ones before it. Output is premultiplied (blend ONE,
 * ONE_MINUS_SRC_ALPHA), which equals drawing the slots one after another with straight-alpha
 * "over". vUv is in cells of the crop (not normalised); uSlotTile[i].xy is the tile origin of
 * the i-th source drawn, uSlotColor[i] its colour and opacity.
 */
export function compositeFrag(slots: number): string {
  return `${PRECISION}
#define SLOTS ${slots}
varying vec2 vUv;
uniform sampler2D uValues;
uniform vec2 uAtlas;
uniform vec2 uCrop;
uniform vec4 uSlotTile[SLOTS];
uniform vec4 uSlotColor[SLOTS];
uniform float uCount;
uniform float uGain;
void main() {
  vec2 c = clamp(floor(vUv), vec2(0.0), uCrop - 1.0) + 0.5;
  vec4 acc = vec4(0.0);
  for (int i = 0; i < SLOTS; i++) {
    if (float(i) >= uCount) break;
    float v = texture2D(uValues, (uSlotTile[i].xy + c) / uAtlas).r;
    float a = clamp(v * uGain, 0.0, 1.0) * uSlotColor[i].a;
    acc = vec4(uSlotColor[i].rgb * a, a) + acc * (1.0 - a);
  }
  if (acc.a <= 0.0) discard;
  gl_FragColor = acc;
}`;
}

/** Most sources the dots' colour table holds (PROJECTOME_LIMITS.maxSources). */
export const MAX_DOT_SOURCES = 32;

/**
 * Dots: aPos = (dv, ml) µm; aSize = marker diameter in CSS px (outline included); aSource = the
 * source index: its colour is uSourceColor[aSource].rgb, hidden when .a = 0.
 */
export const POINT_VERT = `
precision highp float;
attribute vec2 aPos;
attribute float aSize;
attribute float aSource;
uniform vec2 uScale;
uniform vec2 uOffset;
uniform mediump float uDpr;
uniform float uMaxPointSize;
uniform vec4 uSourceColor[${MAX_DOT_SOURCES}];
varying vec3 vColor;
varying float vSize;
varying float vRadius;
void main() {
  vec4 col = uSourceColor[int(aSource + 0.5)];
  gl_Position = col.a > 0.0 ? vec4(vec2(aPos.y, aPos.x) * uScale + uOffset, 0.0, 1.0) : vec4(2.0, 2.0, 2.0, 1.0);
  float d = max(aSize, 0.0) * uDpr;
  float s = min(d + 2.0, uMaxPointSize);
  gl_PointSize = col.a > 0.0 ? s : 1.0;
  vSize = s;
  vRadius = min(d, s - 2.0) * 0.5;
  vColor = col.rgb;
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
