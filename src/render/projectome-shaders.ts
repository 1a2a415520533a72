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
 * The atlas section and the target in one pass, one texture fetch per fragment: the cell's codes
 * (SectionStack.cellCodes, LUMINANCE_ALPHA: L = section byte, A = target byte) say whether the
 * cell is inside the brain, on which sides a boundary runs and whether it is in the target and on
 * which sides the target ends. Boundary lines of uHalfWidthPx device px on each side of a cell
 * side whose labels differ; the target filled (uFillAlpha) with an outline of uLineWidthPx inside
 * it (uLineAlpha), "over" the section. vUv runs over the section tile (0…1).
 * Branch-free arithmetic: bit k of a byte is floor(byte / 2^k) mod 2, all four side bits of both
 * bytes at once, and every choice a mix with a 0/1 weight (exact). In software WebGL this pass is
 * the largest part of what a slider step draws, and its cost is the fragments' arithmetic: this
 * form drew the same pixels as per-bit tests joined by && / || (which the shader compiler turns
 * into branches) and lowered key → frame drawn by p50 ~1.5 / p95 ~4 ms in 5 interleaved rounds of
 * 60 steps (8 sources, 1280×800, 7 December); two pairs of the bench's slider runs could not tell
 * them apart.
 */
export const SECTION_FRAG = `${PRECISION}
varying vec2 vUv;
uniform sampler2D uCodes;
uniform vec2 uSize;
uniform vec2 uTile;
uniform vec2 uAtlas;
uniform vec2 uCellPx;
uniform float uHalfWidthPx;
uniform vec3 uLine;
uniform vec3 uInside;
uniform vec3 uOutside;
uniform float uLineWidthPx;
uniform vec3 uColor;
uniform float uFillAlpha;
uniform float uLineAlpha;
void main() {
  vec2 p = vUv * uSize;
  vec2 c = clamp(floor(p), vec2(0.0), uSize - 1.0);
  vec2 f = p - c;
  vec4 t = texture2D(uCodes, (uTile + c + 0.5) / uAtlas);
  // x = section byte, y = target byte (0…255)
  vec2 code = floor(vec2(t.r, t.a) * 255.0 + 0.5);
  // floor(byte / 2), / 4, / 8, / 16; their parities are bits 1–4 (the sides: left, right, upper, lower)
  vec4 k = vec4(0.5, 0.25, 0.125, 0.0625);
  vec4 sq = floor(code.x * k);
  vec4 gq = floor(code.y * k);
  vec4 sides = sq - 2.0 * floor(sq * 0.5);
  vec4 targetSides = gq - 2.0 * floor(gq * 0.5);
  // distance in device px from the fragment to the cell's four sides, in the bits' order
  vec4 dist = vec4(f.x * uCellPx.x, (1.0 - f.x) * uCellPx.x, f.y * uCellPx.y, (1.0 - f.y) * uCellPx.y);
  float edge = min(dot(sides, vec4(lessThan(dist, vec4(uHalfWidthPx)))), 1.0);
  float outline = min(dot(targetSides, vec4(lessThan(dist, vec4(uLineWidthPx)))), 1.0);
  // bit 0: inside the brain (section byte), in the target (target byte)
  vec3 color = mix(mix(uOutside, uInside, code.x - 2.0 * sq.x), uLine, edge);
  float alpha = (code.y - 2.0 * gq.x) * mix(uFillAlpha, uLineAlpha, outline);
  gl_FragColor = vec4(mix(color, uColor, alpha), 1.0);
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

/**
 * The composited sources at screen size: one texel per 100 µm cell of the crop (premultiplied
 * RGBA, composited at cell resolution by compositeFrag into the lower-left uCrop texels of a
 * framebuffer of uCellsSize texels), so a screen fragment costs one texture fetch however many
 * sources are drawn. vUv is in cells of the crop.
 */
export const CELLS_FRAG = `${PRECISION}
varying vec2 vUv;
uniform sampler2D uCells;
uniform vec2 uCrop;
uniform vec2 uCellsSize;
void main() {
  vec4 c = texture2D(uCells, (clamp(floor(vUv), vec2(0.0), uCrop - 1.0) + 0.5) / uCellsSize);
  if (c.a <= 0.0) discard;
  gl_FragColor = c;
}`;

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
